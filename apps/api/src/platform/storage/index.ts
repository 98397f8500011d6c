// Chooses the storage backend from configuration: S3-compatible when S3_ENDPOINT and its bucket(s)
// are set (S3_BUCKET, or S3_UPLOADS_BUCKET + S3_AVATARS_BUCKET), local disk under DATA_DIR/storage
// otherwise.
import crypto from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { LocalStorage } from './local.ts';
import { S3Storage } from './s3.ts';
import type { Storage } from './types.ts';

export * from './types.ts';
export * from './keys.ts';
export { LocalStorage, SignatureError, LOCAL_OBJECT_PREFIX, LOCAL_PUBLIC_PREFIX } from './local.ts';
export { S3Storage, supabasePublicBase } from './s3.ts';

/** `secret` is the server's signing secret; local URLs are signed with a key derived from it. */
export function createStorage(config: Config, secret: string): Storage {
  if (config.S3_ENDPOINT && (config.S3_BUCKET || (config.S3_UPLOADS_BUCKET && config.S3_AVATARS_BUCKET))) {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT,
      ...(config.S3_UPLOADS_BUCKET && config.S3_AVATARS_BUCKET
        ? { buckets: { uploads: config.S3_UPLOADS_BUCKET, avatars: config.S3_AVATARS_BUCKET } }
        : { bucket: config.S3_BUCKET }),
      publicBaseUrl: config.S3_AVATARS_PUBLIC_URL,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  const key = crypto.createHmac('sha256', secret).update('chitchat local storage URL signing').digest();
  return new LocalStorage(path.join(config.dataDir, 'storage'), key, config.PUBLIC_URL);
}
