// Uploads: signed upload URLs (init → client PUT → complete), one-request multipart uploads,
// listing, a fresh download URL per read, deletion of the object and everything derived from it,
// and retries. Every read and write runs as the learner under RLS; the bytes are verified (size,
// SHA-256, type from magic bytes: checks.ts) before anything is recorded as uploaded. Avatars are
// in avatar.ts, the attachment resolver chat uses in attachments.ts.
import crypto from 'node:crypto';
import type { Upload } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, HttpError } from '../../http/errors.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { ObjectTooLarge, StorageNotFound, uploadKey } from '../../platform/storage/index.ts';
import { kindOf, verifyContent } from './detect.ts';
import { enqueueProcessing } from './process.ts';
import { UPLOAD_COLUMNS, loadOwn, toUpload, type UploadRow } from './rows.ts';
import { checkName, checkSize, limitFor, mb, putOr507, verifyStored } from './checks.ts';
import { setAvatar } from './avatar.ts';

/** Seconds a signed upload URL stays valid. */
export const UPLOAD_URL_TTL = 15 * 60;
const DOWNLOAD_URL_TTL = 5 * 60;

export function createUploadService(ctx: AppContext) {
  const { db, storage } = ctx;

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
      const v = await verifyStored(ctx, { userId, row, bytes, expectedSha: body.sha256 });
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
          .returning(UPLOAD_COLUMNS)
          .executeTakeFirst(),
      );
      if (!updated) throw conflict('This upload was completed by another request.', 'already_completed');
      await enqueueProcessing(ctx, id, userId);
      return toUpload(updated, await this.downloadFor(updated));
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
            .returning(UPLOAD_COLUMNS)
            .executeTakeFirstOrThrow(),
        );
        await enqueueProcessing(ctx, row.id, userId);
        return toUpload(row, await this.downloadFor(row));
      } catch (err) {
        await storage.delete(path).catch(() => {});
        throw err;
      }
    },

    async downloadFor(row: UploadRow) {
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
      const rows = await db.asUser(userId, (tx) => {
        let s = tx.selectFrom('uploads').select(UPLOAD_COLUMNS).where('user_id', '=', userId);
        if (q.status) s = s.where('status', '=', q.status);
        if (q.kind) s = s.where('kind', '=', q.kind);
        return newestFirst(s, { at: 'created_at', id: 'id', cursor: q.cursor, limit: q.limit }).execute();
      });
      return keysetPage(rows, q.limit, (r) => {
        const { downloadUrl: _u, downloadExpiresAt: _e, ...rest } = toUpload(r);
        return rest;
      });
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
          .returning(UPLOAD_COLUMNS)
          .executeTakeFirstOrThrow();
      });
      await enqueueProcessing(ctx, id, userId);
      return toUpload(row, await this.downloadFor(row));
    },

    /** A 256×256 JPEG at avatars/{user_id}/avatar.jpg; users.avatar_url points at its public URL. */
    setAvatar: (userId: string, file: { declaredType: string; bytes: Buffer }) =>
      setAvatar(ctx, userId, file),
  };
}
