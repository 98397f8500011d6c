// The workload estimate: the learner's cards simulated forward with FSRS at a chosen retention.
import { describe, expect, it } from 'vitest';
import { createEmptyCard, State } from 'ts-fsrs';
import { DEFAULT_SCHEDULING, DEFAULT_WEIGHTS, newCard, rate, type StoredCard } from './scheduler.ts';
import { estimateWorkload } from './workload.ts';

const NOW = new Date('2026-05-01T09:00:00Z');
const DAY = 86_400_000;

/** A card in review, last seen `ago` days before NOW, with this stability. */
function reviewCard(stability: number, ago: number): StoredCard {
  const last = new Date(NOW.getTime() - ago * DAY);
  return {
    ...createEmptyCard(last),
    state: State.Review,
    stability,
    difficulty: 5,
    reps: 3,
    last_review: last.toISOString(),
    due: new Date(last.getTime() + Math.round(stability) * DAY).toISOString(),
    scheduled_days: Math.round(stability),
  };
}

describe('workload estimate', () => {
  it('is zero with no cards, and counts each card once on the day it falls due', () => {
    expect(estimateWorkload([], DEFAULT_SCHEDULING, NOW)).toMatchObject({ cardsPerDay: 0, total: 0 });
    // Due in 20 days with stability 20: reviewed on day 20; recalled (90 %), its next review is
    // weeks later, outside the window; forgotten, it comes back within days.
    const card = reviewCard(20, 0);
    const w = estimateWorkload([card], DEFAULT_SCHEDULING, NOW);
    expect(w.perDay).toHaveLength(30);
    expect(w.perDay.findIndex((d) => d > 0)).toBe(20);
    expect(w.perDay[20]).toBeGreaterThanOrEqual(1);
    expect(w.total).toBeGreaterThanOrEqual(1);
    expect(w.total).toBeLessThan(2.5);
  });

  it('counts overdue cards today and new cards with their learning steps', () => {
    const overdue = reviewCard(3, 10);
    const w = estimateWorkload([overdue, newCard(NOW).fsrs], DEFAULT_SCHEDULING, NOW);
    expect(w.perDay[0]).toBeGreaterThanOrEqual(2);
    expect(w.total).toBeGreaterThanOrEqual(4);
  });

  it('costs more reviews at a higher desired retention, and is the same estimate every time', () => {
    const cards = Array.from({ length: 200 }, (_, i) => reviewCard(2 + (i % 30), i % 7));
    const at = (retention: number) => estimateWorkload(cards, { retention, weights: null }, NOW);
    const low = at(0.8);
    const mid = at(0.9);
    const high = at(0.97);
    expect(low.cardsPerDay).toBeLessThan(mid.cardsPerDay);
    expect(mid.cardsPerDay).toBeLessThan(high.cardsPerDay);
    expect(at(0.9)).toEqual(mid);
    expect(mid.cardsPerDay).toBeCloseTo(mid.total / 30, 0);
  });

  it('uses the learner’s weights: a learner who remembers longer reviews less', () => {
    const cards = Array.from({ length: 100 }, () => rate(newCard(NOW).fsrs, 'good', NOW).fsrs);
    const strong = [...DEFAULT_WEIGHTS];
    strong[2] = 20; // initial stability after "good": 20 days instead of 2.3
    strong[8] = 2.5; // and it grows faster on each recall
    const defaults = estimateWorkload(cards, DEFAULT_SCHEDULING, NOW);
    const personal = estimateWorkload(cards, { retention: 0.9, weights: strong }, NOW);
    expect(personal.total).toBeLessThan(defaults.total);
  });

  it('estimates a large deck from a sample, close to simulating every card', () => {
    const deck = (n: number) => Array.from({ length: n }, (_, i) => reviewCard(2 + (i % 30), i % 7));
    const small = estimateWorkload(deck(3000), DEFAULT_SCHEDULING, NOW);
    const large = estimateWorkload(deck(12_000), DEFAULT_SCHEDULING, NOW); // sampled
    expect(large.cardsPerDay / small.cardsPerDay).toBeGreaterThan(3.8);
    expect(large.cardsPerDay / small.cardsPerDay).toBeLessThan(4.2);
  });
});
