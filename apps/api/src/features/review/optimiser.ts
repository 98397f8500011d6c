// FSRS parameters fitted to one learner's review log with the FSRS optimiser (fsrs-rs through
// @open-spaced-repetition/binding, a napi prebuilt). Pure: review histories in, weights out.
import {
  computeParameters,
  FSRSBinding,
  FSRSBindingItem,
  FSRSBindingReview,
} from '@open-spaced-repetition/binding';
import type { ReviewRating } from '@chitchat/contracts';
import { DEFAULT_WEIGHTS } from './scheduler.ts';

/**
 * Reviews a learner needs before their weights are fitted. The optimiser's own floor is lower: it
 * leaves every weight at its default below 64 training items (reviews a day or more after an
 * earlier review of the same card; checked with this binding). 400 reviews — a few dozen cards
 * seen several times each — is a margin above that floor so that one small deck does not decide
 * the schedule; it is a judgement, not a tuned value. A fit is kept only when it predicts the
 * learner's own reviews better than the defaults (optimise-job.ts).
 */
export const MIN_REVIEWS = 400;

/**
 * Training reviews at which a learner's fit weighs as much as the defaults. A fit from a few
 * hundred two-grade answers is noisy — the first interval, say, is read from yes/no outcomes at
 * ~90 % recall, a few hundred of which pin it no closer than ±25 % — so it is blended with the
 * defaults (the median learner of FSRS's benchmark) in proportion to the evidence, n / (n + this):
 * the usual shrinkage of an estimate towards its population mean. In bench/learning.ts (simulated
 * learners spread around the defaults) the unblended fits predicted recall worse than the
 * defaults; blended, better (the report's optimiser table). 1,000 is a round figure between the
 * 800 and 2,000 tried there, not a tuned optimum.
 */
export const PRIOR_ITEMS = 1000;

const GRADE: Record<ReviewRating, number> = { again: 1, hard: 2, good: 3, easy: 4 };

/** One review as the optimiser sees it: the rating and whole days since the card's previous review. */
export interface HistoryReview {
  rating: ReviewRating;
  deltaDays: number;
}

/**
 * Every review a day or more after the card's previous one becomes a training item: the card's
 * history up to it (same-day learning steps stay in the history, never the target). fsrs-rs
 * learns long-term memory from those targets only, and the binding (0.5.0) refuses the others in
 * its own ways: `evaluate` fails (InvalidInput) on an item whose last review is same-day, and
 * `computeParameters` answers an item without any review a day apart with a Rust panic that
 * aborts the whole process, not an error.
 */
export function trainingItems(histories: readonly HistoryReview[][]): FSRSBindingItem[] {
  const items: FSRSBindingItem[] = [];
  for (const h of histories) {
    const days = h.map((r, i) => (i === 0 ? 0 : Math.max(0, Math.round(r.deltaDays))));
    const reviews = h.map((r, i) => new FSRSBindingReview(GRADE[r.rating], days[i] ?? 0));
    days.forEach((d, i) => {
      if (i > 0 && d > 0) items.push(new FSRSBindingItem(reviews.slice(0, i + 1)));
    });
  }
  return items;
}

export interface Fit {
  /** The weights to schedule with: the optimiser's, blended with the defaults by the evidence. */
  weights: number[];
  /** The optimiser's own fit, before the blend (for the benchmark's comparison). */
  unblended: number[];
  /** Log loss of the fitted and of the default weights on the same reviews (lower is better). */
  logLoss: number;
  defaultLogLoss: number;
  items: number;
}

/**
 * Fits FSRS-6 weights to the histories, blended with the defaults by the evidence (PRIOR_ITEMS).
 * Null when the optimiser has too little to train on or returns something unusable; a fit that predicts the learner's reviews worse than the defaults
 * is reported as such (the caller keeps the defaults).
 */
export async function fitWeights(
  histories: readonly HistoryReview[][],
  opts: { timeoutMs?: number } = {},
): Promise<Fit | null> {
  const items = trainingItems(histories);
  if (items.length < 64) return null;
  // The binding's own `timeout` option is not used: with it, computeParameters intermittently
  // never settles (seen with 0.5.0 here, 3 of 3 runs within a few fits; none in 120 without it).
  // The native work cannot be cancelled, so the watchdog only stops the job from waiting forever.
  let timer: NodeJS.Timeout | undefined;
  const fitted = await Promise.race([
    computeParameters(items, { enableShortTerm: true, numRelearningSteps: 1 }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the FSRS optimiser did not finish in time')),
        opts.timeoutMs ?? 120_000,
      );
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
  if (fitted.length !== DEFAULT_WEIGHTS.length || !fitted.every(Number.isFinite)) return null;
  // Linear, so the blend stays inside the optimiser's bounds (both ends are).
  const evidence = items.length / (items.length + PRIOR_ITEMS);
  const weights = fitted.map((w, i) => {
    const d = DEFAULT_WEIGHTS[i] ?? w;
    return d + evidence * (w - d);
  });
  let logLoss: number, defaultLogLoss: number;
  try {
    logLoss = new FSRSBinding(weights).evaluate(items).logLoss;
    defaultLogLoss = new FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(items).logLoss;
  } catch {
    return null; // too little to evaluate on (NotEnoughData): nothing to compare the fit with
  }
  return { weights, unblended: fitted, logLoss, defaultLogLoss, items: items.length };
}

/** Whole days between two YYYY-MM-DD dates. */
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** Review-log rows (any order) → one chronological history per card, days from the learner's dates. */
export function historiesFromLogs(
  rows: readonly { card_id: string; rating: ReviewRating; local_date: string; reviewed_at: Date }[],
): HistoryReview[][] {
  const byCard = new Map<string, typeof rows extends readonly (infer R)[] ? R[] : never>();
  for (const r of rows) {
    const list = byCard.get(r.card_id) ?? [];
    list.push(r);
    byCard.set(r.card_id, list);
  }
  return [...byCard.values()].map((list) => {
    list.sort((a, b) => a.reviewed_at.getTime() - b.reviewed_at.getTime());
    return list.map((r, i) => {
      const previous = list[i - 1];
      return {
        rating: r.rating,
        deltaDays: previous ? dayNumber(r.local_date) - dayNumber(previous.local_date) : 0,
      };
    });
  });
}
