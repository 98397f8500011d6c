// Hostile files fail cleanly — status 'failed' with a message a person can act on — and the
// worker keeps working afterwards. Also: a job interrupted by a crash resumes at start-up, a
// failed job can be retried, and the whole flow works with S3 storage (a local SigV4-checking
// S3 server) as well as local disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  signUp,
  startServer,
  usingRedis,
  type TestDatabase,
  type TestServer,
  type TestUser,
} from './harness.ts';
import {
  makeBlankPdf,
  makeBombPng,
  makeCorruptPdf,
  makeDocx,
  makeEncryptedPdf,
  makePdf,
  makeZipBombDocx,
  uploadMultipart,
  uploadViaUrl,
  waitProcessed,
} from './uploads-fixtures.ts';
import { startFakeS3, type FakeS3 } from './fakes/s3.ts';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startServer();
  user = await signUp(server, 'hostile');
});
afterAll(async () => server?.close());

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function failsWith(name: string, type: string, bytes: Buffer, message: RegExp) {
  const { complete } = await uploadViaUrl(user, name, type, bytes);
  expect(complete.status, JSON.stringify(complete.body)).toBe(202);
  const done = await waitProcessed(user, complete.body.id);
  expect(done.status).toBe('failed');
  expect(done.error).toMatch(message);
  expect(done.analysis).toBeNull();
  return done;
}

describe('hostile files', () => {
  it('runs on the configured queue', () => {
    expect(server.ctx.jobs.kind).toBe(usingRedis ? 'bullmq' : 'memory');
  });

  it('a zip-bomb DOCX is refused before it is unpacked', async () => {
    const bomb = await makeZipBombDocx(80);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await failsWith('bomb.docx', DOCX, bomb, /expands to more than 50 MB when unzipped/);
  });

  it('an encrypted PDF fails with a clear message', async () => {
    await failsWith('locked.pdf', 'application/pdf', makeEncryptedPdf(), /password-protected/);
  });

  it('a corrupt PDF fails with a clear message', async () => {
    await failsWith('broken.pdf', 'application/pdf', makeCorruptPdf(), /damaged or not a valid PDF/);
  });

  it('a PDF with a huge page count is refused (pages are capped)', async () => {
    await failsWith('huge.pdf', 'application/pdf', await makeBlankPdf(1001), /has 1001 pages; at most 1000/);
  });

  it('an image that decompresses to gigapixels is refused without decoding it', async () => {
    await failsWith(
      'bomb.png',
      'image/png',
      await makeBombPng(100_000, 100_000),
      /100000×100000 pixels; at most 50 megapixels/,
    );
    const avatar = await uploadMultipart(
      user,
      server.url,
      'bomb.png',
      'image/png',
      await makeBombPng(),
      '/api/v1/profile/avatar',
    );
    expect(avatar.status).toBe(422);
    expect(avatar.body.error.message).toMatch(/megapixels/);
  });

  it('a DOCX that is not a Word document fails cleanly', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/other.xml', '<x/>');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const res = await uploadMultipart(user, server.url, 'odd.docx', DOCX, bytes);
    if (res.status === 202) {
      const done = await waitProcessed(user, res.body.id);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/damaged|not a Word document/);
    } else {
      expect(res.status).toBe(415);
    }
  });

  it('after all that, the worker still processes good files', async () => {
    const ok = await uploadMultipart(
      user,
      server.url,
      'fine.docx',
      DOCX,
      await makeDocx(['Enzymes speed up chemical reactions in cells.', 'Enzymes are proteins.']),
    );
    expect((await waitProcessed(user, ok.body.id)).status).toBe('ready');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('retries', () => {
  it('a failed job can be retried, and succeeds once the cause is fixed', async () => {
    const bytes = await makePdf(['Plate tectonics moves continents a few centimetres per year.']);
    const { init, complete } = await uploadViaUrl(user, 'plates.pdf', 'application/pdf', bytes);
    // The stored object vanishes before processing finishes (e.g. an operator's mistake).
    await waitProcessed(user, complete.body.id);
    await server.ctx.db.admin
      .updateTable('uploads')
      .set({ status: 'uploaded' })
      .where('id', '=', init.uploadId)
      .execute();
    await server.ctx.storage.delete(init.path);
    await server.ctx.jobs.add(
      'upload.process',
      { uploadId: init.uploadId, userId: user.id },
      { jobId: `test-${init.uploadId}` },
    );
    const failed = await waitProcessed(user, init.uploadId);
    expect(failed).toMatchObject({ status: 'failed', error: 'The stored file is missing: upload it again.' });
    // Put it back and retry.
    await server.ctx.storage.put(init.path, bytes, 'application/pdf');
    const retry = await user.api.post(`/api/v1/uploads/${init.uploadId}/retry`, {});
    expect(retry.status).toBe(202);
    expect(retry.body.status).toBe('uploaded');
    const done = await waitProcessed(user, init.uploadId);
    expect(done.status, done.error).toBe('ready');
    expect(done.analysis.summary).toMatch(/Plate tectonics/);
    const again = await user.api.post(`/api/v1/uploads/${init.uploadId}/retry`, {});
    expect(again.status).toBe(409);
  });
});

describe('crash recovery', () => {
  let db: TestDatabase;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-resume-'));
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a job interrupted by a crash resumes when the server starts again', async () => {
    const first = await startServer({ db: db.db, env: { DATA_DIR: dataDir } });
    const u = await signUp(first, 'crash');
    const bytes = await makePdf([
      'Volcanoes form where magma reaches the surface.',
      'Lava cools into basalt.',
    ]);
    const { init, complete } = await uploadViaUrl(u, 'volcano.pdf', 'application/pdf', bytes);
    expect(complete.status).toBe(202);
    await waitProcessed(u, init.uploadId);
    await first.close();
    // As if the process died mid-job: status 'processing', no analysis, no chunks.
    await db.db.admin.deleteFrom('document_chunks').where('upload_id', '=', init.uploadId).execute();
    await db.db.admin
      .updateTable('uploads')
      .set({ status: 'processing', analysis: null, processed_at: null })
      .where('id', '=', init.uploadId)
      .execute();
    const second = await startServer({ db: db.db, env: { DATA_DIR: dataDir } });
    try {
      const again = { ...u, api: (await import('./harness.ts')).client(second.url, u.token) };
      const done = await waitProcessed(again, init.uploadId);
      expect(done.status, done.error).toBe('ready');
      expect(done.pageCount).toBe(2);
      expect(done.attempts).toBe(2);
      const chunks = await db.db.admin
        .selectFrom('document_chunks')
        .select('page')
        .where('upload_id', '=', init.uploadId)
        .orderBy('ord')
        .execute();
      expect(chunks.map((c) => c.page)).toEqual([1, 2]);
    } finally {
      await second.close();
    }
  });
});

describe('S3 storage backend', () => {
  let s3: FakeS3;
  let s3server: TestServer;
  beforeAll(async () => {
    s3 = await startFakeS3();
    s3server = await startServer({
      db: server.ctx.db,
      env: {
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_REGION: s3.region,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
  });
  afterAll(async () => {
    await s3server?.close();
    await s3?.close();
  });

  it('uploads go straight to the object store with presigned URLs, and are processed from there', async () => {
    const u = await signUp(s3server, 's3user');
    const bytes = await makePdf([
      'Newton’s first law: an object stays at rest or in uniform motion unless a force acts on it.',
      'The second law relates force, mass and acceleration.',
    ]);
    const { init, complete } = await uploadViaUrl(u, 'newton.pdf', 'application/pdf', bytes);
    expect(init.uploadUrl.startsWith(`${s3.endpoint}/${s3.bucket}/user-uploads/${u.id}/documents/`)).toBe(
      true,
    );
    expect(init.uploadUrl).toMatch(/X-Amz-Signature=/);
    expect(s3.objects.get(init.path)?.body.equals(bytes)).toBe(true);
    expect(complete.status).toBe(202);
    const done = await waitProcessed(u, init.uploadId);
    expect(done.status, done.error).toBe('ready');
    expect(done.downloadUrl.startsWith(`${s3.endpoint}/`)).toBe(true);
    const res = await fetch(done.downloadUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await u.api.delete(`/api/v1/uploads/${init.uploadId}`)).status).toBe(204);
    expect(s3.objects.has(init.path)).toBe(false);
  });

  it('avatars are stored in the bucket with a stable public URL', async () => {
    const u = await signUp(s3server, 's3avatar');
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#abcdef' } })
      .png()
      .toBuffer();
    const res = await uploadMultipart(u, s3server.url, 'me.png', 'image/png', png, '/api/v1/profile/avatar');
    expect(res.status).toBe(200);
    expect(res.body.avatarUrl).toMatch(
      new RegExp(`^${s3.endpoint}/${s3.bucket}/avatars/${u.id}/avatar\\.jpg\\?v=\\d+$`),
    );
    expect((await sharp(s3.objects.get(`avatars/${u.id}/avatar.jpg`)!.body).metadata()).width).toBe(256);
  });
});
