// Benchmark 1 — read path vs the database's own limit: GET /api/v1/chat/sessions/:id/messages?limit=50
// (authenticated, RLS on, PostgreSQL) under 32 and 64 connections (autocannon), against pgbench
// running the same SQL in the same per-request transaction (role switch + claim + keyset query)
// with the same number of clients, and against a bare Fastify + pg handler running the same query
// (bench/lib/bare-read.ts). Targets: API throughput ≥ 0.5× pgbench's and ≥ 0.8× the bare handler's,
// PostgreSQL CPU per API read ≤ 1.2× pgbench's, p99 ≤ 25 ms.
// Also exported: the pieces the embedded benchmark reuses to run the same read on PGlite.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import {
  createBenchDatabase,
  fmt,
  httpLoad,
  log,
  newResult,
  pgbench,
  cpuPerUnit,
  ratio,
  ROOT,
  saveResult,
  serverVersions,
  signUp,
  startApi,
  type ApiProcess,
  type BenchUser,
  type HttpLoadResult,
} from './lib/common.ts';
import { renderReport } from './lib/report.ts';

export const CONNECTIONS = [32, 64];

/** A session of `messages` messages for the user, amid other users' data. Returns its id. */
export async function seedChat(pool: pg.Pool, userId: string, messages = 200, otherMessages = 10_000) {
  const session = crypto.randomUUID();
  await pool.query(`insert into chat_sessions (id, user_id, title) values ($1, $2, 'Photosynthesis')`, [
    session,
    userId,
  ]);
  await pool.query(
    `insert into chat_messages (session_id, user_id, content, role, created_at)
     select $1, $2, 'Message ' || g || ': ' || repeat('Chlorophyll absorbs light; the Calvin cycle fixes carbon. ', 4),
            case when g % 2 = 0 then 'assistant' else 'user' end, now() - make_interval(secs => $3 - g)
       from generate_series(1, $3) g`,
    [session, userId, messages],
  );
  // Other learners' data, so RLS and the indexes have something to exclude.
  await pool.query(
    `insert into users (id, email) select gen_random_uuid(), 'other-' || g || '-' || $1 || '@bench.example.com' from generate_series(1, 50) g`,
    [session],
  );
  await pool.query(
    `insert into chat_sessions (user_id, title) select id, 'other' from users where email like 'other-%-' || $1 || '@bench.example.com'`,
    [session],
  );
  await pool.query(
    `insert into chat_messages (session_id, user_id, content, role)
     select s.id, s.user_id, 'other message ' || g, 'user'
       from chat_sessions s cross join generate_series(1, $2) g where s.title = 'other' and s.user_id <> $1`,
    [userId, Math.ceil(otherMessages / 50)],
  );
  // As autovacuum would have by the time anyone reads: statistics, hint bits and the visibility map
  // set, so the first measured run does not pay for them.
  for (const table of ['users', 'chat_sessions', 'chat_messages'])
    await pool.query(`vacuum analyze ${table}`);
  return session;
}

export interface ReadTarget {
  /** What the API is asked (path with query). */
  path: string;
  /** The same SQL as the request runs, as a pgbench script (variables :uid, :sid). */
  pgbenchScript: string;
  label: string;
  standIn: boolean;
}

/** The chat messages route when it exists; until then a stand-in read route with its SQL. */
export async function readTarget(api: ApiProcess, user: BenchUser, session: string): Promise<ReadTarget> {
  const doc = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  if (doc.paths['/api/v1/chat/sessions/{id}/messages']) {
    const { CHAT_MESSAGES_PGBENCH } = await import('./lib/queries.ts');
    return {
      path: `/api/v1/chat/sessions/${session}/messages?limit=50`,
      pgbenchScript: CHAT_MESSAGES_PGBENCH,
      label: 'GET /api/v1/chat/sessions/:id/messages?limit=50',
      standIn: false,
    };
  }
  void user;
  return {
    path: '/api/v1/profile',
    pgbenchScript: `begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', :uid, true);
select id, email, display_name, avatar_url, bio, xp, is_tutor, preferences, created_at, updated_at from users where id = :uid;
commit;
`,
    label: 'GET /api/v1/profile (stand-in: the chat messages route is not in this build)',
    standIn: true,
  };
}

export async function loadApi(
  api: ApiProcess,
  user: BenchUser,
  path: string,
  connections: number,
  headers: Record<string, string> = {},
) {
  const check = await fetch(api.url + path, { headers: { authorization: `Bearer ${user.token}` } });
  if (check.status !== 200)
    throw new Error(`GET ${path} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
  return httpLoad({
    url: api.url + path,
    connections,
    headers: { authorization: `Bearer ${user.token}`, ...headers },
    warmupSeconds: 3,
  });
}

export const httpRow = (label: string, r: HttpLoadResult) => [
  label,
  r.connections,
  fmt(r.rps, 0),
  fmt(r.p50, 1),
  fmt(r.p99, 1),
  r.errors + r.non2xx + r.timeouts,
];

type Cpu = { api: number; postgres: number; machine: number };
const cpuCells = (c: Cpu) => [fmt(c.api, 0), fmt(c.postgres, 0), fmt(c.machine, 0)];

/** What the CPU figures say limits the ratio: both sides share the same two cores. */
function cpuLimitNote(api: Cpu, base: Cpu, measured: number) {
  const cores = os.cpus().length;
  return (
    `What limits it: the machine's CPU. A request through the API costs ${fmt(api.machine, 0)} µs of CPU across the machine ` +
    `(the API process ${fmt(api.api, 0)}, PostgreSQL ${fmt(api.postgres, 0)}, the rest the load generator and the kernel), ` +
    `pgbench's transaction ${fmt(base.machine, 0)} µs (PostgreSQL ${fmt(base.postgres, 0)}). On ${cores} cores that caps the API at ` +
    `~${fmt((cores * 1e6) / api.machine, 0)} req/s and pgbench at ~${fmt((cores * 1e6) / base.machine, 0)} tps: a ratio of ` +
    `${ratio(base.machine / api.machine)} by CPU alone (measured ${ratio(measured)}). The API process's share is the HTTP request and response, ` +
    `the token check, three database round trips and 50 rows mapped and serialised (its profile: the report's profile section). ` +
    `PostgreSQL spends ${ratio(api.postgres / base.postgres)} of pgbench's CPU per transaction of the same statements; the one that differs ` +
    `is the begin + role/claims message, sent on the simple protocol (parsed and planned on every request, where pgbench prepares it). ` +
    `The transaction is three round trips, not one as PostgREST pipelines it: bench/PERFORMANCE.md §9 says why. Inside PostgreSQL it is not profiled.`
  );
}

/** The bare Fastify + pg baseline (bench/lib/bare-read.ts) under the same loads as the API. */
async function loadBare(url: string, session: string) {
  const bare = await startApi({
    command: [process.execPath, '--import', 'tsx', path.join(ROOT, 'bench/lib/bare-read.ts')],
    env: { DATABASE_URL: url },
  });
  const runs = new Map<number, HttpLoadResult & { cpu: Cpu }>();
  try {
    const bareUser = { token: '' } as BenchUser;
    const bareTarget = `/sessions/${session}/messages`;
    await loadApi(bare, bareUser, bareTarget, 32); // warm-up, as the API had
    for (const c of CONNECTIONS) {
      const { result, cpu } = await cpuPerUnit(
        () => loadApi(bare, bareUser, bareTarget, c),
        (r) => r.requests,
        bare.pid,
      );
      log(
        `bare c=${c}: ${fmt(result.rps, 0)} req/s; CPU µs/request: process ${fmt(cpu.api, 0)}, PostgreSQL ${fmt(cpu.postgres, 0)}`,
      );
      runs.set(c, { ...result, cpu });
    }
  } finally {
    await bare.stop();
  }
  return runs;
}

export async function runRead() {
  const result = newResult('read', '1. Read path vs the database’s own limit (PostgreSQL)');
  const db = await createBenchDatabase('read');
  const api = await startApi({ env: { DATABASE_URL: db.url } });
  try {
    const user = await signUp(api.url, 'reader');
    const session = await seedChat(db.pool, user.id);
    const target = await readTarget(api, user, session);
    log(`read target: ${target.label}`);
    const v = await serverVersions(db.url);
    result.settings = {
      request: target.label,
      'API process':
        'node --import tsx apps/api/src/main.ts (NODE_ENV=production, LOG_LEVEL=warn, rate limits lifted)',
      'API pool (DATABASE_POOL_MAX)': process.env.DATABASE_POOL_MAX ?? '20 (default)',
      'load generator':
        'autocannon, keep-alive, no pipelining; one warm-up run of the same length first, then 3 s of warm-up before each measured run',
      baseline:
        'pgbench -M prepared, the same statements in one transaction per request, same client count, 2 threads',
      'second baseline':
        'bench/lib/bare-read.ts: Fastify + pg.Pool (same pool size) running the same two queries, no auth, RLS, transaction or validation',
      'seconds per run': Number(process.env.BENCH_SECONDS ?? 6),
      postgres: `${v.version}, shared_buffers ${v.shared_buffers}, max_connections ${v.max_connections}`,
      data: '1 session of 200 messages read by its owner, 10,000 messages of 50 other users',
    };
    const rows: (string | number)[][] = [];
    const limits: string[] = [];
    // One long warm-up first: on a busy shared machine the JIT takes well over a few seconds to
    // settle, and the first measured run would otherwise pay for it.
    await loadApi(api, user, target.path, 32);
    const apiRuns = new Map<number, HttpLoadResult & { cpu: Cpu }>();
    for (const c of CONNECTIONS) {
      const { result: a, cpu } = await cpuPerUnit(
        () => loadApi(api, user, target.path, c),
        (r) => r.requests,
        api.pid,
      );
      apiRuns.set(c, { ...a, cpu });
      log(
        `API c=${c}: ${fmt(a.rps, 0)} req/s p99 ${a.p99} ms; CPU µs/request: API ${fmt(cpu.api, 0)}, PostgreSQL ${fmt(cpu.postgres, 0)}, machine ${fmt(cpu.machine, 0)}`,
      );
    }
    // What a browser sends: compressed responses cost CPU per request.
    const br = await loadApi(api, user, target.path, 32, { 'accept-encoding': 'gzip, deflate, br' });
    result.notes.push(`API server resident memory after the runs: ${api.rssMb()} MB.`);
    // Stop the API before the baselines, so its pool's connections do not count against max_connections.
    await api.stop();
    const bareRuns = target.standIn ? new Map() : await loadBare(db.url, session);
    for (const c of CONNECTIONS) {
      const a = apiRuns.get(c)!;
      let b, bCpu: Cpu;
      try {
        ({ result: b, cpu: bCpu } = await cpuPerUnit(
          () =>
            pgbench({
              url: db.url,
              script: target.pgbenchScript,
              clients: c,
              vars: { uid: user.id, sid: session },
            }),
          (r) => r.transactions,
        ));
      } catch (err) {
        result.notes.push(
          `pgbench with ${c} clients failed: ${(err as Error).message.split('\n').slice(0, 2).join(' ')}`,
        );
        rows.push(
          [...httpRow('API', a), ...cpuCells(a.cpu)],
          ['pgbench (same SQL)', c, 'failed', '', '', '', '', '', ''],
        );
        result.targets.push({
          name: `API ÷ pgbench throughput, ${c} connections`,
          target: '≥ 0.5×',
          measured: 'n/a',
          met: null,
        });
        continue;
      }
      log(
        `pgbench c=${c}: ${fmt(b.tps, 0)} tps p99 ${fmt(b.p99, 2)} ms; CPU µs/transaction: PostgreSQL ${fmt(bCpu.postgres, 0)}, machine ${fmt(bCpu.machine, 0)}`,
      );
      rows.push(
        [...httpRow('API', a), ...cpuCells(a.cpu)],
        [
          'pgbench (same SQL)',
          c,
          fmt(b.tps, 0),
          fmt(b.p50, 1),
          fmt(b.p99, 1),
          b.failed,
          '',
          ...cpuCells(bCpu).slice(1),
        ],
      );
      if (c === CONNECTIONS[0]) limits.push(cpuLimitNote(a.cpu, bCpu, a.rps / b.tps));
      const bare = bareRuns.get(c);
      if (bare) {
        rows.push([
          ...httpRow('bare Fastify + pg (same query; no auth, RLS, validation)', bare),
          ...cpuCells(bare.cpu),
        ]);
        result.targets.push({
          name: `API ÷ bare Fastify + pg throughput, ${c} connections`,
          target: '≥ 0.8×',
          measured: ratio(a.rps / bare.rps),
          met: a.rps / bare.rps >= 0.8,
        });
      }
      result.targets.push({
        name: `PostgreSQL CPU per API read ÷ per pgbench transaction, ${c} connections`,
        target: '≤ 1.2×',
        measured: ratio(a.cpu.postgres / bCpu.postgres),
        met: target.standIn ? null : a.cpu.postgres / bCpu.postgres <= 1.2,
      });
      const r = a.rps / b.tps;
      result.targets.push({
        name: `API ÷ pgbench throughput, ${c} connections`,
        target: '≥ 0.5×',
        measured: ratio(r),
        met: target.standIn ? null : r >= 0.5,
      });
      result.targets.push({
        name: `API p99 latency, ${c} connections`,
        target: '≤ 25 ms',
        measured: `${fmt(a.p99, 1)} ms`,
        met: target.standIn ? null : a.p99 <= 25,
      });
    }
    rows.push([...httpRow('API, client accepts br/gzip (as browsers do)', br), '', '', '']);
    result.tables.push({
      title: 'Throughput and latency',
      columns: [
        'what',
        'connections',
        'req/s (tps)',
        'p50 ms',
        'p99 ms',
        'errors',
        'CPU µs per request: API process',
        'PostgreSQL',
        'whole machine',
      ],
      rows,
    });
    result.notes.push(...limits);
    if (target.standIn)
      result.notes.push(
        'The chat messages route was not in this build, so a stand-in authenticated read ran through the same per-request machinery (JWT check, rate limit, RLS transaction); its targets are shown as not measured.',
      );
  } finally {
    await api.stop();
    await db.drop();
  }
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRead();
  renderReport();
}
