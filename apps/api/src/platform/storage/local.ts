// Local disk storage under DATA_DIR/storage. Uploads and downloads go through this API at
// /storage/v1/object/<key> with HMAC-signed, expiring URLs: the signature covers the method, the
// key, the expiry, and for uploads the exact size and content type, so any tampering is a 403.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isPublicKey, isValidKey, isValidPrefix } from './keys.ts';
import { ObjectTooLarge, StorageNotFound, type SignedUrl, type SignOptions, type Storage } from './types.ts';

export const LOCAL_OBJECT_PREFIX = '/storage/v1/object/';
export const LOCAL_PUBLIC_PREFIX = '/storage/v1/public/';

export interface VerifiedRequest {
  key: string;
  method: 'PUT' | 'GET';
  size?: number;
  contentType?: string;
  fileName?: string;
}

export class SignatureError extends Error {}

export class LocalStorage implements Storage {
  readonly kind = 'local' as const;
  constructor(
    private readonly root: string,
    private readonly secret: Buffer,
    private readonly publicUrlBase?: string,
  ) {
    fs.mkdirSync(root, { recursive: true });
  }

  private file(key: string): string {
    if (!isValidKey(key)) throw new Error(`invalid object key: ${key}`);
    const f = path.resolve(this.root, key);
    if (!f.startsWith(this.root + path.sep)) throw new Error(`invalid object key: ${key}`);
    return f;
  }

  async put(key: string, bytes: Uint8Array) {
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${crypto.randomBytes(6).toString('hex')}.part`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, f);
  }

  /** Streams a request body to `key`, refusing more than `maxBytes` (the partial file is removed). */
  async write(key: string, body: Readable, maxBytes: number): Promise<number> {
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${crypto.randomBytes(6).toString('hex')}.part`;
    let n = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        n += chunk.length;
        if (n > maxBytes) cb(new ObjectTooLarge(maxBytes));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(tmp, { mode: 0o600 }));
      await fs.promises.rename(tmp, f);
      return n;
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string, maxBytes?: number) {
    const f = this.file(key);
    const st = await fs.promises.stat(f).catch(() => null);
    if (!st?.isFile()) throw new StorageNotFound(key);
    if (maxBytes !== undefined && st.size > maxBytes) throw new ObjectTooLarge(maxBytes);
    return fs.promises.readFile(f);
  }

  /** Path on disk of an existing object (downloads stream it). */
  async localPath(key: string): Promise<string | null> {
    const f = this.file(key);
    const st = await fs.promises.stat(f).catch(() => null);
    return st?.isFile() ? f : null;
  }

  async head(key: string) {
    const st = await fs.promises.stat(this.file(key)).catch(() => null);
    return st?.isFile() ? { size: st.size } : null;
  }

  async delete(key: string) {
    await fs.promises.rm(this.file(key), { force: true });
  }

  async deletePrefix(prefix: string) {
    if (!isValidPrefix(prefix)) throw new Error(`invalid object prefix: ${prefix}`);
    await fs.promises.rm(this.file(prefix.slice(0, -1)), { recursive: true, force: true });
  }

  private sign(fields: string[]): string {
    return crypto.createHmac('sha256', this.secret).update(fields.join('\n')).digest('base64url');
  }

  /**
   * Absolute under PUBLIC_URL when it is configured, else a path relative to this API's origin:
   * never built from request headers, which a client chooses (a forged Host would otherwise pick
   * the server other learners' browsers load an avatar from).
   */
  private absolute(pathAndQuery: string) {
    return this.publicUrlBase ? new URL(pathAndQuery, this.publicUrlBase).toString() : pathAndQuery;
  }

  private url(key: string, params: Record<string, string>) {
    const path = LOCAL_OBJECT_PREFIX + key.split('/').map(encodeURIComponent).join('/');
    return this.absolute(`${path}?${new URLSearchParams(params)}`);
  }

  async signUpload(key: string, o: SignOptions & { contentType: string; size: number }): Promise<SignedUrl> {
    this.file(key);
    const exp = Math.floor(Date.now() / 1000) + o.expiresIn;
    const sig = this.sign(['PUT', key, String(exp), String(o.size), o.contentType]);
    return {
      url: this.url(key, { exp: String(exp), size: String(o.size), ct: o.contentType, sig }),
      method: 'PUT',
      headers: { 'content-type': o.contentType },
      expiresAt: new Date(exp * 1000),
    };
  }

  async signDownload(
    key: string,
    o: SignOptions & { fileName?: string; contentType?: string },
  ): Promise<SignedUrl> {
    this.file(key);
    const exp = Math.floor(Date.now() / 1000) + o.expiresIn;
    const name = o.fileName ?? '';
    const ct = o.contentType ?? '';
    const sig = this.sign(['GET', key, String(exp), name, ct]);
    const params: Record<string, string> = { exp: String(exp), sig };
    if (name) params.name = name;
    if (ct) params.ct = ct;
    return { url: this.url(key, params), method: 'GET', headers: {}, expiresAt: new Date(exp * 1000) };
  }

  publicUrl(key: string) {
    if (!isPublicKey(key)) throw new Error(`not a public object: ${key}`);
    return this.absolute(LOCAL_PUBLIC_PREFIX + key);
  }

  /** Checks a signed request; throws SignatureError (403) when anything was altered or expired. */
  verify(method: 'PUT' | 'GET', key: string, q: Record<string, string | undefined>): VerifiedRequest {
    if (!isValidKey(key)) throw new SignatureError('The object path is invalid.');
    const exp = Number(q.exp);
    if (!q.sig || !Number.isInteger(exp)) throw new SignatureError('The URL is not signed.');
    const fields =
      method === 'PUT'
        ? ['PUT', key, String(exp), q.size ?? '', q.ct ?? '']
        : ['GET', key, String(exp), q.name ?? '', q.ct ?? ''];
    const expected = Buffer.from(this.sign(fields));
    const given = Buffer.from(q.sig);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new SignatureError(
        'The signature does not match this URL (it was altered or is for another request).',
      );
    }
    if (exp < Date.now() / 1000) throw new SignatureError('The signed URL has expired.');
    return method === 'PUT'
      ? { key, method, size: Number(q.size), contentType: q.ct }
      : { key, method, fileName: q.name || undefined, contentType: q.ct || undefined };
  }

  async close() {}
}
