// Shared helpers for the benchmarks: throwaway PostgreSQL databases, the real API started as a
// child process, users signed in through /auth/v1, load generators (autocannon, pgbench) and the
// result files the report is built from. Absolute numbers are reported, never asserted: every
// target is a ratio against a baseline measured in the same run on the same machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import autocannon from 'autocannon';
import { migrate } from '../../apps/api/src/platform/db/migrate.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench/results');
/** Base URL of the PostgreSQL server the benchmarks create their databases on. */
export const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Seconds per load measurement (BENCH_SECONDS shortens or lengthens every run). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

export function log(...args: unknown[]) {
  console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
}

// Result files ------------------------------------------------------------------------------------

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}
export interface Target {
  /** What is compared, e.g. "API / pgbench throughput at 32 connections". */
  name: string;
  /** The requirement, e.g. "≥ 0.5×". */
  target: string;
  /** The measured figure as shown, e.g. "0.62×". */
  measured: string;
  /** null: could not be measured in this run (see notes). */
  met: boolean | null;
}
export interface BenchResult {
  id: string;
  title: string;
  startedAt: string;
  seconds: number;
  settings: Record<string, string | number | boolean>;
  tables: Table[];
  targets: Target[];
  notes: string[];
  blocks: { title: string; text: string }[];
}

export function newResult(id: string, title: string): BenchResult & { started: number } {
  return {
    id,
    title,
    startedAt: new Date().toISOString(),
    seconds: 0,
    settings: {},
    tables: [],
    targets: [],
    notes: [],
    blocks: [],
    started: Date.now(),
  };
}

export function saveResult(r: BenchResult & { started?: number }) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const { started, ...rest } = r;
  rest.seconds = Math.round((Date.now() - (started ?? Date.now())) / 100) / 10;
  fs.writeFileSync(path.join(RESULTS_DIR, `${r.id}.json`), JSON.stringify(rest, null, 2));
  log(`wrote bench/results/${r.id}.json`);
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const ratio = (n: number, digits = 2) => `${fmt(n, digits)}×`;

// Statistics --------------------------------------------------------------------------------------

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export function summarise(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    mean,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

// PostgreSQL --------------------------------------------------------------------------------------

export interface BenchDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A new, migrated PostgreSQL database; dropped by drop() (and named so a leftover is obvious). */
export async function createBenchDatabase(tag: string, poolMax = 4): Promise<BenchDatabase> {
  const name = `chitchat_bench_${tag}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolMax });
  pool.on('error', () => {});
  await migrate(pool);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await pool.end().catch(() => {});
    const c = new pg.Client({ connectionString: PG_BASE });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)));
  return { name, url: url.toString(), pool, drop };
}

export async function serverVersions(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers,
            current_setting('max_connections') as max_connections, current_setting('work_mem') as work_mem,
            current_setting('synchronous_commit') as synchronous_commit`,
  );
  await c.end();
  return rows[0] as Record<string, string>;
}

export function pgbenchPath() {
  for (const v of ['18', '17', '16', '15']) {
    const p = `/usr/lib/postgresql/${v}/bin/pgbench`;
    if (fs.existsSync(p)) return p;
  }
  const which = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  // Debian's postgresql-contrib ships pgbench; install it when missing (needs root and apt).
  log('pgbench is missing: installing postgresql-contrib via apt');
  spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-contrib'],
    { stdio: 'inherit' },
  );
  for (const v of ['18', '17', '16', '15']) {
    const p = `/usr/lib/postgresql/${v}/bin/pgbench`;
    if (fs.existsSync(p)) return p;
  }
  throw new Error('pgbench not found (apt-get install postgresql-contrib)');
}

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  p50: number;
  p99: number;
  transactions: number;
  failed: number;
  clients: number;
  mode: string;
}

/**
 * Runs pgbench with `script` (its own transaction(s)) for `seconds` with `clients` connections,
 * and computes p50/p99 from its per-transaction log.
 */
export function pgbench(opts: {
  url: string;
  script: string;
  clients: number;
  seconds?: number;
  vars?: Record<string, string>;
  mode?: 'prepared' | 'extended' | 'simple';
  threads?: number;
}): PgbenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-pgbench-'));
  const file = path.join(dir, 'script.sql');
  fs.writeFileSync(file, opts.script);
  const mode = opts.mode ?? 'prepared';
  const u = new URL(opts.url);
  const args = [
    '-n',
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
    '-c',
    String(opts.clients),
    '-j',
    String(opts.threads ?? Math.min(2, opts.clients)),
    '-T',
    String(opts.seconds ?? SECONDS),
    '-M',
    mode,
    '-l',
    '--log-prefix',
    path.join(dir, 'log'),
    '-f',
    file,
    ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    u.pathname.slice(1),
  ];
  let r = spawnSync(pgbenchPath(), args, {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
  });
  // The PostgreSQL server is shared (max_connections): wait for other users' connections to go.
  for (let attempt = 0; attempt < 6 && r.status !== 0 && /too many clients/.test(r.stderr); attempt++) {
    log('pgbench: the server has too many clients right now; retrying in 5 s');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('log'))) fs.rmSync(path.join(dir, f));
    r = spawnSync(pgbenchPath(), args, {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
    });
  }
  if (r.status !== 0)
    throw new Error(`pgbench failed: ${r.stderr.slice(0, 2000)}\n${r.stdout.slice(0, 2000)}`);
  const out = r.stdout + r.stderr;
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
  const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const lat: number[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('log'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const cols = line.split(' ');
      if (cols.length >= 3) lat.push(Number(cols[2]) / 1000);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const s = summarise(lat);
  return { tps, latencyAvgMs, p50: s.p50, p99: s.p99, transactions, failed, clients: opts.clients, mode };
}

// The API as a child process ---------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  dataDir: string;
  /** The server's own log (stdout and stderr). */
  logFile: string;
  /** Milliseconds from spawn to the first 200 from /ready. */
  readyMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Environment that lifts the abuse limits (a benchmark is one client hammering on purpose). */
export const BENCH_ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  SERVE_WEB: 'false',
  LOG_LEVEL: 'warn',
  AI_PROVIDER: 'offline', // the local model is measured by bench/local.ts
  JWT_SECRET,
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PER_15_MIN: '100000',
};

/**
 * Starts the real API (`node --import tsx apps/api/src/main.ts`, what `npm start` runs) on a free
 * port and waits for /ready. `command` overrides what is spawned (e.g. `npm start`).
 */
export async function startApi(
  opts: {
    env?: Record<string, string>;
    command?: string[];
    cpuProf?: string;
    readyTimeoutMs?: number;
    dataDir?: string;
    keepDataDir?: boolean;
  } = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-bench-data-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const nodeArgs = [
    ...(opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProf] : []),
    '--import',
    'tsx',
    path.join(ROOT, 'apps/api/src/main.ts'),
  ];
  const [cmd, ...args] = opts.command ?? [process.execPath, ...nodeArgs];
  const logFile = path.join(dataDir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_ENV, PORT: String(port), DATA_DIR: dataDir, ...opts.env },
    stdio: ['ignore', out, out],
    // A wrapper command (npm start → node → API) runs in its own process group, stopped as a whole.
    detached: !!opts.command,
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  let stopped = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  let readyMs: number;
  for (;;) {
    if (exited)
      throw new Error(`API exited during start-up:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API not ready in time:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(25);
  }
  return {
    url,
    pid: child.pid!,
    child,
    dataDir,
    logFile,
    readyMs,
    rssMb: () => processTreeRssMb(child.pid!),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        const signal = (sig: NodeJS.Signals) =>
          opts.command ? process.kill(-child.pid!, sig) : child.kill(sig);
        signal('SIGTERM');
        const t = setTimeout(() => signal('SIGKILL'), 10_000);
        await done;
        clearTimeout(t);
      }
      fs.closeSync(out);
      if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident memory (MB) of a process and its descendants (npm start → node → API). */
export function processTreeRssMb(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      /* gone */
    }
  }
  return Math.round(total);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BenchUser {
  id: string;
  token: string;
  email: string;
}

export async function signUp(baseUrl: string, name = 'bench'): Promise<BenchUser> {
  const email = `${name}-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@bench.example.com`;
  const res = await fetch(`${baseUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery staple', data: { display_name: name } }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${JSON.stringify(body)}`);
  return { id: body.user.id, token: body.access_token, email };
}

// HTTP load ---------------------------------------------------------------------------------------

export interface HttpLoadResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  connections: number;
}

/** autocannon for `seconds` with `connections` keep-alive connections (no pipelining); `body` may be a function (one per request). */
export async function httpLoad(opts: {
  url: string;
  connections: number;
  seconds?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string | (() => string);
  warmupSeconds?: number;
}): Promise<HttpLoadResult> {
  const body = opts.body;
  const base = {
    url: opts.url,
    connections: opts.connections,
    method: (opts.method ?? 'GET') as any,
    headers: opts.headers,
    // A function gives each request its own body.
    ...(typeof body === 'function'
      ? { requests: [{ setupRequest: (req: any) => ({ ...req, body: body() }) }] }
      : { body }),
    pipelining: 1,
    timeout: 10,
  };
  if (opts.warmupSeconds) await autocannon({ ...base, duration: opts.warmupSeconds });
  const r: any = await autocannon({ ...base, duration: opts.seconds ?? SECONDS });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    connections: opts.connections,
  };
}

/** CPU time (ms, user + system) a process has used so far, from /proc (10 ms resolution). */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU time (ms) the whole machine has spent busy so far (all cores; /proc/stat, without idle and iowait). */
export function machineCpuMs(): number {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / 100;
}

/** Runs `work` and returns its result with the CPU (µs) it cost per unit, by process group. */
export async function cpuPerUnit<T>(work: () => Promise<T> | T, units: (r: T) => number, apiPid?: number) {
  const [a0, d0, m0] = [apiPid ? processCpuMs(apiPid) : 0, postgresCpuMs(), machineCpuMs()];
  const r = await work();
  const n = Math.max(1, units(r));
  const per = (ms: number) => (ms * 1000) / n;
  return {
    result: r,
    cpu: {
      api: apiPid ? per(processCpuMs(apiPid) - a0) : NaN,
      postgres: per(postgresCpuMs() - d0),
      machine: per(machineCpuMs() - m0),
    },
  };
}

/**
 * CPU time (ms) used so far by the local PostgreSQL server's processes, when it runs on this
 * machine: live processes' own time plus their reaped children's (the postmaster's cutime/cstime
 * holds the backends that have exited, e.g. pgbench's after it disconnects).
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres')) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* gone */
    }
  }
  return (ticks * 1000) / 100;
}

// The chat turn's budgets (the issue "the chat turn's CPU budget"), checked by bench/turn.ts,
// bench/stream.ts and bench/write.ts against figures measured in the same run.
export const CHAT_BUDGET = {
  /** API process CPU per streamed turn before the model's first byte (ms). */
  preModelMs: 1.5,
  /** API process CPU per streamed piece relayed (µs). */
  perPieceUs: 50,
  /** Added time to first token at 50 simultaneous streams, p50 / p99 (ms). */
  addedTtftP50Ms: 50,
  addedTtftP99Ms: 150,
  /** POST /chat throughput ÷ pgbench's two saves. */
  writeRatio: 0.25,
};

// Fake model -------------------------------------------------------------------------------------

/** The first word of every fake streamed answer (bench/lib/fake-model.ts). */
export const FAKE_FIRST_TOKEN = 'Chlorophyll';

export interface FakeModel {
  /** GEMINI_BASE_URL for the API (…/v1beta). */
  url: string;
  pid: number;
  /** Changes the scripted latency and length of the answers that start from now on. */
  script(s: { firstMs?: number; everyMs?: number; pieces?: number; hold?: boolean }): Promise<void>;
  /** Lets the streams held back by `script({ hold: true })` answer (later ones are held again). */
  release(): Promise<void>;
  /** How many streamed calls it has received so far. */
  streamsReceived(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts bench/lib/fake-model.ts in its own process with the given scripted latency. */
export async function startFakeModel(
  opts: { firstMs?: number; everyMs?: number; pieces?: number } = {},
): Promise<FakeModel> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/lib/fake-model.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      FIRST_MS: String(opts.firstMs ?? 0),
      EVERY_MS: String(opts.everyMs ?? 0),
      PIECES: String(opts.pieces ?? 8),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /PORT (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`fake model exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1beta`,
    pid: child.pid!,
    async script(s) {
      const res = await fetch(`${origin}/__script`, { method: 'POST', body: JSON.stringify(s) });
      if (res.status !== 204) throw new Error(`fake model: /__script answered ${res.status}`);
    },
    async release() {
      const res = await fetch(`${origin}/__release`, { method: 'POST' });
      if (res.status !== 204) throw new Error(`fake model: /__release answered ${res.status}`);
    },
    async streamsReceived() {
      return ((await (await fetch(`${origin}/__stats`)).json()) as { streamsReceived: number })
        .streamsReceived;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}
