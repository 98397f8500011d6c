// A learner's scheduling settings: the desired retention they chose (users.preferences) and the
// FSRS weights the optimiser fitted to their review log (review_parameters), read as the learner.
import type { Tx } from '../../platform/db/index.ts';
import { DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION, type Scheduling } from './scheduler.ts';

/** preferences.desiredRetention when it is a valid one, else the default. */
export function retentionFrom(preferences: Record<string, unknown> | null | undefined): number {
  const r = preferences?.desiredRetention;
  return typeof r === 'number' && r >= MIN_RETENTION && r <= MAX_RETENTION ? r : DEFAULT_RETENTION;
}

export interface LearnerScheduling extends Scheduling {
  /** Reviews the weights were fitted on, when personalised. */
  fittedOn: number | null;
  optimisedAt: Date | null;
}

export async function learnerScheduling(tx: Tx, userId: string): Promise<LearnerScheduling> {
  const user = await tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst();
  const params = await tx
    .selectFrom('review_parameters')
    .select(['weights', 'review_count', 'optimised_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return {
    retention: retentionFrom(user?.preferences as Record<string, unknown> | undefined),
    weights: params ? params.weights.map(Number) : null,
    fittedOn: params?.review_count ?? null,
    optimisedAt: params?.optimised_at ?? null,
  };
}
