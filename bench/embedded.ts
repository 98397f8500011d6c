// Benchmark 5 — embedded mode: the read benchmark on PGlite beside the same on PostgreSQL (same
// run, same data, same connections), `npm start` time to /ready (fresh data directory and
// existing one) against a bare Node HTTP server started the same way, and the server's resident
// memory idle and under load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../apps/api/src/platform/db/index.ts';
import {
  createBenchDatabase,
  fmt,
  log,
  newResult,
  ratio,
  saveResult,
  signUp,
  sleep,
  startApi,
  type ApiProcess,
  type BenchUser,
} from './lib/common.ts';
import { renderReport } from './lib/report.ts';
import { httpRow, loadApi, readTarget, seedChat } from './read.ts';

const CONNECTIONS = 32;

/** Samples the process tree's RSS while `work` runs; returns the work's result and the peak. */
async function withRssPeak<T>(api: ApiProcess, work: () => Promise<T>) {
  let peak = api.rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, api.rssMb())), 250);
  try {
    return { value: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

async function bareNodeReadyMs() {
  const api = await startApi({
    command: [
      process.execPath,
      '-e',
      "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, '127.0.0.1')",
    ],
  });
  const ms = api.readyMs;
  await api.stop();
  return ms;
}

export async function runEmbedded() {
  const result = newResult(
    'embedded',
    '5. Embedded mode: PGlite beside PostgreSQL, start-up time and memory',
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-bench-embedded-'));
  const npmStart = ['npm', 'start', '--silent'];
  const rows: (string | number)[][] = [];
  const startRows: (string | number)[][] = [];
  const memRows: (string | number)[][] = [];
  try {
    // 1. First start on an empty data directory: creates PGlite, applies every migration.
    const bare = await bareNodeReadyMs();
    let api = await startApi({ command: npmStart, dataDir, keepDataDir: true });
    const firstReady = api.readyMs;
    const user: BenchUser = await signUp(api.url, 'embedded');
    await api.stop();
    // 2. Seed the same chat data as the PostgreSQL run, straight into the PGlite directory.
    const lite = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    const session = await seedChat(lite.pool, user.id);
    await lite.close();
    // 3. Start again on the existing data: the everyday `npm start`.
    api = await startApi({ command: npmStart, dataDir, keepDataDir: true });
    const secondReady = api.readyMs;
    await sleep(2000);
    const idle = api.rssMb();
    const target = await readTarget(api, user, session);
    log(`embedded read target: ${target.label}`);
    await loadApi(api, user, target.path, CONNECTIONS); // warm-up (JIT), not measured
    const lite32 = await withRssPeak(api, () => loadApi(api, user, target.path, CONNECTIONS));
    const lite64 = await withRssPeak(api, () => loadApi(api, user, target.path, 64));
    const afterLoad = api.rssMb();
    await api.stop();
    log(`PGlite c=${CONNECTIONS}: ${fmt(lite32.value.rps, 0)} req/s`);

    // 4. The same on PostgreSQL, in this run.
    const db = await createBenchDatabase('embedded');
    const pgApi = await startApi({ command: npmStart, env: { DATABASE_URL: db.url } });
    let pg32;
    let pgIdle = 0;
    let pgPeak = 0;
    try {
      const pgUser = await signUp(pgApi.url, 'embedded-pg');
      const pgSession = await seedChat(db.pool, pgUser.id);
      const pgTarget = await readTarget(pgApi, pgUser, pgSession);
      await sleep(1000);
      pgIdle = pgApi.rssMb();
      await loadApi(pgApi, pgUser, pgTarget.path, CONNECTIONS); // warm-up (JIT), not measured
      const r = await withRssPeak(pgApi, () => loadApi(pgApi, pgUser, pgTarget.path, CONNECTIONS));
      pg32 = r.value;
      pgPeak = r.peak;
      startRows.push(['`npm start` on PostgreSQL (migrated database)', fmt(pgApi.readyMs, 0), '']);
    } finally {
      await pgApi.stop();
      await db.drop();
    }
    log(`PostgreSQL c=${CONNECTIONS}: ${fmt(pg32.rps, 0)} req/s`);

    rows.push(
      httpRow('API on PGlite', lite32.value),
      httpRow('API on PGlite', lite64.value),
      httpRow('API on PostgreSQL', pg32),
    );
    startRows.unshift(
      [
        '`npm start`, empty data directory (creates PGlite, applies all migrations)',
        fmt(firstReady, 0),
        ratio(firstReady / bare, 1),
      ],
      ['`npm start`, existing PGlite data', fmt(secondReady, 0), ratio(secondReady / bare, 1)],
      ['baseline: bare Node HTTP server, spawned the same way', fmt(bare, 0), '1.0×'],
    );
    memRows.push(
      ['PGlite: idle after start', idle],
      ['PGlite: peak under load (32 then 64 connections)', Math.max(lite32.peak, lite64.peak)],
      ['PGlite: after the load', afterLoad],
      ['PostgreSQL mode: idle (API process only; the database is a separate server)', pgIdle],
      ['PostgreSQL mode: peak under load', pgPeak],
    );
    result.settings = {
      request: target.label,
      'start command':
        '`npm start --silent` (SERVE_WEB=false, so no web build is triggered), timed from spawn to the first 200 from /ready',
      PGlite: 'one connection through its socket adapter (pool of 1): transactions are serialised',
      'seconds per run': Number(process.env.BENCH_SECONDS ?? 6),
    };
    result.tables.push({
      title: 'Read throughput: PGlite beside PostgreSQL (same data, same run)',
      columns: ['what', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      rows,
    });
    result.tables.push({
      title: 'Start-up: spawn to /ready',
      columns: ['what', 'ms', 'ratio to bare Node'],
      rows: startRows,
    });
    result.tables.push({
      title: 'Resident memory of the server process tree (npm → node → API), MB',
      columns: ['when', 'RSS MB'],
      rows: memRows,
    });
    rows.push([
      'PGlite ÷ PostgreSQL throughput, 32 connections (reported; the issue sets no target)',
      CONNECTIONS,
      ratio(lite32.value.rps / pg32.rps),
      '',
      '',
      '',
    ]);
    if (target.standIn)
      result.notes.push(
        'The chat messages route was not in this build: a stand-in authenticated read (GET /api/v1/profile) was measured on both databases.',
      );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runEmbedded();
  renderReport();
}
