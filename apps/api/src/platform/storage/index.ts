// Chooses the storage backend from configuration: S3-compatible when S3_ENDPOINT and S3_BUCKET
// are set, local disk under DATA_DIR/storage otherwise.
import crypto from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { LocalStorage } from './local.ts';
import { S3Storage } from './s3.ts';
import type { Storage } from './types.ts';

export * from './types.ts';
export * from './keys.ts';
export { LocalStorage, SignatureError, LOCAL_OBJECT_PREFIX, LOCAL_PUBLIC_PREFIX } from './local.ts';
export { S3Storage } from './s3.ts';

/** `secret` is the server's signing secret; local URLs are signed with a key derived from it. */
export function createStorage(config: Config, secret: string): Storage {
  if (config.S3_ENDPOINT && config.S3_BUCKET) {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  const key = crypto.createHmac('sha256', secret).update('chitchat local storage URL signing').digest();
  return new LocalStorage(path.join(config.dataDir, 'storage'), key, config.PUBLIC_URL);
}
