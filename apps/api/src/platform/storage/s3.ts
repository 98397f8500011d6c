// S3-compatible storage (AWS S3, Supabase Storage's S3 endpoint, MinIO, R2) with the AWS SDK v3.
// Clients upload and download directly with presigned URLs; the upload URL signs the exact
// content length and type, so the store itself refuses any other body.
//
// Two layouts: one bucket holding the whole key (`user-uploads/{user}/…`, `avatars/{user}/…`), or
// a bucket per top folder (Supabase's private `user-uploads` and public `avatars` buckets), where
// the bucket takes the folder's place and the object key is the rest (`{user}/…`).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AVATARS_FOLDER, UPLOADS_FOLDER, isPublicKey, isValidKey, isValidPrefix } from './keys.ts';
import { ObjectTooLarge, StorageNotFound, type SignedUrl, type Storage } from './types.ts';

export interface S3Options {
  /** May carry a path (Supabase: https://<project>.supabase.co/storage/v1/s3). */
  endpoint: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** One bucket for everything (keys kept whole)… */
  bucket?: string;
  /** …or a bucket per top folder: private uploads, public avatars (keys lose their first folder). */
  buckets?: { uploads: string; avatars: string };
  /**
   * Where public objects (avatars) are served: an avatar's URL is this base + '/' + its object key
   * in its bucket. Defaults: Supabase's /storage/v1/object/public/<avatars bucket> for a Supabase
   * endpoint (its S3 endpoint serves nothing unsigned), else <endpoint>/<bucket> (path-style).
   */
  publicBaseUrl?: string;
}

/** Supabase Storage's public object URL base for a bucket, from its S3 endpoint; null for other stores. */
export function supabasePublicBase(endpoint: string, bucket: string): string | null {
  const u = new URL(endpoint);
  const path = u.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/storage/v1/s3')) return null;
  u.pathname = `${path.slice(0, -'/s3'.length)}/object/public/${encodeURIComponent(bucket)}`;
  return u.toString();
}

/** Deletes in flight at once while purging a prefix. */
const DELETE_CONCURRENCY = 8;

const missing = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly publicBase: string;
  /** One bucket for everything, or a bucket per top folder. */
  private readonly layout: { one: string } | { uploads: string; avatars: string };
  constructor(private readonly o: S3Options) {
    if (o.bucket && !o.buckets) this.layout = { one: o.bucket };
    else if (o.buckets && !o.bucket) this.layout = o.buckets;
    else throw new Error('S3 storage needs either one bucket or a bucket each for uploads and avatars');
    const avatarsBucket = 'one' in this.layout ? this.layout.one : this.layout.avatars;
    this.publicBase = (
      o.publicBaseUrl ??
      supabasePublicBase(o.endpoint, avatarsBucket) ??
      `${o.endpoint.replace(/\/+$/, '')}/${avatarsBucket}`
    ).replace(/\/+$/, '');
    this.client = new S3Client({
      endpoint: o.endpoint,
      region: o.region,
      forcePathStyle: o.forcePathStyle,
      credentials:
        o.accessKeyId && o.secretAccessKey
          ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }
          : undefined,
      // Presigned URLs and plain PUTs without the newer optional checksums, which not every
      // S3-compatible server understands.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** The bucket and object key that hold a logical key (or prefix). */
  private locate(key: string): { Bucket: string; Key: string } {
    const layout = this.layout;
    if ('one' in layout) return { Bucket: layout.one, Key: key };
    const slash = key.indexOf('/');
    const top = key.slice(0, slash);
    const rest = key.slice(slash + 1);
    const Bucket =
      top === UPLOADS_FOLDER ? layout.uploads : top === AVATARS_FOLDER ? layout.avatars : undefined;
    // An empty rest would address a whole bucket (a prefix of '' deletes everything in it).
    if (slash < 0 || !Bucket || !rest)
      throw new Error(`object key outside ${UPLOADS_FOLDER}/ and ${AVATARS_FOLDER}/: ${key}`);
    return { Bucket, Key: rest };
  }

  private check(key: string) {
    if (!isValidKey(key)) throw new Error(`invalid object key: ${key}`);
    return this.locate(key);
  }

  async put(key: string, bytes: Uint8Array, contentType: string) {
    await this.client.send(
      new PutObjectCommand({ ...this.check(key), Body: bytes, ContentType: contentType }),
    );
  }

  async get(key: string, maxBytes?: number) {
    const at = this.check(key);
    try {
      const res = await this.client.send(new GetObjectCommand(at));
      if (maxBytes !== undefined && (res.ContentLength ?? 0) > maxBytes) {
        res.Body?.transformToWebStream()
          .cancel()
          .catch(() => {});
        throw new ObjectTooLarge(maxBytes);
      }
      if (!res.Body) throw new StorageNotFound(key);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (missing(err)) throw new StorageNotFound(key);
      throw err;
    }
  }

  async head(key: string) {
    const at = this.check(key);
    try {
      const res = await this.client.send(new HeadObjectCommand(at));
      return { size: res.ContentLength ?? 0 };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand(this.check(key)));
  }

  /**
   * Lists the prefix page by page and deletes each object. Single DeleteObject calls rather than
   * DeleteObjects: every S3-compatible server speaks them, and this runs in a background job.
   */
  async deletePrefix(prefix: string) {
    if (!isValidPrefix(prefix)) throw new Error(`invalid object prefix: ${prefix}`);
    const { Bucket, Key: Prefix } = this.locate(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
        await Promise.all(
          keys
            .slice(i, i + DELETE_CONCURRENCY)
            .map((Key) => this.client.send(new DeleteObjectCommand({ Bucket, Key }))),
        );
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async signUpload(
    key: string,
    o: { expiresIn: number; contentType: string; size: number },
  ): Promise<SignedUrl> {
    const cmd = new PutObjectCommand({
      ...this.check(key),
      ContentType: o.contentType,
      ContentLength: o.size,
    });
    const url = await getSignedUrl(this.client, cmd, {
      expiresIn: o.expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': o.contentType },
      expiresAt: new Date(Date.now() + o.expiresIn * 1000),
    };
  }

  async signDownload(
    key: string,
    o: { expiresIn: number; fileName?: string; contentType?: string },
  ): Promise<SignedUrl> {
    const cmd = new GetObjectCommand({
      ...this.check(key),
      ...(o.fileName ? { ResponseContentDisposition: `inline; filename="${o.fileName}"` } : {}),
      ...(o.contentType ? { ResponseContentType: o.contentType } : {}),
    });
    const url = await getSignedUrl(this.client, cmd, { expiresIn: o.expiresIn });
    return { url, method: 'GET', headers: {}, expiresAt: new Date(Date.now() + o.expiresIn * 1000) };
  }

  /** Avatars only: a user upload never gets a URL that works without a signature. */
  publicUrl(key: string) {
    if (!isPublicKey(key)) throw new Error(`not a public object: ${key}`);
    return `${this.publicBase}/${this.locate(key).Key.split('/').map(encodeURIComponent).join('/')}`;
  }

  async close() {
    this.client.destroy();
  }
}
