// Storage on Supabase Storage's S3 endpoint, end to end: the API configured as a deployment on
// Supabase is (S3_ENDPOINT with the /storage/v1/s3 path, path-style, the project's region, a
// private `user-uploads` bucket and a public `avatars` bucket), against a fake that speaks the S3
// wire protocol under that prefix, checks SigV4 for that region only, and serves public buckets
// unsigned under /storage/v1/object/public as Supabase does. The assertions are on what the store
// received: every S3 request path-style under the prefix and scoped to the region; user uploads
// only ever reached through signed requests, never through the public route; avatars at
// Supabase's public URL.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { S3Storage, supabasePublicBase } from '../src/platform/storage/index.ts';
import { signUp, startServer, type TestServer } from './harness.ts';
import { startFakeS3, type FakeS3 } from './fakes/s3.ts';
import { makePdf, uploadMultipart, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

const PREFIX = '/storage/v1/s3';
const PUBLIC = '/storage/v1/object/public';
/** Not the SDK's default, so a region that was dropped on the way shows. */
const REGION = 'ap-southeast-1';

let s3: FakeS3;
let server: TestServer;
/** Every JSON body the API answered in this file: none may hold a public URL of an upload. */
const answers: string[] = [];

beforeAll(async () => {
  s3 = await startFakeS3({
    pathPrefix: PREFIX,
    publicPrefix: PUBLIC,
    region: REGION,
    buckets: [{ name: 'user-uploads' }, { name: 'avatars', public: true }],
  });
  server = await startServer({
    env: {
      // As docs/deploy.md sets them for a Supabase project (S3_AVATARS_PUBLIC_URL left to its default).
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: REGION,
      S3_FORCE_PATH_STYLE: 'true',
      S3_UPLOADS_BUCKET: 'user-uploads',
      S3_AVATARS_BUCKET: 'avatars',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
});
afterAll(async () => {
  await server?.close();
  await s3?.close();
});

const record = <T extends { body: unknown }>(r: T) => {
  answers.push(JSON.stringify(r.body));
  return r;
};

describe('configuration', () => {
  it('expresses a Supabase project: endpoint with a path, a bucket each, public URL derived', () => {
    const c = loadConfig({
      S3_ENDPOINT: 'https://abcd.supabase.co/storage/v1/s3',
      S3_REGION: 'eu-central-1',
      S3_UPLOADS_BUCKET: 'user-uploads',
      S3_AVATARS_BUCKET: 'avatars',
    });
    expect(c.S3_FORCE_PATH_STYLE).toBe(true);
    expect(supabasePublicBase(c.S3_ENDPOINT!, 'avatars')).toBe(
      'https://abcd.supabase.co/storage/v1/object/public/avatars',
    );
    expect(supabasePublicBase('https://abcd.storage.supabase.co/storage/v1/s3/', 'avatars')).toBe(
      'https://abcd.storage.supabase.co/storage/v1/object/public/avatars',
    );
    expect(supabasePublicBase('https://s3.eu-central-1.amazonaws.com', 'avatars')).toBeNull();
    expect(() =>
      loadConfig({
        S3_ENDPOINT: 'https://abcd.supabase.co/storage/v1/s3',
        S3_UPLOADS_BUCKET: 'user-uploads',
      }),
    ).toThrow(/S3_UPLOADS_BUCKET and S3_AVATARS_BUCKET go together/);
    expect(() =>
      loadConfig({
        S3_ENDPOINT: 'https://x.supabase.co/storage/v1/s3',
        S3_UPLOADS_BUCKET: 'files',
        S3_AVATARS_BUCKET: 'files',
      }),
    ).toThrow(/must differ from S3_UPLOADS_BUCKET/);
    expect(() =>
      loadConfig({
        S3_ENDPOINT: 'https://x.supabase.co/storage/v1/s3',
        S3_BUCKET: 'one',
        S3_UPLOADS_BUCKET: 'a1b',
        S3_AVATARS_BUCKET: 'b2c',
      }),
    ).toThrow(/not both/);
    expect(() => loadConfig({ S3_AVATARS_PUBLIC_URL: 'https://cdn.example.org/avatars' })).toThrow(
      /only applies with S3_ENDPOINT/,
    );
  });

  it('an explicit public base (a CDN) wins, and nothing but an avatar gets a public URL', () => {
    const id = crypto.randomUUID();
    const s = new S3Storage({
      endpoint: s3.endpoint,
      region: REGION,
      forcePathStyle: true,
      buckets: { uploads: 'user-uploads', avatars: 'avatars' },
      publicBaseUrl: 'https://cdn.example.org/a/',
    });
    expect(s.publicUrl(`avatars/${id}/avatar.jpg`)).toBe(`https://cdn.example.org/a/${id}/avatar.jpg`);
    expect(() => s.publicUrl(`user-uploads/${id}/documents/1_notes.pdf`)).toThrow(/not a public object/);
    expect(() => server.ctx.storage.publicUrl(`user-uploads/${id}/images/1_me.png`)).toThrow(
      /not a public object/,
    );
    expect(() => server.ctx.storage.publicUrl(`avatars/not-a-user/avatar.jpg`)).toThrow(
      /not a public object/,
    );
    void s.close();
  });
});

describe('the API on Supabase Storage', () => {
  it('uploads go to the private bucket path-style under /storage/v1/s3, signed for the region, and are read back only through signed URLs', async () => {
    const u = await signUp(server, 'supa');
    const bytes = await makePdf([
      'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.',
    ]);
    const from = s3.requests.length;
    const { init, complete } = await uploadViaUrl(u, 'leaf notes.pdf', 'application/pdf', bytes);
    record({ body: init });
    record(complete);
    expect(init.path).toMatch(new RegExp(`^user-uploads/${u.id}/documents/\\d+_leaf_notes\\.pdf$`));
    const objectKey = init.path.slice('user-uploads/'.length);
    const upUrl = new URL(init.uploadUrl);
    expect(upUrl.origin).toBe(s3.origin); // path-style: no bucket in the host name
    expect(upUrl.pathname).toBe(`${PREFIX}/user-uploads/${objectKey}`);
    expect(upUrl.searchParams.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${s3.accessKeyId}/\\d{8}/${REGION}/s3/aws4_request$`),
    );
    expect(s3.buckets.get('user-uploads')!.get(objectKey)?.body.equals(bytes)).toBe(true);
    expect(complete.status).toBe(202);

    const done = record({ body: await waitProcessed(u, init.uploadId) }).body;
    expect(done.status, done.error).toBe('ready');
    const down = new URL(done.downloadUrl);
    expect(down.pathname).toBe(`${PREFIX}/user-uploads/${objectKey}`);
    expect(down.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(down.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const res = await fetch(down);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // The same object through Supabase's public route: the bucket is private, so nothing.
    const open = await fetch(`${s3.origin}${PUBLIC}/user-uploads/${objectKey}`);
    expect(open.status).toBe(400);
    // Without the signature the S3 route refuses it as well.
    const bare = await fetch(`${s3.origin}${PREFIX}/user-uploads/${objectKey}`);
    expect(bare.status).toBe(403);

    // What the store saw of this upload: every S3 request path-style under the prefix, in the
    // region, signed (by the server's credentials or a presigned URL); the only successful reads
    // of the object were signed ones.
    const seen = s3.requests.slice(from).filter((r) => r.key === objectKey);
    const s3Seen = seen.filter((r) => r.api === 's3');
    expect(s3Seen.length).toBeGreaterThanOrEqual(3); // presigned PUT, the server's read-back, presigned GET
    for (const r of s3Seen) {
      expect(r.path).toBe(`${PREFIX}/user-uploads/${objectKey}`);
      expect(r.bucket).toBe('user-uploads');
      if (r.status < 400) expect(r.region).toBe(REGION);
    }
    expect(s3Seen.some((r) => r.method === 'PUT' && r.presigned && r.status === 200)).toBe(true);
    expect(s3Seen.some((r) => r.method === 'GET' && r.presigned && r.status === 200)).toBe(true);
    const reads = seen.filter((r) => (r.method === 'GET' || r.method === 'HEAD') && r.status === 200);
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect([r.api, r.region]).toEqual(['s3', REGION]);
    expect(seen.filter((r) => r.api === 'public').map((r) => r.status)).toEqual([400]);
  });

  it('the avatar goes to the public bucket and is served at Supabase’s public URL', async () => {
    const u = await signUp(server, 'supaface');
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    const res = record(
      await uploadMultipart(u, server.url, 'me.png', 'image/png', png, '/api/v1/profile/avatar'),
    );
    expect(res.status).toBe(200);
    expect(res.body.avatarUrl).toMatch(
      new RegExp(`^${s3.origin}${PUBLIC}/avatars/${u.id}/avatar\\.jpg\\?v=\\d+$`),
    );
    const stored = s3.buckets.get('avatars')!.get(`${u.id}/avatar.jpg`);
    expect(stored?.contentType).toBe('image/jpeg');
    expect(s3.buckets.get('user-uploads')!.has(`${u.id}/avatar.jpg`)).toBe(false);
    const put = s3.requests.filter(
      (r) => r.method === 'PUT' && r.bucket === 'avatars' && r.key === `${u.id}/avatar.jpg`,
    );
    expect(put.map((r) => [r.path, r.region, r.status])).toEqual([
      [`${PREFIX}/avatars/${u.id}/avatar.jpg`, REGION, 200],
    ]);
    // Anyone can load it, with no credentials at all.
    const img = await fetch(res.body.avatarUrl);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
    const profile = record(await u.api.get('/api/v1/profile'));
    expect(JSON.stringify(profile.body)).toContain(`${PUBLIC}/avatars/${u.id}/avatar.jpg`);
  });

  it('deleting the account empties its folders in both buckets, and no other', async () => {
    const leaver = await signUp(server, 'supaleaver');
    const stays = await signUp(server, 'supastays');
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123' } })
      .png()
      .toBuffer();
    for (const u of [leaver, stays]) {
      record(await uploadMultipart(u, server.url, 'me.png', 'image/png', png, '/api/v1/profile/avatar'));
      const up = record(
        await uploadMultipart(u, server.url, 'notes.txt', 'text/plain', Buffer.from(`notes of ${u.id}`)),
      );
      expect(up.status, JSON.stringify(up.body)).toBe(202);
    }
    const of = (bucket: string, id: string) =>
      [...s3.buckets.get(bucket)!.keys()].filter((k) => k.startsWith(`${id}/`));
    expect(of('user-uploads', leaver.id).length).toBeGreaterThan(0);
    expect(of('avatars', leaver.id)).toEqual([`${leaver.id}/avatar.jpg`]);
    expect((await leaver.api.delete('/api/v1/profile')).status).toBeLessThan(300);
    for (let i = 0; i < 100 && of('user-uploads', leaver.id).length + of('avatars', leaver.id).length; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(of('user-uploads', leaver.id)).toEqual([]);
    expect(of('avatars', leaver.id)).toEqual([]);
    expect(of('user-uploads', stays.id).length).toBeGreaterThan(0);
    expect(of('avatars', stays.id)).toEqual([`${stays.id}/avatar.jpg`]);
    const lists = s3.requests.filter((r) => r.method === 'GET' && r.key === '' && r.path.startsWith(PREFIX));
    expect(new Set(lists.map((r) => r.path))).toEqual(
      new Set([`${PREFIX}/user-uploads/`, `${PREFIX}/avatars/`]),
    );
  });

  it('no S3 request left the prefix or the region, and no answer held a public URL of an upload', () => {
    expect(s3.requests.filter((r) => r.api === 'other')).toEqual([]);
    for (const r of s3.requests.filter((x) => x.api === 's3' && x.status < 400)) {
      expect(r.path.startsWith(`${PREFIX}/`)).toBe(true);
      expect(r.region).toBe(REGION);
    }
    expect(answers.length).toBeGreaterThan(5);
    for (const a of answers) expect(a).not.toMatch(/object\/public\/user-uploads/);
  });
});
