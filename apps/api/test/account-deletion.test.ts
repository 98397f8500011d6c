// Deleting an account removes every stored object of it (local disk and S3), its URLs stop working
// at once, a purge interrupted by a crash or an outage finishes on the next start, and abandoned
// pending uploads are swept after a day.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTestDatabase,
  signUp,
  startServer,
  type TestDatabase,
  type TestServer,
} from './harness.ts';
import { makePng, uploadMultipart, uploadViaUrl } from './uploads-fixtures.ts';
import { startFakeS3, type FakeS3 } from './fakes/s3.ts';
import { purgeAccount } from '../src/features/profile/deletion.ts';
import { sweepAbandonedUploads } from '../src/features/uploads/sweep.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const notes = (n: number) => Buffer.from(`Notes ${n}: chlorophyll absorbs red and blue light.\n`);

/** A learner with two documents and an avatar; returns their URLs as the API handed them out. */
async function learnerWithFiles(server: TestServer, name: string) {
  const u = await signUp(server, name);
  const { init, complete } = await uploadViaUrl(u, 'one.txt', 'text/plain', notes(1));
  expect(complete.status, JSON.stringify(complete.body)).toBe(202);
  const two = await uploadMultipart(u, server.url, 'two.txt', 'text/plain', notes(2));
  expect(two.status, JSON.stringify(two.body)).toBe(202);
  const avatar = await uploadMultipart(
    u,
    server.url,
    'me.png',
    'image/png',
    await makePng(32, 32),
    '/api/v1/profile/avatar',
  );
  expect(avatar.status, JSON.stringify(avatar.body)).toBe(200);
  const pending = await u.api.post('/api/v1/uploads/init', {
    fileName: 'later.txt',
    fileType: 'text/plain',
    fileSize: 5,
  });
  const download = (await u.api.get(`/api/v1/uploads/${init.uploadId}`)).body.downloadUrl as string;
  return {
    u,
    download,
    avatarUrl: avatar.body.avatarUrl as string,
    pendingUpload: pending.body as { uploadUrl: string; headers: Record<string, string> },
  };
}

const userDirs = (dataDir: string, id: string) => [
  path.join(dataDir, 'storage/user-uploads', id),
  path.join(dataDir, 'storage/avatars', id),
];
const purgeRow = (id: string) =>
  database.db.admin.selectFrom('storage_purges').selectAll().where('user_id', '=', id).executeTakeFirst();

describe('local disk', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ db: database.db });
  });
  afterAll(async () => server?.close());

  it('deleting the account removes its files at once, and its URLs and avatar are 404 right away', async () => {
    const { u, download, avatarUrl, pendingUpload } = await learnerWithFiles(server, 'leaver');
    const other = await learnerWithFiles(server, 'stays');
    for (const dir of userDirs(server.config.dataDir, u.id)) expect(fs.existsSync(dir)).toBe(true);
    expect((await u.api.fetchUrl(download)).status).toBe(200);
    expect((await u.api.fetchUrl(avatarUrl)).status).toBe(200);

    expect((await u.api.delete('/api/v1/profile')).status).toBe(204);

    for (const dir of userDirs(server.config.dataDir, u.id)) expect(fs.existsSync(dir)).toBe(false);
    expect((await u.api.fetchUrl(download)).status).toBe(404);
    expect((await u.api.fetchUrl(avatarUrl)).status).toBe(404);
    const put = await u.api.fetchUrl(pendingUpload.uploadUrl, {
      method: 'PUT',
      headers: pendingUpload.headers,
      body: 'hello',
    });
    expect(put.status).toBe(404);
    for (const dir of userDirs(server.config.dataDir, u.id)) expect(fs.existsSync(dir)).toBe(false);
    // Nobody else's files are touched.
    expect((await other.u.api.fetchUrl(other.download)).status).toBe(200);
    expect((await other.u.api.fetchUrl(other.avatarUrl)).status).toBe(200);
  });

  it('a purge interrupted by a crash finishes on the next start; meanwhile its URLs are refused', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-purge-'));
    try {
      const first = await startServer({ db: database.db, env: { DATA_DIR: dataDir } });
      const { u, download, avatarUrl } = await learnerWithFiles(first, 'crashed');
      // Its documents are read first: this raw delete has no retry, and a deletion racing a job that
      // holds the upload's row can deadlock (the service's deleteUser retries; this is the crash case).
      await first.ctx.jobs.idle();
      // The deletion committed (the trigger queued the purge) and the process died before any object went.
      await database.db.admin.deleteFrom('users').where('id', '=', u.id).execute();
      expect(await purgeRow(u.id)).toBeDefined();
      for (const dir of userDirs(dataDir, u.id)) expect(fs.existsSync(dir)).toBe(true);
      expect((await u.api.fetchUrl(download)).status).toBe(404);
      expect((await u.api.fetchUrl(avatarUrl)).status).toBe(404);
      await first.close();

      const second = await startServer({ db: database.db, env: { DATA_DIR: dataDir } });
      try {
        await second.ctx.jobs.idle();
        for (const dir of userDirs(dataDir, u.id)) expect(fs.existsSync(dir)).toBe(false);
        // The row stays for a final pass once every upload URL signed before the deletion expired.
        expect(await purgeRow(u.id)).toBeDefined();
        await database.db.admin
          .updateTable('storage_purges')
          .set({ requested_at: new Date(Date.now() - 3600_000) })
          .where('user_id', '=', u.id)
          .execute();
        await purgeAccount(second.ctx, u.id);
        expect(await purgeRow(u.id)).toBeUndefined();
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a validly signed URL for an account that does not exist is a 404', async () => {
    const key = `user-uploads/${crypto.randomUUID()}/documents/1_x.txt`;
    await server.ctx.storage.put(key, Buffer.from('x'), 'text/plain');
    const down = await server.ctx.storage.signDownload(key, { expiresIn: 60 });
    expect((await fetch(new URL(down.url, server.url))).status).toBe(404);
  });

  it('abandoned pending uploads older than a day are swept, object and row; newer and completed ones stay', async () => {
    const u = await signUp(server, 'abandoner');
    const init = async (name: string) => {
      const r = await u.api.post('/api/v1/uploads/init', {
        fileName: name,
        fileType: 'text/plain',
        fileSize: 5,
      });
      expect(r.status).toBe(201);
      return r.body as { uploadId: string; uploadUrl: string; headers: Record<string, string>; path: string };
    };
    const old = await init('old.txt');
    expect(
      (await u.api.fetchUrl(old.uploadUrl, { method: 'PUT', headers: old.headers, body: 'hello' })).status,
    ).toBe(200);
    const oldNoBytes = await init('never-sent.txt');
    const recent = await init('recent.txt');
    const done = await uploadViaUrl(u, 'kept.txt', 'text/plain', notes(3));
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await database.db.admin
      .updateTable('uploads')
      .set({ created_at: dayAgo })
      .where('id', 'in', [old.uploadId, oldNoBytes.uploadId, done.init.uploadId])
      .execute();
    expect(await server.ctx.storage.head(old.path)).not.toBeNull();

    expect(await sweepAbandonedUploads(server.ctx)).toBe(2);

    expect(await server.ctx.storage.head(old.path)).toBeNull();
    const left = await database.db.admin
      .selectFrom('uploads')
      .select('id')
      .where('user_id', '=', u.id)
      .execute();
    expect(left.map((r) => r.id).sort()).toEqual([recent.uploadId, done.init.uploadId].sort());
    expect(await server.ctx.storage.head(done.init.path)).not.toBeNull();
  });
});

describe('S3', () => {
  let s3: FakeS3;
  const s3Env = () => ({
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  // Two keys per listing page, so deleting an account pages through its objects.
  beforeAll(async () => {
    s3 = await startFakeS3({ listPageSize: 2 });
  });
  afterAll(async () => s3?.close());

  const objectsOf = (id: string) => [...s3.objects.keys()].filter((k) => k.includes(`/${id}/`));

  it('deleting the account deletes its objects in the request: presigned URLs are 404 at once', async () => {
    const server = await startServer({ db: database.db, env: s3Env() });
    try {
      const { u, download } = await learnerWithFiles(server, 's3leaver');
      const other = await learnerWithFiles(server, 's3stays');
      expect(objectsOf(u.id).length).toBeGreaterThanOrEqual(3);
      expect((await fetch(download)).status).toBe(200);

      expect((await u.api.delete('/api/v1/profile')).status).toBe(204);

      expect(objectsOf(u.id)).toEqual([]);
      expect((await fetch(download)).status).toBe(404);
      expect(objectsOf(other.u.id).length).toBeGreaterThanOrEqual(3);
    } finally {
      await server.close();
    }
  });

  it('a store outage during the deletion is retried, and finished by the next start', async () => {
    const first = await startServer({ db: database.db, env: s3Env() });
    const { u } = await learnerWithFiles(first, 's3outage');
    const before = objectsOf(u.id);
    s3.unavailable = true;
    try {
      expect((await u.api.delete('/api/v1/profile')).status).toBe(204);
      await first.ctx.jobs.idle();
      expect(objectsOf(u.id)).toEqual(before);
      const row = await purgeRow(u.id);
      expect(row?.attempts).toBeGreaterThanOrEqual(1);
      expect(row?.last_error).toBeTruthy();
    } finally {
      await first.close();
      s3.unavailable = false;
    }
    const second = await startServer({ db: database.db, env: s3Env() });
    try {
      await second.ctx.jobs.idle();
      expect(objectsOf(u.id)).toEqual([]);
      // The deleted account's token no longer works on the new server either.
      expect((await client(second.url, u.token).get('/api/v1/profile')).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
