// Numbers about a learner's reviews: the cards due and the retention of the last 30 days, reviews
// per day (stats), and what a retention target would cost over the next 30 days (workload).
import { sql } from 'kysely';
import type { ReviewStats, WorkloadEstimate } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { addDays, learnerClock } from '../xp/clock.ts';
import { iso } from '../../platform/db/values.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import type { StoredCard } from './scheduler.ts';
import { learnerScheduling } from './learner.ts';
import { estimateWorkload, WORKLOAD_DAYS } from './workload.ts';
import { MIN_REVIEWS } from './optimiser.ts';

export function createReviewStats({ db }: Pick<AppContext, 'db'>) {
  return {
    /** What reviewing at `retention` (default: the learner's setting) would cost over the next 30 days. */
    async workload(userId: string, retention?: number): Promise<WorkloadEstimate> {
      const { scheduling, cards, reviews } = await db.asUser(userId, async (tx) => {
        const scheduling = await learnerScheduling(tx, userId);
        const cards = await tx
          .selectFrom('review_cards')
          .select('fsrs')
          .where('user_id', '=', userId)
          .execute();
        const { n } = await tx
          .selectFrom('review_logs')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        return { scheduling, cards, reviews: n };
      });
      const target = retention ?? scheduling.retention;
      const w = estimateWorkload(
        cards.map((c) => c.fsrs as StoredCard),
        { retention: target, weights: scheduling.weights },
        new Date(),
      );
      return {
        retention: target,
        desiredRetention: scheduling.retention,
        days: WORKLOAD_DAYS,
        cards: cards.length,
        cardsPerDay: w.cardsPerDay,
        perDay: w.perDay,
        parameters: {
          personalised: scheduling.weights !== null,
          reviews,
          minReviews: MIN_REVIEWS,
          fittedOn: scheduling.fittedOn,
          optimisedAt: scheduling.optimisedAt ? iso(scheduling.optimisedAt) : null,
        },
      };
    },

    async stats(userId: string): Promise<ReviewStats> {
      return db.asUser(userId, async (tx) => {
        const clock = await learnerClock(tx, userId);
        const today = clock.localDate();
        const tomorrow = addDays(today, 1);
        const since = addDays(today, -13);
        const counts = await sql<{ due_today: number; due_now: number; total: number; new_cards: number }>`
          select count(*) filter (where due < (${tomorrow}::date::timestamp at time zone ${clock.timezone}))::int as due_today,
                 count(*) filter (where due <= now())::int as due_now,
                 count(*)::int as total,
                 count(*) filter (where reps = 0)::int as new_cards
            from review_cards where user_id = ${userId}::uuid`.execute(tx);
        const retention = await sql<{ n: number; ok: number }>`
          select count(*)::int as n,
                 count(*) filter (where coalesce(correct, rating <> 'again'))::int as ok
            from review_logs where user_id = ${userId}::uuid and reviewed_at >= now() - interval '30 days'`.execute(
          tx,
        );
        const perDay = await sql<{ d: string; reviews: number; correct: number }>`
          select local_date::text as d, count(*)::int as reviews, count(*) filter (where coalesce(correct, rating <> 'again'))::int as correct
            from review_logs where user_id = ${userId}::uuid and local_date >= ${since}::date
           group by local_date`.execute(tx);
        const byDay = new Map(perDay.rows.map((r) => [r.d, r]));
        const c = oneRow(counts.rows, 'count of cards');
        const r = oneRow(retention.rows, 'count of reviews');
        return {
          dueToday: c.due_today,
          dueNow: c.due_now,
          totalCards: c.total,
          newCards: c.new_cards,
          retention: r.n ? Math.round((r.ok / r.n) * 1000) / 1000 : null,
          reviewsPerDay: Array.from({ length: 14 }, (_, i) => {
            const date = addDays(since, i);
            return { date, reviews: byDay.get(date)?.reviews ?? 0, correct: byDay.get(date)?.correct ?? 0 };
          }),
          timezone: clock.timezone,
        };
      });
    },
  };
}
