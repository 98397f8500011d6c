// Deleting an account and purging its stored objects. Deleting the users row (DELETE /profile, or
// a hosted Supabase project removing the user) queues a row in storage_purges in the same
// transaction (a trigger, migration 0011). From that moment the local storage routes refuse every
// URL under the account's prefixes; the objects themselves are deleted by the request (best
// effort) and by the `account.purge` job, which start-up and a periodic drain queue for every row
// still there, so a crash or an unreachable store only delays the purge.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../platform/db/index.ts';
import { ownerOfKey, userPrefixes } from '../../platform/storage/index.ts';
import { UPLOAD_URL_TTL } from '../uploads/service.ts';

export const PURGE_JOB = 'account.purge';
const DRAIN_JOB = 'account.purge-drain';
/** How often queued purges are retried (and finished) while the server runs. */
const DRAIN_INTERVAL_MS = 10 * 60 * 1000;
/**
 * A purge row stays until every upload URL signed before the deletion has expired, and the purge
 * after that point removes whatever such a URL still managed to store (an S3 presigned PUT cannot
 * be revoked).
 */
const FINAL_PASS_AFTER_SECONDS = UPLOAD_URL_TTL + 60;
/** How long DELETE /profile waits for the objects to go before answering (the job finishes). */
const IN_REQUEST_PURGE_MS = 10_000;

/** Deletes every object under the account's prefixes (idempotent). */
async function deleteObjects(ctx: AppContext, userId: string) {
  for (const prefix of userPrefixes(userId)) await ctx.storage.deletePrefix(prefix);
}

/**
 * The job: deletes the account's objects, then drops its purge row once the final pass is done.
 * A failure is recorded on the row (the periodic drain retries) and rethrown (the queue logs it).
 */
export async function purgeAccount(ctx: AppContext, userId: string): Promise<void> {
  const purges = ctx.db.admin;
  try {
    await deleteObjects(ctx, userId);
  } catch (err) {
    await purges
      .updateTable('storage_purges')
      .set({ attempts: sql`attempts + 1`, last_error: String((err as Error)?.message ?? err).slice(0, 1000) })
      .where('user_id', '=', userId)
      .execute();
    throw err;
  }
  await purges
    .deleteFrom('storage_purges')
    .where('user_id', '=', userId)
    .where(sql<boolean>`requested_at < now() - make_interval(secs => ${FINAL_PASS_AFTER_SECONDS})`)
    .execute();
}

const enqueuePurge = (ctx: AppContext, userId: string) =>
  ctx.jobs.add(PURGE_JOB, { userId }, { jobId: `purge-${userId}` });

/** Queues a purge for every account still in storage_purges (start-up and the periodic drain). */
export async function queuePurges(ctx: AppContext): Promise<number> {
  const rows = await ctx.db.admin
    .selectFrom('storage_purges')
    .select('user_id')
    .orderBy('requested_at')
    .limit(10_000)
    .execute();
  for (const r of rows) await enqueuePurge(ctx, r.user_id);
  return rows.length;
}

export function registerAccountJobs(ctx: AppContext) {
  ctx.jobs.handle(PURGE_JOB, (d) => purgeAccount(ctx, String(d.userId)));
  ctx.jobs.handle(DRAIN_JOB, async () => void (await queuePurges(ctx)));
}

/** After the queue has started: resume purges a crash or restart interrupted, and drain periodically. */
export async function startAccountPurges(ctx: AppContext) {
  await queuePurges(ctx);
  ctx.jobs.every(DRAIN_JOB, DRAIN_INTERVAL_MS);
}

/**
 * Deletes the account (its rows go by cascade; the trigger queues the purge), then deletes its
 * objects at once where it can, so an S3 presigned download URL stops working now rather than
 * when it expires. Whatever that misses, the job does.
 */
export async function deleteAccount(ctx: AppContext, userId: string, log: FastifyBaseLogger): Promise<void> {
  // Supabase mode on another database: Supabase Auth deletes its user first (its admin API), so a
  // refusal there deletes nothing and the learner can retry.
  if (ctx.supabaseAdmin) await ctx.supabaseAdmin.deleteUser(userId);
  // On Supabase's database this deletes Supabase Auth's user (auth.users: its sessions and
  // identities go with it, as the admin API does); either way every row of the account goes by cascade.
  await ctx.auth.deleteUser(userId);
  ctx.forgetUserRow(userId);
  const purged = await Promise.race([
    deleteObjects(ctx, userId).then(
      () => true,
      (err) => {
        log.warn({ err }, 'account objects not deleted yet: the purge job will retry');
        return false;
      },
    ),
    new Promise<false>((r) => setTimeout(r, IN_REQUEST_PURGE_MS, false).unref()),
  ]);
  if (!purged) await enqueuePurge(ctx, userId);
}

/**
 * May a storage URL for this key still be served? Only while its account exists and is not queued
 * for purging: checked on every local storage request, so a deleted account's signed URLs and
 * avatar stop working at once, before its objects are gone.
 */
export async function isLiveObject(db: Database, key: string): Promise<boolean> {
  const owner = ownerOfKey(key);
  if (!owner) return false;
  const { rows } = await sql<{ live: boolean }>`
    select exists (select 1 from public.users where id = ${owner}::uuid)
       and not exists (select 1 from public.storage_purges where user_id = ${owner}::uuid) as live`.execute(
    db.admin,
  );
  return rows[0]?.live === true;
}
