// The checks an upload passes before it is recorded: a safe file name, a size within its kind's
// limit, and stored bytes that match what was declared (size, SHA-256, real type from magic bytes).
// Also the 507 a full disk becomes.
import crypto from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { isUnsafeFileName, sanitizeFileName } from '../../platform/storage/index.ts';
import { verifyContent } from './detect.ts';
import type { UploadRow } from './rows.ts';

/** The limit for a kind of upload (documents and images: UPLOAD_MAX_BYTES; videos: VIDEO_MAX_BYTES). */
export const limitFor = (ctx: Pick<AppContext, 'config'>, kind: 'image' | 'video' | 'document') =>
  kind === 'video' ? ctx.config.VIDEO_MAX_BYTES : ctx.config.UPLOAD_MAX_BYTES;

/** The disk (local storage) is full: 507, without the path or errno. */
export const outOfSpace = () =>
  new HttpError(507, 'insufficient_storage', 'The server has run out of storage space: try again later.');
export const putOr507 = async (p: Promise<void>) => {
  try {
    await p;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw outOfSpace();
    throw err;
  }
};

export const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function checkName(fileName: string): string {
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

export function checkSize(
  ctx: Pick<AppContext, 'config'>,
  kind: 'image' | 'video' | 'document',
  size: number,
) {
  if (size === 0) throw new HttpError(400, 'empty_file', 'The file is empty.');
  const limit = limitFor(ctx, kind);
  if (size > limit)
    throw new HttpError(413, 'too_large', `The file is ${mb(size)}; ${kind}s may be at most ${mb(limit)}.`);
}

/** Verifies stored bytes; on refusal removes the object and records why. */
export async function verifyStored(
  { db, storage }: Pick<AppContext, 'db' | 'storage'>,
  upload: { userId: string; row: UploadRow; bytes: Buffer; expectedSha?: string },
) {
  const { userId, row, bytes, expectedSha } = upload;
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
