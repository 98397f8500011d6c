// The workload estimate shown beside the desired-retention setting: the learner's own cards, each
// from its current FSRS state, simulated forward day by day for the next 30 days with the
// learner's parameters at a candidate retention. At each due review the card is recalled with the
// probability FSRS predicts for it (seeded, so the same cards give the same estimate), rated good
// when recalled and again when not, and rescheduled as the real review would. Cards the learner
// adds later are not counted: the estimate is for the cards they have now.
import { Rating, type Card, type CardInput } from 'ts-fsrs';
import { schedulerFor, type Scheduling, type StoredCard } from './scheduler.ts';

export const WORKLOAD_DAYS = 30;
const DAY_MS = 86_400_000;
/** A card is never reviewed more often than this in the window (learning steps included). */
const MAX_REVIEWS_PER_CARD = 200;
/**
 * A larger deck is estimated from a random sample of this many cards, scaled up (the estimate runs
 * in the request: about 0.1 s for this many on a 2-core machine).
 */
const MAX_SIMULATED_CARDS = 4000;

/** A small seeded generator (mulberry32). */
export function seeded(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Workload {
  /** Mean reviews a day over the window. */
  cardsPerDay: number;
  /** Expected reviews on each day of the window (day 0 = today, overdue cards included). */
  perDay: number[];
  /** Expected reviews over the window. */
  total: number;
}

export function estimateWorkload(
  all: readonly StoredCard[],
  scheduling: Scheduling,
  now: Date,
  days = WORKLOAD_DAYS,
): Workload {
  const f = schedulerFor(scheduling);
  // A seeded random sample (not every k-th card: the deck's order may follow a pattern).
  const pick = seeded(104_729);
  const keep = MAX_SIMULATED_CARDS / all.length;
  const cards = keep < 1 ? all.filter(() => pick() < keep) : all;
  const scale = cards.length ? all.length / cards.length : 1;
  const start = now.getTime();
  const end = start + days * DAY_MS;
  const perDay = new Array<number>(days).fill(0);
  // Fewer cards → more runs averaged, so a small deck's estimate is not one coin toss.
  const runs = cards.length ? Math.min(20, Math.max(1, Math.ceil(2000 / cards.length))) : 1;
  for (let run = 0; run < runs; run++) {
    const rnd = seeded(7919 * (run + 1));
    for (const stored of cards) {
      let card = stored as unknown as CardInput | Card;
      let at = Math.max(start, Date.parse(String(stored.due)));
      for (let n = 0; at < end && n < MAX_REVIEWS_PER_CARD; n++) {
        const when = new Date(at);
        const day = Math.floor((at - start) / DAY_MS);
        perDay[day] = (perDay[day] ?? 0) + scale / runs;
        const isNew = Number((card as { state?: unknown }).state ?? 0) === 0;
        const recall = isNew ? 1 : f.get_retrievability(card, when, false);
        const next = f.next(card, when, rnd() < recall ? Rating.Good : Rating.Again).card;
        card = next;
        at = Math.max(next.due.getTime(), at + 60_000);
      }
    }
  }
  const rounded = perDay.map((d) => Math.round(d * 10) / 10);
  const total = perDay.reduce((a, b) => a + b, 0);
  return {
    cardsPerDay: Math.round((total / days) * 10) / 10,
    perDay: rounded,
    total: Math.round(total * 10) / 10,
  };
}
