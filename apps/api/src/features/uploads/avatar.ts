// The learner's avatar: an image re-encoded to a 256×256 JPEG at avatars/{user_id}/avatar.jpg,
// with users.avatar_url pointing at its public URL.
import type { AppContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { avatarKey } from '../../platform/storage/index.ts';
import { ProcessingError } from '../documents/extract.ts';
import { avatarJpeg } from '../documents/media.ts';
import { canonicalType, describeType, kindOf, verifyContent } from './detect.ts';
import { checkSize, putOr507 } from './checks.ts';

/** A 256×256 JPEG at avatars/{user_id}/avatar.jpg; users.avatar_url points at its public URL. */
export async function setAvatar(
  ctx: Pick<AppContext, 'db' | 'storage' | 'config'>,
  userId: string,
  file: { declaredType: string; bytes: Buffer },
) {
  const { db, storage } = ctx;
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
}
