// Abandoned uploads: an upload URL was asked for (status 'pending') and the upload was never
// completed. After PENDING_MAX_AGE the URL has long expired, so the object (if the bytes were ever
// PUT) and the row are removed by a periodic job. System bookkeeping, as the server's connection.
import type { AppContext } from '../../context.ts';

const SWEEP_JOB = 'uploads.sweep-abandoned';
/** A pending upload older than this is abandoned (its upload URL expired after 15 minutes). */
export const PENDING_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per sweep: a backlog is worked off over several runs. */
const SWEEP_BATCH = 500;

/** Removes abandoned pending uploads: the object first, then the row (still pending). Returns how many. */
export async function sweepAbandonedUploads(ctx: AppContext, now = new Date()): Promise<number> {
  const { admin } = ctx.db;
  const stale = await admin
    .selectFrom('uploads')
    .select(['id', 'path'])
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(now.getTime() - PENDING_MAX_AGE_MS))
    .orderBy('created_at')
    .limit(SWEEP_BATCH)
    .execute();
  let swept = 0;
  for (const u of stale) {
    await ctx.storage.delete(u.path);
    const r = await admin
      .deleteFrom('uploads')
      .where('id', '=', u.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    swept += Number(r.numDeletedRows);
  }
  return swept;
}

export function registerUploadSweep(ctx: AppContext) {
  ctx.jobs.handle(SWEEP_JOB, async () => void (await sweepAbandonedUploads(ctx)));
}

/** After the queue has started: sweep now, then every hour. */
export async function startUploadSweep(ctx: AppContext) {
  await ctx.jobs.add(SWEEP_JOB, {}, { jobId: SWEEP_JOB });
  ctx.jobs.every(SWEEP_JOB, SWEEP_INTERVAL_MS);
}
