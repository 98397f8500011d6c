// The storage contract, run against both backends: local disk with our own signed URLs (served by
// the real API) and S3 (AWS SDK v3 against a local S3-compatible server that verifies SigV4).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../src/platform/storage/index.ts';
import { S3Storage, isUnsafeFileName, sanitizeFileName, uploadKey } from '../src/platform/storage/index.ts';
import { signUp, startServer, type TestServer } from './harness.ts';
import { startFakeS3, type FakeS3 } from './fakes/s3.ts';

let server: TestServer;
let s3: FakeS3;
let s3Storage: S3Storage;
/** Shaped like Supabase Storage: under /storage/v1/s3, its own region, a bucket per folder. */
let supa: FakeS3;
let supaStorage: S3Storage;
/** Two accounts to own the test objects: local storage serves only a live account's objects. */
let owners: string[];

beforeAll(async () => {
  server = await startServer();
  owners = (await Promise.all([signUp(server, 'owner'), signUp(server, 'owner')])).map((u) => u.id);
  s3 = await startFakeS3();
  s3Storage = new S3Storage({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  });
  supa = await startFakeS3({
    pathPrefix: '/storage/v1/s3',
    region: 'eu-west-2',
    buckets: [{ name: 'user-uploads' }, { name: 'avatars', public: true }],
  });
  supaStorage = new S3Storage({
    endpoint: supa.endpoint,
    buckets: { uploads: 'user-uploads', avatars: 'avatars' },
    region: supa.region,
    accessKeyId: supa.accessKeyId,
    secretAccessKey: supa.secretAccessKey,
    forcePathStyle: true,
  });
});
afterAll(async () => {
  await supaStorage?.close();
  await supa?.close();
  await s3Storage?.close();
  await s3?.close();
  await server?.close();
});

describe('object keys', () => {
  it('follow the seed layout with a sanitised name', () => {
    const id = crypto.randomUUID();
    expect(uploadKey(id, 'document', 'notes.pdf', 1700000000000)).toBe(
      `user-uploads/${id}/documents/1700000000000_notes.pdf`,
    );
    expect(uploadKey(id, 'image', 'a.png', 1)).toBe(`user-uploads/${id}/images/1_a.png`);
    expect(uploadKey(id, 'video', 'v.mp4', 1)).toBe(`user-uploads/${id}/videos/1_v.mp4`);
    expect(sanitizeFileName('Résumé final (v2).pdf')).toBe('Resume_final_v2_.pdf');
    expect(sanitizeFileName('..hidden')).toBe('hidden');
    expect(sanitizeFileName('...')).toBeNull();
    expect(isUnsafeFileName('../../etc/passwd')).toBe(true);
    expect(isUnsafeFileName('..\\..\\boot.ini')).toBe(true);
    expect(isUnsafeFileName('a\u0000b.pdf')).toBe(true);
    expect(isUnsafeFileName('lecture 1.pdf')).toBe(false);
  });
});

const backends: Array<[string, () => Storage]> = [
  ['local', () => server.ctx.storage],
  ['s3', () => s3Storage],
  ['s3 (Supabase-shaped)', () => supaStorage],
];

/** Local URLs are relative to the API's origin (no PUBLIC_URL in tests); S3 URLs are absolute. */
const at = (url: string) => new URL(url, server.url);

describe.each(backends)('%s storage', (name, get) => {
  const key = (owner = owners[0]) =>
    `user-uploads/${owner}/documents/${Date.now()}_${crypto.randomUUID()}.txt`;

  it('puts, heads, gets and deletes objects', async () => {
    const s = get();
    const k = key();
    expect(await s.head(k)).toBeNull();
    await s.put(k, Buffer.from('hello storage'), 'text/plain');
    expect(await s.head(k)).toEqual({ size: 13 });
    expect((await s.get(k)).toString()).toBe('hello storage');
    await expect(s.get(k, 5)).rejects.toThrow(/larger than 5 bytes/);
    await s.delete(k);
    expect(await s.head(k)).toBeNull();
    await expect(s.get(k)).rejects.toThrow(/not found/);
  });

  it('a signed upload URL accepts exactly the signed bytes and type', async () => {
    const s = get();
    const k = key();
    const bytes = crypto.randomBytes(1000);
    const up = await s.signUpload(k, { expiresIn: 60, contentType: 'application/pdf', size: bytes.length });
    expect(up.expiresAt.getTime()).toBeGreaterThan(Date.now());
    // Wrong size and wrong type are refused.
    const tooBig = await fetch(at(up.url), {
      method: 'PUT',
      headers: up.headers,
      body: Buffer.concat([bytes, Buffer.from('x')]),
    });
    expect([400, 403, 413]).toContain(tooBig.status);
    const wrongType = await fetch(at(up.url), {
      method: 'PUT',
      headers: { 'content-type': 'text/html' },
      body: bytes,
    });
    expect(wrongType.status).toBe(403);
    expect(await s.head(k)).toBeNull();
    const ok = await fetch(at(up.url), { method: 'PUT', headers: up.headers, body: bytes });
    expect(ok.status).toBe(200);
    expect((await s.get(k)).equals(bytes)).toBe(true);
  });

  it('tampering with a signed URL (path, expiry, size) is a 403', async () => {
    const s = get();
    const k = key();
    await s.put(k, Buffer.from('secret notes'), 'text/plain');
    const down = await s.signDownload(k, { expiresIn: 60, fileName: 'file.txt', contentType: 'text/plain' });
    const res = await fetch(at(down.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('secret notes');
    const other = key(owners[1]);
    await s.put(other, Buffer.from('someone else'), 'text/plain');
    const swapped = at(down.url)
      .toString()
      .replace(encodeURI(k.split('/').slice(1).join('/')).split('/')[0]!, other.split('/')[1]!);
    expect(swapped).not.toBe(at(down.url).toString());
    expect((await fetch(swapped)).status).toBe(403);
    const u = at(down.url);
    const expKey = name === 'local' ? 'exp' : 'X-Amz-Expires';
    u.searchParams.set(expKey, String(Number(u.searchParams.get(expKey)) + 3600));
    expect((await fetch(u)).status).toBe(403);
    const up = at((await s.signUpload(key(), { expiresIn: 60, contentType: 'text/plain', size: 4 })).url);
    if (name === 'local') up.searchParams.set('size', '4000000');
    else up.searchParams.set('X-Amz-Expires', '604800');
    expect(
      (await fetch(up, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'abcd' })).status,
    ).toBe(403);
  });

  it.runIf(name.includes('Supabase'))(
    'keys map onto the bucket of their top folder, path-style under the prefix',
    async () => {
      const s = get();
      const k = key();
      await s.put(k, Buffer.from('mapped'), 'text/plain');
      const inBucket = k.slice('user-uploads/'.length);
      expect(supa.buckets.get('user-uploads')!.get(inBucket)?.body.toString()).toBe('mapped');
      const down = new URL((await s.signDownload(k, { expiresIn: 60 })).url);
      expect(down.pathname).toBe(`/storage/v1/s3/user-uploads/${inBucket}`);
      expect(down.searchParams.get('X-Amz-Credential')).toContain('/eu-west-2/s3/aws4_request');
      await expect(s.put(`elsewhere/${owners[0]}/x.txt`, Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /outside user-uploads\/ and avatars\//,
      );
      await expect(s.deletePrefix('avatars/')).rejects.toThrow(/outside/);
      await s.deletePrefix(`user-uploads/${owners[0]}/`);
      expect(await s.head(k)).toBeNull();
    },
  );

  it('an expired URL is refused', async () => {
    const s = get();
    const k = key();
    await s.put(k, Buffer.from('old'), 'text/plain');
    const down = await s.signDownload(k, { expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(at(down.url))).status).toBe(403);
  });
});
