// `npm run test:crash`: crash safety. Starts the real API on PostgreSQL and on PGlite on disk,
// drives a mixed load (learning paths created, lessons completed, library items saved, chat
// messages and uploads), kills the server with SIGKILL at random points
// several times, restarts it on the same data, and checks that
//   - every request that was acknowledged (2xx) is present, exactly once;
//   - every learner's XP equals the sum of their XP ledger;
//   - every upload that was acknowledged finishes processing after the restarts.
// Prints one line per check and closes with "N passed, M failed"; exits non-zero on any failure.
//
// Env: CRASH_ROUNDS (kills per database, default 3), CRASH_SEED, CRASH_DATABASE_URL (default
// TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres when it answers; otherwise
// only PGlite runs, and the script says so).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startApiProcess, type ApiProcess } from './lib/api-process.ts';
import { Checks } from './lib/checks.ts';
import * as http from './lib/http.ts';
import { createDatabase, dropDatabase, reachable } from './lib/postgres.ts';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const USERS = 6;
const WORKERS = 12;
let seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
const rand = () => {
  // mulberry32: reproducible kill points for a given CRASH_SEED.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

const checks = new Checks();
const check = checks.check;

interface Learner {
  email: string;
  password: string;
  id: string;
  token: string;
}
interface Acked {
  paths: Map<string, { user: Learner; topic: string; lessons: string[] }>;
  completions: Array<{ user: Learner; pathId: string; lessonId: string }>;
  library: Array<{ user: Learner; title: string }>;
  messages: Array<{ user: Learner; sessionId: string; text: string }>;
  uploads: Array<{ user: Learner; id: string }>;
}

// Requests give up after 30 s: a server killed mid-request must not stall the run.
const TIMEOUT_MS = 30_000;
const call = (base: string, method: string, url: string, token?: string, body?: unknown) =>
  http.call(base, method, url, token, body, TIMEOUT_MS);
const listAll = (base: string, token: string, url: string) => http.listAll(base, token, url, TIMEOUT_MS);

async function signIn(base: string, l: Learner) {
  const r = await call(base, 'POST', '/auth/v1/token?grant_type=password', undefined, {
    email: l.email,
    password: l.password,
  });
  if (r.status !== 200)
    throw new Error(`sign-in failed after restart: ${r.status} ${JSON.stringify(r.body)}`);
  l.token = r.body.access_token;
}

async function runOn(
  kind: 'postgres' | 'pglite',
  env: Record<string, string>,
  sqlUrl: () => Promise<{ query: (q: string) => Promise<any[]>; close: () => Promise<void> }>,
) {
  console.log(`\n== ${kind}: ${ROUNDS} SIGKILLs under load`);
  let server: ApiProcess = await startApiProcess(env);
  // Every route the load uses must be there: a missing one would make the run do less and still pass.
  const spec = (await call(server.url, 'GET', '/api/v1/openapi.json')).body;
  const used = [
    '/api/v1/learning-paths',
    '/api/v1/library',
    '/api/v1/chat',
    '/api/v1/chat/sessions/{id}/messages',
    '/api/v1/uploads/init',
    '/api/v1/uploads/{id}/complete',
  ];
  const missing = used.filter((p) => !spec?.paths?.[p]);
  check(missing.length === 0, `${kind}: the API offers every route the load uses`, missing.join(', '));
  const learners: Learner[] = [];
  for (let i = 0; i < USERS; i++) {
    const email = `crash-${kind}-${i}-${crypto.randomBytes(3).toString('hex')}@example.com`;
    const r = await call(server.url, 'POST', '/auth/v1/signup', undefined, {
      email,
      password: 'correct horse battery staple',
    });
    if (r.status !== 200) throw new Error(`signup: ${r.status} ${JSON.stringify(r.body)}`);
    learners.push({
      email,
      password: 'correct horse battery staple',
      id: r.body.user.id,
      token: r.body.access_token,
    });
  }
  const acked: Acked = { paths: new Map(), completions: [], library: [], messages: [], uploads: [] };
  const ops: Array<(base: string) => Promise<void>> = [
    async (base) => {
      const user = pick(learners);
      const topic = `Crash ${crypto.randomBytes(5).toString('hex')}`;
      const r = await call(base, 'POST', '/api/v1/learning-paths', user.token, { topic });
      if (r.status === 201)
        acked.paths.set(r.body.id, { user, topic, lessons: r.body.lessons.map((l: { id: string }) => l.id) });
    },
    async (base) => {
      const entries = [...acked.paths.entries()];
      if (!entries.length) return;
      const [pathId, p] = pick(entries);
      const lessonId = pick(p.lessons);
      // A lesson pays (and completes) only once opened.
      if (
        (await call(base, 'GET', `/api/v1/learning-paths/${pathId}/lessons/${lessonId}`, p.user.token))
          .status !== 200
      )
        return;
      const r = await call(
        base,
        'POST',
        `/api/v1/learning-paths/${pathId}/lessons/${lessonId}/complete`,
        p.user.token,
      );
      if (r.status === 200) acked.completions.push({ user: p.user, pathId, lessonId });
    },
    async (base) => {
      const user = pick(learners);
      const title = `Saved ${crypto.randomBytes(5).toString('hex')}`;
      // A resource is saved once per URL (saving it again is not a new item): one URL per item.
      const r = await call(base, 'POST', '/api/v1/library', user.token, {
        kind: 'resource',
        url: `https://example.org/${title.slice(6)}`,
        title,
      });
      if (r.status === 201 || r.status === 200) acked.library.push({ user, title });
    },
    async (base) => {
      const user = pick(learners);
      const text = `Crash message ${crypto.randomBytes(5).toString('hex')}: what is photosynthesis?`;
      const r = await call(base, 'POST', '/api/v1/chat', user.token, { message: text });
      if (r.status === 200) acked.messages.push({ user, sessionId: r.body.sessionId, text });
    },
    async (base) => {
      const user = pick(learners);
      const bytes = Buffer.from(
        `Crash notes ${crypto.randomBytes(5).toString('hex')}.\nPhotosynthesis turns light into chemical energy. Chlorophyll absorbs light.\n`,
      );
      const init = await call(base, 'POST', '/api/v1/uploads/init', user.token, {
        fileName: 'notes.txt',
        fileType: 'text/plain',
        fileSize: bytes.length,
      });
      if (init.status !== 201) return;
      // The signed URL may be relative to the API's origin.
      const put = await fetch(new URL(init.body.uploadUrl, base), {
        method: 'PUT',
        headers: init.body.headers,
        body: bytes,
        signal: AbortSignal.timeout(30_000),
      });
      if (!put.ok) return;
      const done = await call(base, 'POST', `/api/v1/uploads/${init.body.uploadId}/complete`, user.token, {});
      if (done.status === 202) acked.uploads.push({ user, id: init.body.uploadId });
    },
  ];

  for (let round = 1; round <= ROUNDS; round++) {
    let stop = false;
    const base = server.url;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (!stop) {
        try {
          await pick(ops)(base);
        } catch {
          /* in flight when the server died: not acknowledged */
        }
      }
    });
    // Let the load get going (a few new acknowledgements, at most 60 s), then kill at a random point.
    const acks = () =>
      acked.paths.size +
      acked.completions.length +
      acked.library.length +
      acked.messages.length +
      acked.uploads.length;
    const before = acks();
    const started = Date.now();
    while (acks() - before < 8 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 25));
    const killAfter = Math.floor(rand() * 1500);
    await new Promise((r) => setTimeout(r, killAfter));
    const code = await server.kill();
    stop = true;
    await Promise.all(workers);
    console.log(
      `   round ${round}: SIGKILL ${killAfter} ms after the load got going (exit ${code}); acknowledged so far: ${acked.paths.size} paths, ${acked.completions.length} completions, ${acked.library.length} library items, ${acked.messages.length} chat turns, ${acked.uploads.length} uploads`,
    );
    server = await startApiProcess(env);
    for (const l of learners) await signIn(server.url, l);
  }

  // Every acknowledged write is there, exactly once.
  let missingPaths = 0;
  let duplicatePaths = 0;
  for (const l of learners) {
    const mine = await listAll(server.url, l.token, '/api/v1/learning-paths');
    const topics = new Map<string, number>();
    for (const p of mine) topics.set(p.topic, (topics.get(p.topic) ?? 0) + 1);
    for (const [, p] of [...acked.paths].filter(([, p]) => p.user === l)) {
      const n = topics.get(p.topic) ?? 0;
      if (n === 0) missingPaths++;
      if (n > 1) duplicatePaths++;
    }
  }
  check(
    acked.paths.size > 0 && missingPaths === 0,
    `${kind}: every acknowledged learning path survived (${acked.paths.size})`,
    missingPaths ? `${missingPaths} missing` : '',
  );
  check(
    duplicatePaths === 0,
    `${kind}: no learning path was stored twice`,
    duplicatePaths ? `${duplicatePaths} duplicated` : '',
  );

  let missingCompletions = 0;
  const progress = new Map<string, string[]>();
  for (const c of acked.completions) {
    if (!progress.has(c.pathId)) {
      const r = await call(server.url, 'GET', `/api/v1/learning-paths/${c.pathId}`, c.user.token);
      progress.set(c.pathId, r.status === 200 ? r.body.progress.completedLessons : []);
    }
    if (!progress.get(c.pathId)!.includes(c.lessonId)) missingCompletions++;
  }
  check(
    missingCompletions === 0,
    `${kind}: every acknowledged lesson completion survived (${acked.completions.length})`,
    missingCompletions ? `${missingCompletions} missing` : '',
  );

  let missingItems = 0;
  let dup = 0;
  for (const l of learners) {
    const items = await listAll(server.url, l.token, '/api/v1/library');
    for (const a of acked.library.filter((x) => x.user === l)) {
      const n = items.filter((i) => i.title === a.title).length;
      if (n === 0) missingItems++;
      if (n > 1) dup++;
    }
  }
  check(
    missingItems === 0 && dup === 0,
    `${kind}: every acknowledged library item is there exactly once (${acked.library.length})`,
    missingItems || dup ? `${missingItems} missing, ${dup} duplicated` : '',
  );

  let wrong = 0;
  const bySession = new Map<string, Array<{ role: string; content: string }>>();
  for (const m of acked.messages) {
    if (!bySession.has(m.sessionId))
      bySession.set(
        m.sessionId,
        await listAll(
          server.url,
          m.user.token,
          `/api/v1/chat/sessions/${m.sessionId}/messages?direction=newer`,
        ).catch(() => []),
      );
    const items = bySession.get(m.sessionId)!;
    const n = items.filter((x) => x.role === 'user' && x.content === m.text).length;
    if (n !== 1 || !items.some((x) => x.role === 'assistant')) wrong++;
  }
  check(
    wrong === 0,
    `${kind}: every acknowledged chat turn is there exactly once, with its answer (${acked.messages.length})`,
    wrong ? `${wrong} wrong` : '',
  );

  // Processing jobs interrupted by the kills must finish after the restarts.
  const until = Date.now() + 120_000;
  let unfinished: string[];
  do {
    unfinished = [];
    for (const u of acked.uploads) {
      const r = await call(server.url, 'GET', `/api/v1/uploads/${u.id}`, u.user.token);
      if (r.status !== 200 || r.body.status !== 'ready')
        unfinished.push(`${u.id}:${r.status === 200 ? r.body.status : r.status}`);
    }
    if (unfinished.length) await new Promise((r) => setTimeout(r, 500));
  } while (unfinished.length && Date.now() < until);
  check(
    unfinished.length === 0,
    `${kind}: every acknowledged upload finished processing after the restarts (${acked.uploads.length})`,
    unfinished.slice(0, 5).join(', '),
  );

  // Every kind of write was acknowledged at least once: the checks above were not about nothing.
  const kinds = {
    paths: acked.paths.size,
    completions: acked.completions.length,
    library: acked.library.length,
    chat: acked.messages.length,
    uploads: acked.uploads.length,
  };
  const none = Object.entries(kinds)
    .filter(([, n]) => n === 0)
    .map(([k]) => k);
  check(
    none.length === 0,
    `${kind}: every kind of write was acknowledged at least once ${JSON.stringify(kinds)}`,
    none.length ? `none acknowledged: ${none.join(', ')}` : '',
  );

  // XP equals the sum of its ledger, for everyone (read with SQL after a clean stop).
  check((await server.stop()) === 0, `${kind}: the restarted server shut down cleanly`);
  const db = await sqlUrl();
  try {
    const bad = await db.query(
      `select u.id, u.xp, coalesce((select sum(e.amount) from xp_events e where e.user_id = u.id), 0)::int as ledger
         from users u where u.xp <> coalesce((select sum(e.amount) from xp_events e where e.user_id = u.id), 0)`,
    );
    const total = await db.query(`select count(*)::int as n, coalesce(sum(xp), 0)::int as xp from users`);
    check(
      bad.length === 0 && total[0].xp > 0,
      `${kind}: XP equals the sum of the ledger for all ${total[0].n} learners (total ${total[0].xp} XP)`,
      bad.length ? JSON.stringify(bad.slice(0, 3)) : '',
    );
  } finally {
    await db.close();
  }
}

async function postgresBase(): Promise<string | undefined> {
  return reachable(
    process.env.CRASH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
  );
}

const secret = crypto.randomBytes(32).toString('hex');
const common = {
  JWT_SECRET: secret,
  AUTH_RATE_LIMIT_PER_15_MIN: '100000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  LOG_LEVEL: 'warn',
};

try {
  const base = await postgresBase();
  if (base) {
    const name = `chitchat_crash_${process.pid}`;
    const dbUrl = await createDatabase(base, name);
    try {
      await runOn(
        'postgres',
        {
          ...common,
          DATABASE_URL: dbUrl,
          DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-crash-pg-')),
        },
        async () => {
          const c = new pg.Client({ connectionString: dbUrl });
          await c.connect();
          return { query: async (q) => (await c.query(q)).rows, close: () => c.end() };
        },
      );
    } finally {
      await dropDatabase(base, name);
    }
  } else {
    console.log('PostgreSQL is not reachable (set CRASH_DATABASE_URL): only PGlite is tested.');
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-crash-lite-'));
  try {
    await runOn('pglite', { ...common, DATA_DIR: dataDir }, async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const { vector } = await import('@electric-sql/pglite-pgvector');
      const lite = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), extensions: { vector } });
      return { query: async (q) => (await lite.query<any>(q)).rows, close: () => lite.close() };
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
} catch (err) {
  checks.couldNotRun('the crash test', err);
}

checks.finish('crash');
