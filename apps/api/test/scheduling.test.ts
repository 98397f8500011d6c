// Scheduling that learns the learner (issue 17): the desired retention a learner sets (validated,
// and used for every card of theirs), the workload estimate for a retention, and the job that
// fits FSRS weights to their review log and schedules them with it from then on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyCard, State } from 'ts-fsrs';
import { WorkloadEstimate } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { DEFAULT_WEIGHTS } from '../src/features/review/scheduler.ts';
import { OPTIMISE_JOB, optimiseLearner, queueOptimisations } from '../src/features/review/optimise-job.ts';
import { seeded } from '../src/features/review/workload.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const DAY = 86_400_000;

/** A card with the given FSRS state, inserted as generation would have left it. */
async function insertCard(u: TestUser, fsrs: Record<string, unknown>, due: Date) {
  const row = await server.ctx.db.admin
    .insertInto('review_cards')
    .values({
      user_id: u.id,
      source_type: 'session',
      source_id: crypto.randomUUID(),
      question_type: 'short_answer',
      question: 'What do plants make in photosynthesis?',
      answer: 'glucose',
      hints: JSON.stringify(['It is a sugar.']),
      explanation: 'Photosynthesis makes glucose.',
      difficulty: 'easy',
      due,
      fsrs: JSON.stringify(fsrs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A card in review, last seen 10 days ago with stability 10: due now. */
function reviewState(now = Date.now()) {
  const last = new Date(now - 10 * DAY);
  return {
    ...createEmptyCard(last),
    state: State.Review,
    stability: 10,
    difficulty: 5,
    reps: 3,
    scheduled_days: 10,
    last_review: last.toISOString(),
    due: new Date(now - 60_000).toISOString(),
  };
}
const newState = () => ({ ...createEmptyCard(new Date()), due: new Date(Date.now() - 60_000).toISOString() });

async function setRetention(u: TestUser, desiredRetention: unknown) {
  return u.api.patch('/api/v1/profile', { preferences: { desiredRetention } });
}

async function answer(u: TestUser, id: string, rating: string) {
  const res = await u.api.post(`/api/v1/review/cards/${id}/answer`, { rating });
  expect(res.status).toBe(200);
  expect(res.body.practice).toBe(false);
  return res.body as { intervalDays: number; card: { due: string } };
}

describe('desired retention', () => {
  it('is refused outside 0.70–0.97 with a clear 400, and kept when valid', async () => {
    const u = await signUp(server);
    for (const bad of [0.5, 0.69, 0.98, 1, '0.9', null]) {
      const res = await setRetention(u, bad);
      expect(res.status, `desiredRetention ${JSON.stringify(bad)}`).toBe(400);
      expectErrorShape(res.body);
    }
    const low = await setRetention(u, 0.5);
    expect(JSON.stringify(low.body)).toMatch(/at least 0\.70/);
    const ok = await setRetention(u, 0.85);
    expect(ok.status).toBe(200);
    expect(ok.body.preferences.desiredRetention).toBe(0.85);
    expect((await u.api.get('/api/v1/profile')).body.preferences.desiredRetention).toBe(0.85);
  });

  it('sets the next due date of every card: a higher retention brings the review sooner', async () => {
    const learners = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const [strict, usual, relaxed] = learners;
    expect((await setRetention(strict!, 0.97)).status).toBe(200);
    expect((await setRetention(relaxed!, 0.75)).status).toBe(200);
    const intervals: number[] = [];
    for (const u of learners) {
      const id = await insertCard(u, reviewState(), new Date(Date.now() - 60_000));
      const before = Date.now();
      const r = await answer(u, id, 'good');
      // The due date is the interval from now.
      expect(Math.abs(Date.parse(r.card.due) - (before + r.intervalDays * DAY))).toBeLessThan(60_000);
      intervals.push(r.intervalDays);
    }
    const [s, m, l] = intervals;
    expect(s).toBeLessThan(m!);
    expect(m).toBeLessThan(l!);
    // The usual learner gets FSRS's default 90 %: stability 10 days recalled on time → weeks.
    expect(m).toBeGreaterThan(14);
    // The log keeps what the optimiser needs: the state before the review and the days since the last.
    const log = await server.ctx.db.admin
      .selectFrom('review_logs')
      .select(['rating', 'state', 'elapsed_days'])
      .where('user_id', '=', usual!.id)
      .executeTakeFirstOrThrow();
    expect(log).toEqual({ rating: 'good', state: 'review', elapsed_days: 10 });
  });
});

describe('GET /review/workload', () => {
  it('estimates reviews a day from the learner’s cards, more at a higher retention', async () => {
    const u = await signUp(server);
    const empty = WorkloadEstimate.parse((await u.api.get('/api/v1/review/workload')).body);
    expect(empty).toMatchObject({
      retention: 0.9,
      desiredRetention: 0.9,
      cards: 0,
      cardsPerDay: 0,
      days: 30,
    });
    expect(empty.parameters).toMatchObject({
      personalised: false,
      reviews: 0,
      minReviews: 400,
      fittedOn: null,
    });

    const now = Date.now();
    for (let i = 0; i < 40; i++) {
      const state = { ...reviewState(now), stability: 2 + (i % 20) };
      await insertCard(u, state, new Date(now + (i % 10) * DAY));
    }
    const at = async (retention: number) => {
      const res = await u.api.get(`/api/v1/review/workload?retention=${retention}`);
      expect(res.status).toBe(200);
      return WorkloadEstimate.parse(res.body);
    };
    const low = await at(0.75);
    const high = await at(0.95);
    expect(low.cards).toBe(40);
    expect(low.retention).toBe(0.75);
    expect(high.cardsPerDay).toBeGreaterThan(low.cardsPerDay);
    expect(low.cardsPerDay).toBeGreaterThan(0);
    expect(high.perDay).toHaveLength(30);
    // Without a retention, the learner's own setting.
    expect((await setRetention(u, 0.95)).status).toBe(200);
    const own = WorkloadEstimate.parse((await u.api.get('/api/v1/review/workload')).body);
    expect(own).toMatchObject({ retention: 0.95, desiredRetention: 0.95, cardsPerDay: high.cardsPerDay });
  });

  it('refuses a retention outside 0.70–0.97 or not a number', async () => {
    const u = await signUp(server);
    for (const bad of ['0.5', '0.99', 'abc', '']) {
      const res = await u.api.get(`/api/v1/review/workload?retention=${bad}`);
      expect(res.status, `retention=${bad}`).toBe(400);
      expectErrorShape(res.body);
    }
  });
});

describe('the review.optimise job', () => {
  /**
   * A log of `cards` cards, each seen once (good) and tested 1–12 days later by a learner whose
   * memory lasts `stabilityDays` after a first good answer.
   */
  async function seedLog(u: TestUser, cards: number, stabilityDays: number) {
    const decay = DEFAULT_WEIGHTS[20]!;
    const factor = 0.9 ** (-1 / decay) - 1;
    const rnd = seeded(7);
    const start = Date.now() - 60 * DAY;
    for (let i = 0; i < cards; i++) {
      const id = await insertCard(u, newState(), new Date(start));
      const gap = 1 + (i % 12);
      const recalled = rnd() < (1 + (factor * gap) / stabilityDays) ** -decay;
      const first = new Date(start + (i % 30) * DAY);
      const second = new Date(first.getTime() + gap * DAY);
      await server.ctx.db.admin
        .insertInto('review_logs')
        .values(
          [
            { at: first, rating: 'good' as const, state: 'new' as const, elapsed: 0 },
            {
              at: second,
              rating: recalled ? ('good' as const) : ('again' as const),
              state: 'review' as const,
              elapsed: gap,
            },
          ].map((r) => ({
            card_id: id,
            user_id: u.id,
            rating: r.rating,
            correct: r.rating === 'good',
            hints_used: 0,
            due_before: r.at,
            due_after: r.at,
            local_date: r.at.toISOString().slice(0, 10),
            reviewed_at: r.at,
            state: r.state,
            elapsed_days: r.elapsed,
          })),
        )
        .execute();
    }
  }

  it('waits for enough reviews, then fits weights the learner is scheduled with', async () => {
    const few = await signUp(server);
    await seedLog(few, 100, 9);
    expect(await optimiseLearner(server.ctx, few.id)).toBe('too_few_reviews');

    const u = await signUp(server);
    const baseline = await signUp(server);
    await seedLog(u, 300, DEFAULT_WEIGHTS[2]! * 4); // remembers four times longer than FSRS assumes
    expect(await queueOptimisations(server.ctx)).toBeGreaterThanOrEqual(1);
    await server.ctx.jobs.add(OPTIMISE_JOB, { userId: u.id }, { jobId: `optimise-${u.id}` });
    await server.ctx.jobs.idle();

    const stored = await server.ctx.db.admin
      .selectFrom('review_parameters')
      .selectAll()
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(stored.review_count).toBe(600);
    expect(stored.weights).toHaveLength(21);
    expect(Number(stored.log_loss)).toBeLessThan(Number(stored.default_log_loss));
    // A learner who remembers longer: the initial stabilities rise (as far as 300 items carry the fit
    // from the defaults: 300 / 1,300 of the way).
    expect(stored.weights[2]).toBeGreaterThan(DEFAULT_WEIGHTS[2]! * 1.25);
    expect(await optimiseLearner(server.ctx, u.id)).toBe('up_to_date');
    expect(
      await server.ctx.db.admin
        .selectFrom('review_parameters')
        .select('user_id')
        .where('user_id', '=', few.id)
        .executeTakeFirst(),
    ).toBeUndefined();

    const estimate = WorkloadEstimate.parse((await u.api.get('/api/v1/review/workload')).body);
    expect(estimate.parameters).toMatchObject({ personalised: true, reviews: 600, fittedOn: 600 });
    expect(estimate.parameters.optimisedAt).not.toBeNull();

    // Scheduled with them: a new card answered "good" waits longer than with the defaults.
    const mine = await answer(u, await insertCard(u, newState(), new Date(Date.now() - 60_000)), 'good');
    const theirs = await answer(
      baseline,
      await insertCard(baseline, newState(), new Date(Date.now() - 60_000)),
      'good',
    );
    expect(theirs.intervalDays).toBeGreaterThanOrEqual(1);
    expect(mine.intervalDays).toBeGreaterThan(theirs.intervalDays);
  }, 120_000);
});
