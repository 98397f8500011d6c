// The scheduled job that personalises a learner's schedule: once their review log holds
// MIN_REVIEWS reviews, the FSRS optimiser fits weights to it (as the learner, under RLS) and
// review_parameters keeps them; from then on every card of theirs is scheduled with them. It runs
// again when the log has grown by a tenth. A drain at start-up and every few hours queues every
// learner who is due a fit, so a crash or restart only delays it.
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { fitWeights, historiesFromLogs, MIN_REVIEWS } from './optimiser.ts';

export const OPTIMISE_JOB = 'review.optimise';
const DRAIN_JOB = 'review.optimise-drain';
const DRAIN_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Fit again once the log has grown by this share since the last fit. */
const REFIT_GROWTH = 0.1;
/** The most recent reviews a fit reads (bounded memory and time). */
const MAX_LOGS = 50_000;

export type OptimiseOutcome = 'too_few_reviews' | 'up_to_date' | 'optimised' | 'kept_defaults';

/** Fits and stores one learner's weights when due (idempotent: a second run finds them up to date). */
export async function optimiseLearner(ctx: AppContext, userId: string): Promise<OptimiseOutcome> {
  const logs = await ctx.db.asUser(userId, async (tx) => {
    const { n } = await tx
      .selectFrom('review_logs')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (n < MIN_REVIEWS) return 'too_few_reviews' as const;
    const current = await tx
      .selectFrom('review_parameters')
      .select('review_count')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (current && n < current.review_count * (1 + REFIT_GROWTH)) return 'up_to_date' as const;
    const rows = await tx
      .selectFrom('review_logs')
      .select(['card_id', 'rating', sql<string>`local_date::text`.as('local_date'), 'reviewed_at'])
      .where('user_id', '=', userId)
      .orderBy('reviewed_at', 'desc')
      .limit(MAX_LOGS)
      .execute();
    return { n, rows };
  });
  if (typeof logs === 'string') return logs;
  // The optimiser runs outside any transaction (it takes a second or more).
  const fit = await fitWeights(historiesFromLogs(logs.rows));
  // A fit no better than the defaults at predicting this learner's own reviews is not used, but
  // recorded (with the defaults' weights) so the job does not retry until the log has grown.
  const useFit = fit !== null && fit.logLoss <= fit.defaultLogLoss;
  await ctx.db.asUser(userId, async (tx) => {
    if (!useFit) {
      await tx.deleteFrom('review_parameters').where('user_id', '=', userId).execute();
      return;
    }
    const row = {
      user_id: userId,
      weights: fit.weights,
      review_count: logs.n,
      log_loss: fit.logLoss,
      default_log_loss: fit.defaultLogLoss,
      optimised_at: new Date(),
    };
    await tx
      .insertInto('review_parameters')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
  });
  return useFit ? 'optimised' : 'kept_defaults';
}

/** Queues a fit for every learner with enough reviews and no fit as recent as their log. */
export async function queueOptimisations(ctx: AppContext): Promise<number> {
  const rows = await sql<{ user_id: string }>`
    select l.user_id from public.review_logs l
      left join public.review_parameters p on p.user_id = l.user_id
     group by l.user_id, p.review_count
    having count(*) >= ${MIN_REVIEWS}
       and (p.review_count is null or count(*) >= p.review_count * ${1 + REFIT_GROWTH}::float8)
     limit 10000`.execute(ctx.db.admin);
  for (const r of rows.rows)
    await ctx.jobs.add(OPTIMISE_JOB, { userId: r.user_id }, { jobId: `optimise-${r.user_id}` });
  return rows.rows.length;
}

export function registerOptimiseJobs(ctx: AppContext) {
  ctx.jobs.handle(OPTIMISE_JOB, async (d) => void (await optimiseLearner(ctx, String(d.userId))));
  ctx.jobs.handle(DRAIN_JOB, async () => void (await queueOptimisations(ctx)));
}

/** After the queue has started: queue the learners due a fit, and again every few hours. */
export async function startOptimisations(ctx: AppContext) {
  await queueOptimisations(ctx);
  ctx.jobs.every(DRAIN_JOB, DRAIN_INTERVAL_MS);
}
