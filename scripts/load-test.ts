// `npm run test:load` (`-- --short` in CI): 200 concurrent simulated learners against the real API
// process: sign up and in, browse (profile, paths, library, review queue, dashboard), chat with
// streaming, create learning paths, complete lessons, save to the library. A fixed number of
// requests, then:
//   - zero 5xx and zero transport errors;
//   - zero lost writes (every acknowledged path, completion, library item, chat turn is there);
//   - XP equals the sum of its ledger for every learner;
//   - memory flat: RSS after warm-up vs at the end (reported with the RSS at start).
// Latencies are printed for information only (speed is bench/'s business, not a pass/fail here).
// Closes with "load: N passed, M failed"; exits non-zero on any failure.
//
// Env: LOAD_LEARNERS (200), LOAD_ROUNDS (8; 2 with --short), LOAD_DB=postgres|pglite (default:
// PostgreSQL when LOAD_DATABASE_URL / TEST_DATABASE_URL / the local one answers, else PGlite).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startApiProcess } from './lib/api-process.ts';
import { Checks } from './lib/checks.ts';
import { call, callStream, listAll, rssMiB, type Reply } from './lib/http.ts';
import { createDatabase, dropDatabase, reachable } from './lib/postgres.ts';

const SHORT = process.argv.includes('--short');
const LEARNERS = Number(process.env.LOAD_LEARNERS ?? 200);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? (SHORT ? 2 : 8));

const checks = new Checks();
const check = checks.check;

interface Learner {
  email: string;
  password: string;
  id: string;
  token: string;
  paths: Array<{ id: string; topic: string; lessons: string[] }>;
  completions: Array<{ pathId: string; lessonId: string }>;
  library: string[];
  chats: Array<{ sessionId: string; text: string }>;
}

const stats = {
  requests: 0,
  byStatus: new Map<number, number>(),
  errors: [] as string[],
  fiveXX: [] as string[],
  latencies: [] as number[],
};
async function timed(what: string, f: () => Promise<Reply | { status: number }>): Promise<any> {
  const t0 = performance.now();
  try {
    const r = await f();
    stats.latencies.push(performance.now() - t0);
    stats.requests++;
    stats.byStatus.set(r.status, (stats.byStatus.get(r.status) ?? 0) + 1);
    if (r.status >= 500)
      stats.fiveXX.push(`${what} → ${r.status} ${JSON.stringify((r as Reply).body ?? '').slice(0, 200)}`);
    return r;
  } catch (err) {
    stats.requests++;
    stats.errors.push(`${what}: ${(err as Error).message}`);
    return { status: 0, body: null };
  }
}

async function postgresBase(): Promise<string | undefined> {
  if (process.env.LOAD_DB === 'pglite') return undefined;
  return reachable(
    process.env.LOAD_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
  );
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-load-'));
  const base = await postgresBase();
  const dbName = `chitchat_load_${process.pid}`;
  const dbUrl = base ? await createDatabase(base, dbName) : undefined;
  console.log(
    `== load: ${LEARNERS} concurrent learners × ${ROUNDS} rounds on ${dbUrl ? 'PostgreSQL' : 'PGlite'}${SHORT ? ' (short form)' : ''}`,
  );
  const server = await startApiProcess({
    DATA_DIR: dataDir,
    ...(dbUrl ? { DATABASE_URL: dbUrl, DATABASE_POOL_MAX: '20' } : {}),
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_15_MIN: '100000',
    LOG_LEVEL: 'warn',
  });
  const pid = server.child.pid!;
  const rssStart = await rssMiB(pid);
  const browse = [
    '/api/v1/profile',
    '/api/v1/learning-paths?limit=10',
    '/api/v1/library?limit=10',
    '/api/v1/review/due?limit=10',
    '/api/v1/dashboard',
    '/api/v1/xp',
    '/api/v1/chat/sessions?limit=10',
  ];
  // Every route the learners use must be there: a missing one would make the run do less and still pass.
  const spec = (await call(server.url, 'GET', '/api/v1/openapi.json')).body;
  const used = [
    ...browse.map((u) => u.split('?')[0]),
    '/api/v1/chat/stream',
    '/api/v1/chat/sessions/{id}/messages',
    '/api/v1/library',
  ];
  const missing = used.filter((p) => !spec?.paths?.[p]);
  check(missing.length === 0, 'the API offers every route the learners use', missing.join(', '));

  const t0 = Date.now();
  // Sign up, then sign in again (both auth paths under load).
  const learners: Learner[] = await Promise.all(
    Array.from({ length: LEARNERS }, async (_, i) => {
      const email = `load-${i}-${crypto.randomBytes(3).toString('hex')}@example.com`;
      const password = 'correct horse battery staple';
      const up = await timed('signup', () =>
        call(server.url, 'POST', '/auth/v1/signup', undefined, {
          email,
          password,
          data: { display_name: `Learner ${i}` },
        }),
      );
      const l: Learner = {
        email,
        password,
        id: up.body?.user?.id,
        token: up.body?.access_token,
        paths: [],
        completions: [],
        library: [],
        chats: [],
      };
      const inn = await timed('signin', () =>
        call(server.url, 'POST', '/auth/v1/token?grant_type=password', undefined, { email, password }),
      );
      if (inn.status === 200) l.token = inn.body.access_token;
      return l;
    }),
  );
  const ready = learners.filter((l) => l.token);
  check(ready.length === LEARNERS, `all ${LEARNERS} learners signed up and in`, `${ready.length} did`);

  let rssWarm = NaN;
  const roundFloors: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all(
      ready.map(async (l, i) => {
        for (const u of browse) await timed(`GET ${u}`, () => call(server.url, 'GET', u, l.token));
        if (round === 1 || (round + i) % 3 === 0) {
          const topic = `Load topic ${crypto.randomBytes(4).toString('hex')}`;
          const r = await timed('create path', () =>
            call(server.url, 'POST', '/api/v1/learning-paths', l.token, { topic }),
          );
          if (r.status === 201)
            l.paths.push({ id: r.body.id, topic, lessons: r.body.lessons.map((x: { id: string }) => x.id) });
        }
        const p = l.paths[(round + i) % l.paths.length];
        if (p) {
          const lessonId = p.lessons[(round - 1) % p.lessons.length];
          await timed('GET lesson', () =>
            call(server.url, 'GET', `/api/v1/learning-paths/${p.id}/lessons/${lessonId}`, l.token),
          );
          const r = await timed('complete lesson', () =>
            call(server.url, 'POST', `/api/v1/learning-paths/${p.id}/lessons/${lessonId}/complete`, l.token),
          );
          if (r.status === 200) l.completions.push({ pathId: p.id, lessonId });
        }
        const title = `Load item ${crypto.randomBytes(4).toString('hex')}`;
        const saved = await timed('save library', () =>
          call(server.url, 'POST', '/api/v1/library', l.token, {
            kind: 'resource',
            url: `https://example.org/${title.slice(10)}`,
            title,
          }),
        );
        if (saved.status === 201 || saved.status === 200) l.library.push(title);

        const text = `Explain photosynthesis step ${round} ${crypto.randomBytes(3).toString('hex')}`;
        const sessionId = l.chats[0]?.sessionId;
        await timed('chat stream', async () => {
          const s = await callStream(server.url, '/api/v1/chat/stream', l.token, {
            message: text,
            ...(sessionId ? { sessionId } : {}),
          });
          const done = s.events.find((e) => e.event === 'done');
          const error = s.events.find((e) => e.event === 'error');
          if (s.status === 200 && done && !error) l.chats.push({ sessionId: done.data.sessionId, text });
          return { status: s.status === 200 && error ? 500 : s.status, body: error?.data ?? null };
        });
      }),
    );
    // RSS swings with garbage collection: the floor of a few samples after each round is the
    // signal (a leak raises the floor round after round).
    const floor = await rssFloor(pid);
    roundFloors.push(floor);
    if (round === 1) rssWarm = floor;
    console.log(
      `   round ${round}/${ROUNDS}: ${stats.requests} requests so far, RSS floor ${floor.toFixed(0)} MiB`,
    );
  }
  const rssEnd = roundFloors[roundFloors.length - 1];
  const seconds = (Date.now() - t0) / 1000;

  check(
    stats.fiveXX.length === 0,
    `no 5xx in ${stats.requests} requests`,
    stats.fiveXX.slice(0, 5).join(' | '),
  );
  check(stats.errors.length === 0, 'no transport errors or timeouts', stats.errors.slice(0, 5).join(' | '));

  // Lost writes.
  let lost = 0;
  let acked = 0;
  for (const l of ready) {
    const paths = await listAll(server.url, l.token, '/api/v1/learning-paths');
    for (const p of l.paths) {
      acked++;
      if (paths.filter((x) => x.id === p.id).length !== 1) lost++;
    }
    const progress = new Map(paths.map((x) => [x.id, x.progress.completedLessons as string[]]));
    for (const c of l.completions) {
      acked++;
      if (!progress.get(c.pathId)?.includes(c.lessonId)) lost++;
    }
    if (l.library.length) {
      const items = await listAll(server.url, l.token, '/api/v1/library');
      for (const t of l.library) {
        acked++;
        if (items.filter((x) => x.title === t).length !== 1) lost++;
      }
    }
    if (l.chats.length) {
      const sessionIds = [...new Set(l.chats.map((c) => c.sessionId))];
      const texts: string[] = [];
      for (const s of sessionIds)
        texts.push(
          ...(await listAll(server.url, l.token, `/api/v1/chat/sessions/${s}/messages`))
            .filter((m) => m.role === 'user')
            .map((m) => m.content),
        );
      for (const c of l.chats) {
        acked++;
        if (texts.filter((t) => t === c.text).length !== 1) lost++;
      }
    }
  }
  check(
    acked > 0 && lost === 0,
    `no lost writes (${acked} acknowledged writes checked)`,
    lost ? `${lost} lost or duplicated` : '',
  );

  // Memory: flat from the end of the first round to the end of the run. An RSS that could not be
  // read is a failure: an unmeasured run proves nothing about leaks.
  console.log(
    `   RSS: start ${rssStart.toFixed(0)} MiB, floor after warm-up ${rssWarm.toFixed(0)} MiB, floor at the end ${rssEnd.toFixed(0)} MiB (per round: ${roundFloors.map((x) => x.toFixed(0)).join(', ')})`,
  );
  if (Number.isFinite(rssWarm) && Number.isFinite(rssEnd)) {
    check(
      rssEnd <= Math.max(rssWarm * 1.3, rssWarm + 96),
      `memory flat across the run (RSS ${rssWarm.toFixed(0)} → ${rssEnd.toFixed(0)} MiB)`,
    );
  } else {
    check(
      false,
      'memory flat across the run',
      `could not read the API's RSS (/proc/${pid}/status), so memory was not measured`,
    );
  }

  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(0);
  console.log(
    `   ${stats.requests} requests in ${seconds.toFixed(1)} s (${(stats.requests / seconds).toFixed(0)}/s); latency p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms (informational); statuses ${JSON.stringify(Object.fromEntries(stats.byStatus))}`,
  );

  check((await server.stop()) === 0, 'the server shut down cleanly after the run');
  // XP equals its ledger (SQL after the stop, so PGlite's directory is free).
  let rows: Array<{ bad: number; n: number; xp: number }>;
  if (dbUrl) {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    rows = (await c.query(XP_SQL)).rows;
    await c.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { vector } = await import('@electric-sql/pglite-pgvector');
    const lite = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), extensions: { vector } });
    rows = (await lite.query<{ bad: number; n: number; xp: number }>(XP_SQL)).rows;
    await lite.close();
  }
  check(
    rows[0].bad === 0 && rows[0].xp > 0,
    `XP equals the sum of the ledger for all ${rows[0].n} learners (total ${rows[0].xp})`,
  );

  if (base) await dropDatabase(base, dbName);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function rssFloor(pid: number) {
  let min = Infinity;
  for (let i = 0; i < 6; i++) {
    min = Math.min(min, await rssMiB(pid));
    await new Promise((r) => setTimeout(r, 250));
  }
  return min;
}

const XP_SQL = `select count(*) filter (where u.xp <> coalesce((select sum(e.amount) from xp_events e where e.user_id = u.id), 0))::int as bad,
                       count(*)::int as n, coalesce(sum(u.xp), 0)::int as xp from users u`;

try {
  await main();
} catch (err) {
  checks.couldNotRun('the load test', err);
}
checks.finish('load');
