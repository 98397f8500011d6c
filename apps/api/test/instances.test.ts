// Several instances: two real API processes on different ports over the same PostgreSQL and
// Redis, started at the same moment on an empty database, with requests alternating between them
// (a load balancer's view). Needs TEST_DATABASE_URL and TEST_REDIS_URL (the CI PostgreSQL + Redis
// pass runs it); without them it is reported as skipped and says why.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../src/platform/db/migrate.ts';
import { connectRedis } from '../src/platform/cache/index.ts';
import { client, usingPostgres, usingRedis } from './harness.ts';
import { startApiProcess, type ApiProcess } from '../../../scripts/lib/api-process.ts';

const enabled = usingPostgres && usingRedis;
if (!enabled)
  console.log(
    'instances.test.ts: two API processes need a shared PostgreSQL and Redis: set TEST_DATABASE_URL and TEST_REDIS_URL (the CI PostgreSQL + Redis pass does). Not run here.',
  );

// Skipped (and counted as skipped) without the services; the message above says why.
describe.skipIf(!enabled)('two API instances over one PostgreSQL and Redis', () => {
  const dbName = `chitchat_instances_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const prefix = `chitchat-instances:${crypto.randomBytes(4).toString('hex')}:`;
  const LIMIT = 20;
  let a: ApiProcess;
  let b: ApiProcess;
  let dbUrl: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    const env = {
      DATABASE_URL: dbUrl,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      REDIS_PREFIX: prefix,
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      RATE_LIMIT_USER_PER_MINUTE: String(LIMIT),
      AUTH_RATE_LIMIT_PER_15_MIN: '1000',
      DATA_DIR: `/tmp/chitchat-instances-${dbName}`,
    };
    // Both at once, on an empty database: both run migrations at start-up.
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    const r = connectRedis(process.env.TEST_REDIS_URL!);
    await new Promise((ok) => r.once('ready', ok));
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it('both started together and applied each migration exactly once', async () => {
    expect(a.port).not.toBe(b.port);
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    const { rows } = await c.query<{ version: string; n: number }>(
      'select version, count(*)::int as n from schema_migrations group by version order by version',
    );
    await c.end();
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  async function signUpOn(p: ApiProcess) {
    const email = `inst-${crypto.randomUUID()}@example.com`;
    const res = await client(p.url).post('/auth/v1/signup', {
      email,
      password: 'correct horse battery staple',
    });
    expect(res.status).toBe(200);
    return {
      email,
      token: res.body.access_token as string,
      refresh: res.body.refresh_token as string,
      id: res.body.user.id as string,
    };
  }

  it('a token issued by one works on the other; a refresh on one rotates for both', async () => {
    const u = await signUpOn(a);
    expect((await client(b.url, u.token).get('/api/v1/profile')).body.id).toBe(u.id);
    const r1 = await client(b.url).post('/auth/v1/token?grant_type=refresh_token', {
      refresh_token: u.refresh,
    });
    expect(r1.status).toBe(200);
    // Replaying the rotated token on the other instance (later than the 10 s reuse interval) is
    // detected there.
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    await c.query(
      `update auth.refresh_tokens set created_at = now() - interval '11 seconds' where user_id = $1`,
      [u.id],
    );
    await c.end();
    const replay = await client(a.url).post('/auth/v1/token?grant_type=refresh_token', {
      refresh_token: u.refresh,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error_code).toBe('refresh_token_already_used');
  });

  it('signing out on one ends the session on the other (within the 5 s liveness cache)', async () => {
    const u = await signUpOn(a);
    expect((await client(b.url, u.token).get('/api/v1/profile')).status).toBe(200);
    expect((await client(a.url, u.token).post('/auth/v1/logout?scope=global')).status).toBe(204);
    expect((await client(a.url, u.token).get('/api/v1/profile')).status).toBe(401);
    const until = Date.now() + 8_000;
    let status = 200;
    while (Date.now() < until && status !== 401) {
      status = (await client(b.url, u.token).get('/api/v1/profile')).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
  });

  it('rate limits are shared: alternating requests get LIMIT successes in total, not per instance', async () => {
    const u = await signUpOn(a);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 10; i++)
      statuses.push((await client(i % 2 ? b.url : a.url, u.token).get('/api/v1/profile')).status);
    expect(statuses.filter((s) => s === 200).length).toBe(LIMIT);
    expect(statuses.slice(LIMIT).every((s) => s === 429)).toBe(true);
  });

  it('writes made through one are read through the other, and a race between them awards XP once', async () => {
    const u = await signUpOn(b);
    const pathRes = await client(a.url, u.token).post('/api/v1/learning-paths', { topic: 'Load balancing' });
    expect(pathRes.status).toBe(201);
    const read = await client(b.url, u.token).get(`/api/v1/learning-paths/${pathRes.body.id}`);
    expect(read.status).toBe(200);
    const lesson = pathRes.body.lessons[0].id;
    expect(
      (await client(b.url, u.token).get(`/api/v1/learning-paths/${pathRes.body.id}/lessons/${lesson}`))
        .status,
    ).toBe(200);
    const done = await Promise.all(
      [a, b, a, b].map((p) =>
        client(p.url, u.token).post(`/api/v1/learning-paths/${pathRes.body.id}/lessons/${lesson}/complete`),
      ),
    );
    expect(done.every((r) => r.status === 200)).toBe(true);
    expect(done.filter((r) => r.body.newlyCompleted).length).toBe(1);
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    const { rows } = await c.query<{ xp: number; ledger: number }>(
      'select u.xp, coalesce((select sum(amount)::int from xp_events e where e.user_id = u.id), 0) as ledger from users u where u.id = $1',
      [u.id],
    );
    await c.end();
    expect(rows[0]!.xp).toBe(rows[0]!.ledger);
    expect(rows[0]!.xp).toBeGreaterThan(0);
  });

  it(
    'each background job runs exactly once across the two instances (uploads processed once)',
    { timeout: 90_000 },
    async () => {
      const u = await signUpOn(a);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        // Started on one instance, finished on the other: both share the queue (Redis) and the storage.
        const [start, finish] = i % 2 ? [a, b] : [b, a];
        const bytes = Buffer.from(
          `Notes ${i}: photosynthesis turns light into chemical energy; chlorophyll absorbs light.\n`,
        );
        const init = await client(start.url, u.token).post('/api/v1/uploads/init', {
          fileName: `n${i}.txt`,
          fileType: 'text/plain',
          fileSize: bytes.length,
        });
        expect(init.status, JSON.stringify(init.body)).toBe(201);
        expect(
          (
            await fetch(new URL(init.body.uploadUrl, start.url), {
              method: 'PUT',
              headers: init.body.headers,
              body: bytes,
            })
          ).status,
        ).toBe(200);
        expect(
          (await client(finish.url, u.token).post(`/api/v1/uploads/${init.body.uploadId}/complete`, {}))
            .status,
        ).toBe(202);
        ids.push(init.body.uploadId);
      }
      // Watched in the database (this user's API budget is the shared rate limit of 20 a minute).
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      const until = Date.now() + 60_000;
      let rows: Array<{ status: string; attempts: number }>;
      do {
        rows = (
          await c.query<{ status: string; attempts: number }>(
            'select status, attempts from uploads where id = any($1::uuid[])',
            [ids],
          )
        ).rows;
        if (rows.some((r) => r.status !== 'ready')) await new Promise((r) => setTimeout(r, 200));
      } while (rows.some((r) => r.status !== 'ready') && Date.now() < until);
      await c.end();
      expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'ready'));
      // `attempts` counts the times a worker claimed the job: exactly once each.
      expect(rows.map((r) => r.attempts)).toEqual(ids.map(() => 1));
    },
  );

  it('both shut down gracefully', async () => {
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    const fatal = [...a.output, ...b.output].filter((l) => /"level":(50|60)/.test(l));
    expect(fatal).toEqual([]);
  });
});
