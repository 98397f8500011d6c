// Uploads: signed upload URLs (init → client PUT → complete), one-request multipart uploads,
// listing, a fresh download URL per read, deletion of the object and everything derived from it,
// retries, avatars, and the attachment resolver chat uses. Every read and write runs as the
// learner under RLS; the bytes are verified (size, SHA-256, type from magic bytes) before anything
// is recorded as uploaded.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DocumentAnalysis, Upload } from '@chitchat/contracts';
import type { AppContext, Attachment } from '../../context.ts';
import { conflict, HttpError, notFound } from '../../http/errors.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import type { Tx } from '../../platform/db/index.ts';
import {
  avatarKey,
  isUnsafeFileName,
  ObjectTooLarge,
  sanitizeFileName,
  StorageNotFound,
  uploadKey,
} from '../../platform/storage/index.ts';
import { ProcessingError } from '../documents/extract.ts';
import { avatarJpeg } from '../documents/media.ts';
import { canonicalType, describeType, kindOf, verifyContent } from './detect.ts';
import { enqueueProcessing } from './process.ts';
import { iso, UUID } from '../../platform/db/values.ts';

/** Seconds a signed upload URL stays valid. */
export const UPLOAD_URL_TTL = 15 * 60;
const DOWNLOAD_URL_TTL = 5 * 60;

const COLUMNS = [
  'id',
  'user_id',
  'kind',
  'file_name',
  'path',
  'declared_type',
  'declared_size',
  'media_type',
  'size_bytes',
  'sha256',
  'status',
  'error',
  'attempts',
  'metadata',
  'analysis',
  'page_count',
  'created_at',
  'updated_at',
  'processed_at',
] as const;

type Row = {
  id: string;
  user_id: string;
  kind: 'image' | 'video' | 'document';
  file_name: string;
  path: string;
  declared_type: string;
  declared_size: number;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  status: Upload['status'];
  error: string | null;
  attempts: number;
  metadata: Record<string, unknown>;
  analysis: Record<string, unknown> | null;
  page_count: number | null;
  created_at: Date;
  updated_at: Date;
  processed_at: Date | null;
};

export function toUpload(r: Row, download?: { url: string; expiresAt: Date } | null): Upload {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    declaredType: r.declared_type,
    mediaType: r.media_type,
    size: r.size_bytes,
    sha256: r.sha256,
    status: r.status,
    error: r.error,
    attempts: r.attempts,
    pageCount: r.page_count,
    metadata: r.metadata ?? {},
    analysis: (r.analysis as DocumentAnalysis | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    processedAt: r.processed_at ? iso(r.processed_at) : null,
    downloadUrl: download?.url ?? null,
    downloadExpiresAt: download ? iso(download.expiresAt) : null,
  };
}

/** The limit for a kind of upload (documents and images: UPLOAD_MAX_BYTES; videos: VIDEO_MAX_BYTES). */
export const limitFor = (ctx: AppContext, kind: 'image' | 'video' | 'document') =>
  kind === 'video' ? ctx.config.VIDEO_MAX_BYTES : ctx.config.UPLOAD_MAX_BYTES;

/** The disk (local storage) is full: 507, without the path or errno. */
export const outOfSpace = () =>
  new HttpError(507, 'insufficient_storage', 'The server has run out of storage space: try again later.');
const putOr507 = async (p: Promise<void>) => {
  try {
    await p;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw outOfSpace();
    throw err;
  }
};

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function checkName(fileName: string): string {
  if (isUnsafeFileName(fileName)) {
    throw new HttpError(
      400,
      'unsafe_name',
      'The file name may not contain path separators, ".." or control characters: send only the file\'s own name.',
    );
  }
  const safe = sanitizeFileName(fileName);
  if (!safe)
    throw new HttpError(400, 'unsafe_name', 'The file name has no usable characters: use letters or digits.');
  return safe;
}

function checkSize(ctx: AppContext, kind: 'image' | 'video' | 'document', size: number) {
  if (size === 0) throw new HttpError(400, 'empty_file', 'The file is empty.');
  const limit = limitFor(ctx, kind);
  if (size > limit)
    throw new HttpError(413, 'too_large', `The file is ${mb(size)}; ${kind}s may be at most ${mb(limit)}.`);
}

export function createUploadService(ctx: AppContext) {
  const { db, storage } = ctx;

  async function loadOwn(tx: Tx, id: string, lock = false): Promise<Row> {
    let q = tx.selectFrom('uploads').select(COLUMNS).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Upload');
    return r as Row;
  }

  /** Verifies stored bytes; on refusal removes the object and records why. */
  async function verifyStored(userId: string, row: Row, bytes: Buffer, expectedSha?: string) {
    const refuse = async (err: HttpError) => {
      await storage.delete(row.path).catch(() => {});
      await db.asUser(userId, (tx) =>
        tx
          .updateTable('uploads')
          .set({ status: 'failed', error: err.message })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .execute(),
      );
      throw err;
    };
    if (bytes.length === 0) return refuse(new HttpError(400, 'empty_file', 'The uploaded file is empty.'));
    if (bytes.length !== Number(row.declared_size)) {
      return refuse(
        new HttpError(
          400,
          'size_mismatch',
          `The uploaded file has ${bytes.length} bytes, not the ${row.declared_size} declared.`,
        ),
      );
    }
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    if (expectedSha && expectedSha.toLowerCase() !== sha256) {
      return refuse(
        new HttpError(
          400,
          'checksum_mismatch',
          'The uploaded bytes do not match the SHA-256 you sent: the upload was corrupted, try again.',
        ),
      );
    }
    let mediaType: string;
    try {
      mediaType = await verifyContent(bytes, row.declared_type as never);
    } catch (err) {
      if (err instanceof HttpError) return refuse(err);
      throw err;
    }
    return { sha256, mediaType, size: bytes.length };
  }

  return {
    async init(userId: string, body: { fileName: string; fileType: string; fileSize: number }) {
      const safe = checkName(body.fileName);
      const { type, kind } = kindOf(body.fileType);
      checkSize(ctx, kind, body.fileSize);
      const key = uploadKey(userId, kind, safe);
      const row = await db.asUser(userId, (tx) =>
        tx
          .insertInto('uploads')
          .values({
            user_id: userId,
            kind,
            file_name: safe,
            path: key,
            declared_type: type,
            declared_size: body.fileSize,
            metadata: '{}',
          })
          .returning(['id', 'path'])
          .executeTakeFirstOrThrow(),
      );
      const signed = await storage.signUpload(row.path, {
        expiresIn: UPLOAD_URL_TTL,
        contentType: type,
        size: body.fileSize,
      });
      return {
        uploadId: row.id,
        uploadUrl: signed.url,
        method: 'PUT' as const,
        headers: signed.headers,
        path: row.path,
        expiresAt: signed.expiresAt.toISOString(),
      };
    },

    async complete(userId: string, id: string, body: { sha256?: string }): Promise<Upload> {
      const row = await db.asUser(userId, (tx) => loadOwn(tx, id));
      if (row.status !== 'pending')
        throw conflict(`This upload was already completed (status: ${row.status}).`, 'already_completed');
      const head = await storage.head(row.path);
      if (!head)
        throw conflict(
          'No file has been uploaded to the upload URL yet: PUT the bytes first.',
          'not_uploaded',
        );
      let bytes: Buffer;
      try {
        bytes = await storage.get(row.path, limitFor(ctx, row.kind));
      } catch (err) {
        if (err instanceof ObjectTooLarge) {
          await storage.delete(row.path).catch(() => {});
          throw new HttpError(413, 'too_large', `The uploaded file is larger than ${mb(err.limit)}.`);
        }
        if (err instanceof StorageNotFound)
          throw conflict(
            'No file has been uploaded to the upload URL yet: PUT the bytes first.',
            'not_uploaded',
          );
        throw err;
      }
      const v = await verifyStored(userId, row, bytes, body.sha256);
      const updated = await db.asUser(userId, (tx) =>
        tx
          .updateTable('uploads')
          .set({
            status: 'uploaded',
            media_type: v.mediaType,
            size_bytes: v.size,
            sha256: v.sha256,
            error: null,
          })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .returning(COLUMNS)
          .executeTakeFirst(),
      );
      if (!updated) throw conflict('This upload was completed by another request.', 'already_completed');
      await enqueueProcessing(ctx, id, userId);
      return toUpload(updated as Row, await this.downloadFor(updated as Row));
    },

    /** One-request upload (multipart): the same checks, then stored and queued. */
    async createFromBytes(
      userId: string,
      file: { fileName: string; declaredType: string; bytes: Buffer },
    ): Promise<Upload> {
      const safe = checkName(file.fileName);
      const { type, kind } = kindOf(file.declaredType);
      checkSize(ctx, kind, file.bytes.length);
      const mediaType = await verifyContent(file.bytes, type);
      const path = uploadKey(userId, kind, safe);
      await putOr507(storage.put(path, file.bytes, mediaType));
      try {
        const row = await db.asUser(userId, (tx) =>
          tx
            .insertInto('uploads')
            .values({
              user_id: userId,
              kind,
              file_name: safe,
              path,
              declared_type: type,
              declared_size: file.bytes.length,
              media_type: mediaType,
              size_bytes: file.bytes.length,
              sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
              status: 'uploaded',
              metadata: '{}',
            })
            .returning(COLUMNS)
            .executeTakeFirstOrThrow(),
        );
        await enqueueProcessing(ctx, row.id, userId);
        return toUpload(row as Row, await this.downloadFor(row as Row));
      } catch (err) {
        await storage.delete(path).catch(() => {});
        throw err;
      }
    },

    async downloadFor(row: Row) {
      if (row.status === 'pending') return null;
      const s = await storage.signDownload(row.path, {
        expiresIn: DOWNLOAD_URL_TTL,
        fileName: row.file_name,
        contentType: row.media_type ?? undefined,
      });
      return { url: s.url, expiresAt: s.expiresAt };
    },

    async get(userId: string, id: string): Promise<Upload> {
      const row = await db.asUser(userId, (tx) => loadOwn(tx, id));
      return toUpload(row, await this.downloadFor(row));
    },

    async list(
      userId: string,
      q: { cursor?: string; limit: number; status?: Upload['status']; kind?: Upload['kind'] },
    ) {
      const c = decodeCursor(q.cursor);
      const rows = (await db.asUser(userId, (tx) => {
        let s = tx
          .selectFrom('uploads')
          .select([...COLUMNS, exactTs('created_at').as('k')])
          .where('user_id', '=', userId);
        if (q.status) s = s.where('status', '=', q.status);
        if (q.kind) s = s.where('kind', '=', q.kind);
        if (c) s = s.where(sql<boolean>`(created_at, id) < (${c.key}::timestamptz, ${c.id}::uuid)`);
        return s
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit + 1)
          .execute();
      })) as (Row & { k: string })[];
      return toPage(
        rows,
        q.limit,
        (r) => {
          const { downloadUrl: _u, downloadExpiresAt: _e, ...rest } = toUpload(r);
          return rest;
        },
        (r) => encodeCursor(r.k, r.id),
      );
    },

    /** Removes the row (its chunks go with it), then the object and its derived objects. */
    async remove(userId: string, id: string) {
      const row = await db.asUser(userId, async (tx) => {
        const r = await loadOwn(tx, id, true);
        await tx.deleteFrom('uploads').where('id', '=', id).execute();
        // Its Library entry goes with it (a deleted file leaves no "source deleted" card behind).
        await tx
          .deleteFrom('library_items')
          .where('kind', '=', 'document')
          .where('source_id', '=', id)
          .execute();
        return r;
      });
      await storage.delete(row.path).catch(() => {});
      if (row.metadata?.poster) await storage.delete(`${row.path}.poster.jpg`).catch(() => {});
    },

    async retry(userId: string, id: string): Promise<Upload> {
      const row = await db.asUser(userId, async (tx) => {
        const r = await loadOwn(tx, id, true);
        if (r.status !== 'failed' || !r.sha256) {
          throw conflict(
            r.status === 'failed'
              ? 'This upload was refused when it was completed; upload the file again.'
              : `Only failed uploads can be retried (status: ${r.status}).`,
            'not_retryable',
          );
        }
        return tx
          .updateTable('uploads')
          .set({ status: 'uploaded', error: null, attempts: 0 })
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
      });
      await enqueueProcessing(ctx, id, userId);
      return toUpload(row as Row, await this.downloadFor(row as Row));
    },

    /** A 256×256 JPEG at avatars/{user_id}/avatar.jpg; users.avatar_url points at its public URL. */
    async setAvatar(userId: string, file: { declaredType: string; bytes: Buffer }) {
      const { type, kind } = kindOf(file.declaredType);
      if (kind !== 'image')
        throw new HttpError(
          415,
          'unsupported_type',
          `An avatar must be a JPEG, PNG, WebP or GIF image, not ${describeType(canonicalType(type))}.`,
        );
      checkSize(ctx, 'image', file.bytes.length);
      await verifyContent(file.bytes, type);
      let jpeg: Buffer;
      try {
        jpeg = await avatarJpeg(file.bytes);
      } catch (err) {
        if (err instanceof ProcessingError) throw new HttpError(422, err.code, err.message);
        throw err;
      }
      const key = avatarKey(userId);
      await putOr507(storage.put(key, jpeg, 'image/jpeg'));
      const avatarUrl = `${storage.publicUrl(key)}?v=${Date.now()}`;
      await db.asUser(userId, (tx) =>
        tx.updateTable('users').set({ avatar_url: avatarUrl }).where('id', '=', userId).execute(),
      );
      return { avatarUrl };
    },
  };
}

/** ctx.attachments: the caller's own completed uploads (RLS), else 404 for the whole request. */
/** Attachment ids → the caller's own uploads (a 404 for any other), their bytes read from storage. */
export function createAttachmentResolver(storage: Pick<AppContext, 'storage'>['storage']) {
  return async (tx: Tx, userId: string, ids: string[]): Promise<Attachment[]> => {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    if (!unique.every((id) => UUID.test(id))) throw notFound('Attachment');
    const rows = await tx
      .selectFrom('uploads')
      .select(['id', 'kind', 'media_type', 'file_name', 'path', 'status', 'size_bytes'])
      .where('id', 'in', unique)
      .where('user_id', '=', userId)
      .where('status', '!=', 'pending')
      .execute();
    if (rows.length !== unique.length) throw notFound('Attachment');
    const byId = new Map(rows.map((r) => [r.id, r]));
    return unique.map((id) => {
      const r = byId.get(id)!;
      return {
        id: r.id,
        kind: r.kind,
        mediaType: r.media_type ?? 'application/octet-stream',
        fileName: r.file_name,
        load: async () => new Uint8Array(await storage.get(r.path)),
      };
    });
  };
}
