// The optimiser wiring: review histories → training items → fsrs-rs → weights. Generated logs of
// learners whose memory is known must move the fitted weights the known way.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from './scheduler.ts';
import { fitWeights, historiesFromLogs, trainingItems, type HistoryReview } from './optimiser.ts';
import { seeded } from './workload.ts';

const DECAY = DEFAULT_WEIGHTS[20]!;
const FACTOR = 0.9 ** (-1 / DECAY) - 1;
const recall = (days: number, stability: number) => (1 + (FACTOR * days) / stability) ** -DECAY;

/** Cards first seen (rated good), then tested once 1–12 days later by a learner of this stability. */
function histories(trueStability: number, cards = 600): HistoryReview[][] {
  const rnd = seeded(42);
  return Array.from({ length: cards }, (_, i) => {
    const days = 1 + (i % 12);
    return [
      { rating: 'good' as const, deltaDays: 0 },
      {
        rating: rnd() < recall(days, trueStability) ? ('good' as const) : ('again' as const),
        deltaDays: days,
      },
    ];
  });
}

describe('FSRS optimiser wiring', () => {
  it('turns every review after a card’s first into a training item (its history so far)', () => {
    const items = trainingItems([
      [
        { rating: 'good', deltaDays: 0 },
        { rating: 'again', deltaDays: 2 },
        { rating: 'good', deltaDays: 1 },
      ],
      [{ rating: 'easy', deltaDays: 0 }],
      // Same-day learning steps, then a day later: only the history that spans a day is an item.
      [
        { rating: 'again', deltaDays: 0 },
        { rating: 'good', deltaDays: 0 },
        { rating: 'good', deltaDays: 1 },
      ],
    ]);
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaT]))).toEqual([
      [
        [3, 0],
        [1, 2],
      ],
      [
        [3, 0],
        [1, 2],
        [3, 1],
      ],
      [
        [1, 0],
        [3, 0],
        [3, 1],
      ],
    ]);
  });

  it('fits a log full of same-day-only cards without bringing the process down', async () => {
    // The binding aborts the process on an item without a review a day or more after the first.
    const sameDay: HistoryReview[][] = Array.from({ length: 200 }, () => [
      { rating: 'again', deltaDays: 0 },
      { rating: 'good', deltaDays: 0 },
    ]);
    expect(await fitWeights(sameDay)).toBeNull();
    const fit = await fitWeights([...sameDay, ...histories(DEFAULT_WEIGHTS[2]!, 200)]);
    expect(fit?.weights).toHaveLength(21);
  });

  it('derives days between reviews from the learner’s local dates, per card, in review order', () => {
    const at = (s: string) => new Date(s);
    const h = historiesFromLogs([
      { card_id: 'b', rating: 'good', local_date: '2026-03-01', reviewed_at: at('2026-03-01T10:00Z') },
      { card_id: 'a', rating: 'hard', local_date: '2026-03-05', reviewed_at: at('2026-03-05T08:00Z') },
      { card_id: 'a', rating: 'good', local_date: '2026-03-01', reviewed_at: at('2026-03-01T09:00Z') },
      { card_id: 'a', rating: 'again', local_date: '2026-03-01', reviewed_at: at('2026-03-01T09:10Z') },
    ]);
    expect(h).toEqual([
      [{ rating: 'good', deltaDays: 0 }],
      [
        { rating: 'good', deltaDays: 0 },
        { rating: 'again', deltaDays: 0 },
        { rating: 'hard', deltaDays: 4 },
      ],
    ]);
  });

  it('returns nothing to use from too few reviews', async () => {
    expect(await fitWeights(histories(2, 30))).toBeNull();
  });

  it('fits a learner who forgets fast below the defaults, and one who remembers long above them', async () => {
    const defaultGood = DEFAULT_WEIGHTS[2]!; // initial stability after "good", in days
    const forgetful = await fitWeights(histories(defaultGood / 4, 3000));
    const retentive = await fitWeights(histories(defaultGood * 4, 3000));
    expect(forgetful && retentive).toBeTruthy();
    expect(forgetful!.weights).toHaveLength(21);
    expect(forgetful!.weights[2]).toBeLessThan(defaultGood * 0.6);
    expect(retentive!.weights[2]).toBeGreaterThan(defaultGood * 1.5);
    // And the fits predict these learners' reviews better than the defaults do.
    expect(forgetful!.logLoss).toBeLessThan(forgetful!.defaultLogLoss);
    expect(retentive!.logLoss).toBeLessThan(retentive!.defaultLogLoss);
  }, 60_000);

  it('moves from the defaults as far as the evidence carries it: fewer reviews, nearer the defaults', async () => {
    const defaultGood = DEFAULT_WEIGHTS[2]!;
    const few = await fitWeights(histories(defaultGood / 4, 300));
    const many = await fitWeights(histories(defaultGood / 4, 3000));
    expect(few && many).toBeTruthy();
    // 300 reviews weigh 300 / 1,300 against the defaults, 3,000 weigh 3,000 / 4,000.
    expect(few!.weights[2]).toBeLessThan(defaultGood);
    expect(few!.weights[2]).toBeGreaterThan(many!.weights[2]! * 1.5);
  }, 60_000);
});
