// Learning effectiveness, simulated (no model, no database): learners with a known forgetting model
// study cards for 60 days under ChitChat's scheduler (the real review/scheduler.ts: FSRS through
// ts-fsrs, 90 % target retention) and under two classic schedules — fixed intervals (1, 3, 7, 14,
// 30 days) and Leitner boxes (1, 2, 4, 8, 16, 32 days). Compared: the reviews each spends and the
// retention it reaches (the learners' true recall probability of every card on day 60).
//
// The learners' memory is FSRS-6's own model with each learner's parameters drawn around the
// published defaults (so the scheduler's defaults are close to, not equal to, the truth): recall
// at a review succeeds with the true retrievability; success grows the true stability by FSRS's
// spacing rule (more when reviewed nearer forgetting), a lapse shrinks it.
//
//   npm run bench:learning     (also part of npm run bench)
import { default_w } from 'ts-fsrs';
import { rate, newCard, type StoredCard } from '../apps/api/src/features/review/scheduler.ts';
import { fmt, log, newResult, ratio, saveResult } from './lib/common.ts';
import { renderReport } from './lib/report.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 40);
const DAYS = 60;
const NEW_PER_DAY = 10;
const INTRODUCE_DAYS = 30;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1, 9);

/** A small seeded generator: the same learners in every run and for every schedule. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gaussian = (rnd: () => number) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

/** One learner's true memory (FSRS-6 formulas with this learner's parameters). */
class Memory {
  private readonly decay: number;
  private readonly factor: number;
  constructor(readonly w: number[]) {
    this.decay = -w[20]!;
    this.factor = 0.9 ** (1 / this.decay) - 1;
  }
  retrievability(elapsedDays: number, stability: number) {
    return (1 + (this.factor * elapsedDays) / stability) ** this.decay;
  }
  initial(): { s: number; d: number } {
    const w = this.w;
    return { s: w[2]!, d: Math.min(10, Math.max(1, w[4]! - Math.exp(w[5]! * 2) + 1)) };
  }
  /** The card's true stability and difficulty after a review `elapsedDays` after the last one. */
  review(card: { s: number; d: number }, elapsedDays: number, recalled: boolean) {
    const w = this.w;
    const r = this.retrievability(elapsedDays, card.s);
    if (elapsedDays < 0.5) return card; // same-day steps: too soon to change long-term memory
    const grade = recalled ? 3 : 1;
    const d = Math.min(10, Math.max(1, card.d - (w[6]! * (grade - 3) * (10 - card.d)) / 9));
    const s = recalled
      ? card.s * (1 + Math.exp(w[8]!) * (11 - card.d) * card.s ** -w[9]! * (Math.exp(w[10]! * (1 - r)) - 1))
      : Math.min(
          card.s,
          w[11]! * card.d ** -w[12]! * ((card.s + 1) ** w[13]! - 1) * Math.exp(w[14]! * (1 - r)),
        );
    return { s: Math.max(0.1, s), d };
  }
}

interface Outcome {
  reviews: number;
  retention: number;
}

/** When a schedule next shows a card, given how the last review went. */
type Schedule = {
  name: string;
  start(at: number): unknown;
  next(state: unknown, recalled: boolean, at: number): { state: unknown; due: number };
};

const chitchat: Schedule = {
  name: 'ChitChat (FSRS, default parameters, 90 %)',
  start: (at) => ({ card: rate(newCard(new Date(at)).fsrs, 'good', new Date(at)) }),
  next(state, recalled, at) {
    const r = rate(
      (state as { card: { fsrs: StoredCard } }).card.fsrs,
      recalled ? 'good' : 'again',
      new Date(at),
    );
    return { state: { card: r }, due: r.due.getTime() };
  },
};
// The first study schedules the card too (FSRS's learning step).
const firstDue = (s: Schedule, state: unknown, at: number) =>
  s === chitchat ? (state as { card: { due: Date } }).card.due.getTime() : at + DAY_MS;

function ladder(name: string, intervals: number[]): Schedule {
  return {
    name,
    start: () => ({ step: 0 }),
    next(state, recalled, at) {
      const step = recalled ? Math.min((state as { step: number }).step + 1, intervals.length - 1) : 0;
      return { state: { step }, due: at + intervals[step]! * DAY_MS };
    },
  };
}
// Index 0 is the interval after the first study and after a lapse.
const fixed = ladder('Fixed intervals (1, 3, 7, 14, 30 days)', [1, 3, 7, 14, 30]);
const leitner = ladder('Leitner boxes (1, 2, 4, 8, 16, 32 days)', [1, 2, 4, 8, 16, 32]);

/** Reviews are done at the first 09:00 at or after the card is due (same-day steps at their time). */
const reviewTime = (due: number) => {
  const day = Math.floor((due - START) / DAY_MS);
  const nine = START + day * DAY_MS;
  return due <= nine ? nine : due - nine < DAY_MS / 2 ? due : nine + DAY_MS;
};

function simulate(schedule: Schedule, learner: Memory, rnd: () => number): Outcome {
  const end = START + DAYS * DAY_MS;
  let reviews = 0;
  let retained = 0;
  let cards = 0;
  for (let day = 0; day < INTRODUCE_DAYS; day++) {
    for (let i = 0; i < NEW_PER_DAY; i++) {
      const introduced = START + day * DAY_MS;
      let truth = learner.initial();
      let last = introduced;
      let state = schedule.start(introduced);
      let at = reviewTime(firstDue(schedule, state, introduced));
      reviews += 1; // the first study
      while (at < end) {
        const recalled = rnd() < learner.retrievability((at - last) / DAY_MS, truth.s);
        truth = learner.review(truth, (at - last) / DAY_MS, recalled);
        const next = schedule.next(state, recalled, at);
        reviews += 1;
        state = next.state;
        last = at;
        at = reviewTime(Math.max(next.due, at + 60_000));
      }
      retained += learner.retrievability((end - last) / DAY_MS, truth.s);
      cards += 1;
    }
  }
  return { reviews, retention: retained / cards };
}

export async function runLearning() {
  const result = newResult('learning', 'Learning effectiveness: simulated learners, 60 days');
  const schedules = [chitchat, fixed, leitner];
  const totals = new Map(schedules.map((s) => [s.name, { reviews: 0, retention: 0 }]));
  for (let l = 0; l < LEARNERS; l++) {
    const draw = mulberry32(1000 + l);
    // This learner's true parameters: the defaults, each scaled by a log-normal factor (σ 0.2).
    const w = [...default_w].map((v, i) => (i === 20 ? v : v * Math.exp(0.2 * gaussian(draw))));
    const learner = new Memory(w);
    for (const s of schedules) {
      const o = simulate(s, learner, mulberry32(50_000 + l)); // the same luck for every schedule
      const t = totals.get(s.name)!;
      t.reviews += o.reviews / LEARNERS;
      t.retention += o.retention / LEARNERS;
    }
  }
  const cards = NEW_PER_DAY * INTRODUCE_DAYS;
  const rows = schedules.map((s) => {
    const t = totals.get(s.name)!;
    return [
      s.name,
      fmt(t.reviews, 0),
      fmt(t.reviews / DAYS, 1),
      `${fmt(t.retention * 100, 1)} %`,
      fmt((t.retention * cards) / t.reviews, 3),
    ];
  });
  result.tables.push({
    title: 'Per learner (mean over learners)',
    columns: [
      'schedule',
      'reviews in 60 days',
      'reviews a day',
      'retention on day 60',
      'cards retained per review',
    ],
    rows,
  });
  const c = totals.get(chitchat.name)!;
  const f = totals.get(fixed.name)!;
  const vsFixed = c.reviews / f.reviews;
  result.targets.push({
    name: 'reviews spent, ChitChat / fixed intervals, at no lower retention',
    target: '≤ 0.70× with retention ≥ fixed’s − 1 point',
    measured: `${ratio(vsFixed)} (retention ${fmt(c.retention * 100, 1)} % vs ${fmt(f.retention * 100, 1)} %)`,
    met: vsFixed <= 0.7 && c.retention >= f.retention - 0.01,
  });
  result.targets.push({
    name: 'optimised FSRS parameters closer to the learners’ true ones than the defaults',
    target: 'closer',
    measured: 'not built yet (no per-learner optimiser)',
    met: null,
  });
  result.settings = {
    learners: LEARNERS,
    cards: `${NEW_PER_DAY} new a day for ${INTRODUCE_DAYS} days (${cards} per learner), reviewed at 09:00 when due`,
    'true memory': 'FSRS-6 formulas; each learner’s 20 parameters = the defaults × exp(0.2·N(0,1))',
    grading:
      'recalled → good, forgotten → again (what the review screen derives from a right or wrong answer)',
  };
  result.notes.push(
    'Weak-spot sessions and per-learner optimised parameters (issue 17) are not built yet; when they are, they join this table.',
    'Same-day learning steps count as reviews (they cost the learner time) but do not change long-term memory.',
  );
  log(rows.map((r) => r.join(' | ')).join('\n'));
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runLearning();
  renderReport();
}
