// S3-compatible storage (AWS S3, Supabase Storage's S3 endpoint, MinIO, R2) with the AWS SDK v3.
// Clients upload and download directly with presigned URLs; the upload URL signs the exact
// content length and type, so the store itself refuses any other body.
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
import { isValidKey, isValidPrefix } from './keys.ts';
import { ObjectTooLarge, StorageNotFound, type SignedUrl, type Storage } from './types.ts';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Public base for avatars (e.g. a CDN or Supabase's /object/public/<bucket>); defaults to the endpoint. */
  publicBaseUrl?: string;
}

/** Deletes in flight at once while purging a prefix. */
const DELETE_CONCURRENCY = 8;

const missing = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  constructor(private readonly o: S3Options) {
    this.client = new S3Client({
      endpoint: o.endpoint,
      region: o.region,
      forcePathStyle: o.forcePathStyle,
      credentials: o.accessKeyId && o.secretAccessKey ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : undefined,
      // Presigned URLs and plain PUTs without the newer optional checksums, which not every
      // S3-compatible server understands.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private check(key: string) {
    if (!isValidKey(key)) throw new Error(`invalid object key: ${key}`);
  }

  async put(key: string, bytes: Uint8Array, contentType: string) {
    this.check(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async get(key: string, maxBytes?: number) {
    this.check(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: key }));
      if (maxBytes !== undefined && (res.ContentLength ?? 0) > maxBytes) {
        res.Body?.transformToWebStream().cancel().catch(() => {});
        throw new ObjectTooLarge(maxBytes);
      }
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (missing(err)) throw new StorageNotFound(key);
      throw err;
    }
  }

  async head(key: string) {
    this.check(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: key }));
      return { size: res.ContentLength ?? 0 };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async delete(key: string) {
    this.check(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: key }));
  }

  /**
   * Lists the prefix page by page and deletes each object. Single DeleteObject calls rather than
   * DeleteObjects: every S3-compatible server speaks them, and this runs in a background job.
   */
  async deletePrefix(prefix: string) {
    if (!isValidPrefix(prefix)) throw new Error(`invalid object prefix: ${prefix}`);
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => o.Key!).filter(Boolean);
      for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
        await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key }))));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async signUpload(key: string, o: { expiresIn: number; contentType: string; size: number }): Promise<SignedUrl> {
    this.check(key);
    const cmd = new PutObjectCommand({ Bucket: this.o.bucket, Key: key, ContentType: o.contentType, ContentLength: o.size });
    const url = await getSignedUrl(this.client, cmd, { expiresIn: o.expiresIn, signableHeaders: new Set(['content-type', 'content-length']) });
    return { url, method: 'PUT', headers: { 'content-type': o.contentType }, expiresAt: new Date(Date.now() + o.expiresIn * 1000) };
  }

  async signDownload(key: string, o: { expiresIn: number; fileName?: string; contentType?: string }): Promise<SignedUrl> {
    this.check(key);
    const cmd = new GetObjectCommand({
      Bucket: this.o.bucket,
      Key: key,
      ...(o.fileName ? { ResponseContentDisposition: `inline; filename="${o.fileName}"` } : {}),
      ...(o.contentType ? { ResponseContentType: o.contentType } : {}),
    });
    const url = await getSignedUrl(this.client, cmd, { expiresIn: o.expiresIn });
    return { url, method: 'GET', headers: {}, expiresAt: new Date(Date.now() + o.expiresIn * 1000) };
  }

  publicUrl(key: string) {
    const base = (this.o.publicBaseUrl ?? `${this.o.endpoint.replace(/\/$/, '')}/${this.o.bucket}`).replace(/\/$/, '');
    return `${base}/${key}`;
  }

  async close() {
    this.client.destroy();
  }
}
