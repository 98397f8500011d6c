// The processing job: uploaded → processing → ready | failed. Runs as the owning learner (RLS),
// never holds a transaction open across extraction or a model call, is safe to run again (a crash
// mid-job leaves status 'processing', which start-up queues again), and gives up on a file that
// keeps interrupting processing.
import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database, DB } from '../../platform/db/index.ts';
import { AiUnavailableError } from '../../platform/ai/index.ts';
import { StorageNotFound } from '../../platform/storage/index.ts';
import { saveInTx } from '../library/service.ts';
import { afterSource } from '../concepts/service.ts';
import { analyzeDocument, analyzeImage, analyzeVideo, type AnalysisResult } from '../documents/analysis.ts';
import { chunkPages, type Chunk } from '../documents/chunk.ts';
import { extractDocumentText, ProcessingError } from '../documents/extract.ts';
import { LIMITS } from '../documents/limits.ts';
import { inspectImage, posterFrame, videoMetadata, visionCopy } from '../documents/media.ts';

export const PROCESS_JOB = 'upload.process';
/** A file that interrupted processing this many times (crashes, restarts) is failed. */
const MAX_ATTEMPTS = 3;

export async function enqueueProcessing(ctx: AppContext, uploadId: string, userId: string) {
  await ctx.jobs.add(PROCESS_JOB, { uploadId, userId }, { jobId: `process-${uploadId}` });
}

export function registerUploadJobs(ctx: AppContext) {
  ctx.jobs.handle(PROCESS_JOB, (d) => processUpload(ctx, String(d.uploadId), String(d.userId)));
}

/** Queues every upload left 'uploaded' or 'processing' (by a crash or restart). System bookkeeping. */
export async function resumeUploads(ctx: AppContext): Promise<number> {
  const rows = await ctx.db.admin
    .selectFrom('uploads')
    .select(['id', 'user_id'])
    .where('status', 'in', ['uploaded', 'processing'])
    .orderBy('created_at')
    .limit(10_000)
    .execute();
  for (const r of rows) await enqueueProcessing(ctx, r.id, r.user_id);
  return rows.length;
}

const embeddingKind = new WeakMap<Database, Promise<'vector' | 'array'>>();
function embeddingColumn(db: Database) {
  let k = embeddingKind.get(db);
  if (!k) {
    k = sql<{ t: string }>`select format_type(atttypid, atttypmod) as t from pg_attribute
          where attrelid = 'public.document_chunks'::regclass and attname = 'embedding'`
      .execute(db.admin)
      .then((r) => (r.rows[0]?.t?.startsWith('vector') ? 'vector' : 'array'));
    embeddingKind.set(db, k);
  }
  return k;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_r, reject) => {
      t = setTimeout(() => {
        onTimeout();
        reject(
          new ProcessingError(
            'timeout',
            `Processing took longer than ${Math.round(ms / 1000)} s and was stopped.`,
          ),
        );
      }, ms);
    }),
  ]).finally(() => clearTimeout(t));
}

function failureMessage(err: unknown): string {
  if (err instanceof ProcessingError) return err.message;
  if (err instanceof AiUnavailableError)
    return 'The AI service is unavailable right now: retry processing later.';
  if (err instanceof StorageNotFound) return 'The stored file is missing: upload it again.';
  return 'Processing failed unexpectedly: retry, or upload the file again.';
}

export async function processUpload(ctx: AppContext, uploadId: string, userId: string): Promise<void> {
  const { db } = ctx;
  const claimed = await db.asUser(userId, (tx) =>
    tx
      .updateTable('uploads')
      .set({ status: 'processing', attempts: sql<number>`attempts + 1`, error: null })
      .where('id', '=', uploadId)
      .where('status', 'in', ['uploaded', 'processing'])
      .returning(['id', 'kind', 'path', 'file_name', 'media_type', 'size_bytes', 'attempts', 'metadata'])
      .executeTakeFirst(),
  );
  if (!claimed) return; // deleted, already done, or not verified yet
  const fail = (message: string) =>
    db.asUser(userId, (tx) =>
      tx
        .updateTable('uploads')
        .set({ status: 'failed', error: message.slice(0, 1000) })
        .where('id', '=', uploadId)
        .where('status', '=', 'processing')
        .execute(),
    );
  if (claimed.attempts > MAX_ATTEMPTS) {
    await fail(
      `Processing was interrupted ${MAX_ATTEMPTS} times; the file may be too complex. Retry, or upload a smaller file.`,
    );
    return;
  }

  const abort = new AbortController();
  try {
    const result = await withTimeout(
      run(ctx, { ...claimed, user_id: userId } as Claimed, abort.signal),
      LIMITS.jobTimeoutMs,
      () => abort.abort(),
    );
    // Looked up before the transaction: PGlite has one connection, so a second query from inside
    // the transaction would wait for it forever.
    const kind = result.embeddings ? await embeddingColumn(db) : 'array';
    await db.asUser(userId, async (tx) => {
      const still = await tx
        .selectFrom('uploads')
        .select('id')
        .where('id', '=', uploadId)
        .where('status', '=', 'processing')
        .forUpdate()
        .executeTakeFirst();
      if (!still) return; // deleted or reset meanwhile
      await tx.deleteFrom('document_chunks').where('upload_id', '=', uploadId).execute();
      for (let i = 0; i < result.chunks.length; i += 200) {
        await tx
          .insertInto('document_chunks')
          .values(
            result.chunks.slice(i, i + 200).map((c, j) => {
              const e = result.embeddings?.[i + j];
              return {
                upload_id: uploadId,
                user_id: userId,
                ord: c.ord,
                page: c.page,
                text: c.text,
                embedding: e ? (kind === 'vector' ? `[${e.join(',')}]` : e) : null,
              };
            }),
          )
          .execute();
      }
      await tx
        .updateTable('uploads')
        .set({
          status: 'ready',
          error: null,
          analysis: JSON.stringify(result.analysis.analysis),
          metadata: JSON.stringify({
            ...result.metadata,
            chunks: result.chunks.length,
            ai: {
              provider: result.analysis.usage.provider,
              model: result.analysis.usage.model,
              prompt: result.analysis.promptVersion,
            },
          }),
          page_count: result.pageCount,
          processed_at: new Date(),
        })
        .where('id', '=', uploadId)
        .execute();
      // Every upload that has been read is in the Library — also one attached in a chat.
      await saveInTx(tx, userId, { kind: 'document', documentId: uploadId });
    });
    // Its key concepts join the learner's concept map (and, when automatic, become cards).
    await afterSource(ctx, userId, { type: 'document', id: uploadId });
  } catch (err) {
    abort.abort();
    await fail(failureMessage(err));
    if (
      !(err instanceof ProcessingError) &&
      !(err instanceof AiUnavailableError) &&
      !(err instanceof StorageNotFound)
    )
      throw err; // logged by the queue
  }
}

/** An upload claimed for processing, with its owner (the local model's queue takes turns between learners). */
type Claimed = Pick<Selectable<DB['uploads']>, 'id' | 'kind' | 'path' | 'file_name' | 'user_id'> & {
  /** Not null here: set when the upload was verified, before it can be claimed. */
  media_type: string;
  size_bytes: number;
};

interface RunResult {
  chunks: Chunk[];
  embeddings?: number[][];
  analysis: AnalysisResult;
  metadata: Record<string, unknown>;
  pageCount: number | null;
}

async function run(ctx: AppContext, u: Claimed, signal: AbortSignal): Promise<RunResult> {
  const limit = u.kind === 'video' ? ctx.config.VIDEO_MAX_BYTES : ctx.config.UPLOAD_MAX_BYTES;
  const bytes = await ctx.storage.get(u.path, limit);
  let chunks: Chunk[];
  let analysis: AnalysisResult;
  let metadata: Record<string, unknown> = { mediaType: u.media_type };
  let pageCount: number | null = null;

  if (u.kind === 'document') {
    const pages = await extractDocumentText(u.media_type, bytes);
    chunks = chunkPages(pages);
    const paged = pages.some((p) => p.page !== null);
    pageCount = paged ? pages.length : null;
    const characters = pages.reduce((a, p) => a + p.text.length, 0);
    metadata = { ...metadata, characters, ...(paged ? { pages: pages.length } : {}) };
    if (!characters) metadata.note = 'No text could be extracted (a scanned document needs OCR).';
    analysis = await analyzeDocument(ctx.ai, u.file_name, pages, { userId: u.user_id, signal });
  } else if (u.kind === 'image') {
    const info = await inspectImage(bytes);
    metadata = {
      ...metadata,
      width: info.width,
      height: info.height,
      format: info.format,
      frames: info.frames,
    };
    analysis = await analyzeImage(ctx.ai, u.file_name, info, await visionCopy(bytes), {
      userId: u.user_id,
      signal,
    });
    chunks = [{ ord: 0, page: null, text: analysis.analysis.summary }];
  } else {
    const info = videoMetadata(bytes, u.media_type);
    const poster = await posterFrame(bytes);
    if (poster) await ctx.storage.put(`${u.path}.poster.jpg`, poster, 'image/jpeg');
    metadata = { ...metadata, ...info, poster: !!poster };
    analysis = await analyzeVideo(ctx.ai, u.file_name, info, poster, { userId: u.user_id, signal });
    chunks = [{ ord: 0, page: null, text: analysis.analysis.summary }];
  }

  let embeddings: number[][] | undefined;
  if (ctx.ai.embed && chunks.length) {
    try {
      embeddings = [];
      for (let i = 0; i < chunks.length; i += 64)
        embeddings.push(
          ...(await ctx.ai.embed(
            chunks.slice(i, i + 64).map((c) => c.text),
            signal,
          )),
        );
    } catch {
      embeddings = undefined; // full-text search still works
    }
  }
  return { chunks, embeddings, analysis, metadata, pageCount };
}
