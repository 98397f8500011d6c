// One storage interface, two backends chosen by config: local disk with our own HMAC-signed URLs
// (default) and S3-compatible object storage with presigned URLs (S3_ENDPOINT + S3_BUCKET).

export interface SignedUrl {
  /** Absolute, or (local storage without PUBLIC_URL) a path relative to the API's origin. */
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send with the request (e.g. content-type for a signed PUT). */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface ObjectInfo {
  size: number;
}

export interface SignOptions {
  /** Seconds the URL stays valid. */
  expiresIn: number;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes; rejects with StorageNotFound when absent, ObjectTooLarge past maxBytes. */
  get(key: string, maxBytes?: number): Promise<Buffer>;
  head(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (which ends with '/'): an account's objects. */
  deletePrefix(prefix: string): Promise<void>;
  /** A URL the client PUTs exactly `size` bytes of `contentType` to. */
  signUpload(key: string, o: SignOptions & { contentType: string; size: number }): Promise<SignedUrl>;
  /** A short-lived URL to read a private object. */
  signDownload(key: string, o: SignOptions & { fileName?: string; contentType?: string }): Promise<SignedUrl>;
  /**
   * A stable URL for a public object (avatars only). Local storage: absolute under PUBLIC_URL, else
   * a path relative to the API's origin (the app resolves it against its API base).
   */
  publicUrl(key: string): string;
  close(): Promise<void>;
}

export class StorageNotFound extends Error {
  constructor(key: string) {
    super(`object not found: ${key}`);
  }
}
export class ObjectTooLarge extends Error {
  constructor(public readonly limit: number) {
    super(`object is larger than ${limit} bytes`);
  }
}
