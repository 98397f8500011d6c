// Profiles of the API under the read and write benchmarks' loads: the API started with
// `node --cpu-prof`, driven by autocannon for a few runs (throughput and CPU per request of the API
// and of PostgreSQL per run), then the profile's self time by package and by function. Part of
// `npm run bench` (the report's profile section); alone, `npm run bench:profile`:
//   BENCH_PROFILE_MODE=read (default)  GET /api/v1/chat/sessions/:id/messages?limit=50
//   BENCH_PROFILE_MODE=write           POST /api/v1/chat into one of 200 sessions, the fake model answering at once
//   BENCH_PROFILE_PATH=/api/…          another GET, in read mode
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cpuPerUnit,
  createBenchDatabase,
  fmt,
  httpLoad,
  log,
  newResult,
  saveResult,
  signUp,
  startApi,
  startFakeModel,
} from './lib/common.ts';
import { summariseProfile } from './lib/profile.ts';
import { seedSessions } from './lib/queries.ts';
import { renderReport } from './lib/report.ts';
import { seedChat } from './read.ts';
import { runTurn } from './turn.ts';

type Mode = 'read' | 'write';
const SESSIONS = 200;

export async function profileLoad(mode: Mode, opts: { runs?: number; seconds?: number; top?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-prof-'));
  const db = await createBenchDatabase(`profile_${mode}`);
  const fake = mode === 'write' ? await startFakeModel({ firstMs: 0 }) : null;
  const modelEnv: Record<string, string> = fake
    ? { GEMINI_API_KEY: 'bench-key', GEMINI_BASE_URL: fake.url, AI_PROVIDER: 'gemini' }
    : {};
  const api = await startApi({ env: { DATABASE_URL: db.url, ...modelEnv }, cpuProf: dir });
  const runs: (string | number)[][] = [];
  try {
    const user = await signUp(api.url);
    const session = await seedChat(db.pool, user.id);
    const auth = { authorization: `Bearer ${user.token}` };
    let load: Parameters<typeof httpLoad>[0];
    if (mode === 'write') {
      const sessions = await seedSessions(db.pool, user.id, SESSIONS);
      load = {
        url: `${api.url}/api/v1/chat`,
        connections: 32,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: () =>
          JSON.stringify({
            message: 'What does chlorophyll do in the light reactions?',
            sessionId: sessions[Math.floor(Math.random() * SESSIONS)],
          }),
      };
    } else {
      load = {
        url:
          api.url + (process.env.BENCH_PROFILE_PATH ?? `/api/v1/chat/sessions/${session}/messages?limit=50`),
        connections: 32,
        headers: auth,
      };
    }
    for (let i = 0; i < (opts.runs ?? 4); i++) {
      const { result: r, cpu } = await cpuPerUnit(
        () => httpLoad({ ...load, seconds: opts.seconds ?? 4 }),
        (x) => x.requests,
        api.pid,
      );
      runs.push([
        i + 1,
        fmt(r.rps, 0),
        fmt(cpu.api, 0),
        fmt(cpu.postgres, 0),
        r.p50,
        r.p99,
        r.non2xx + r.errors,
      ]);
      log(
        `profile ${mode} run ${i + 1}: ${fmt(r.rps, 0)} req/s, CPU µs/request: API ${fmt(cpu.api, 0)}, PostgreSQL ${fmt(cpu.postgres, 0)}; p99 ${r.p99} ms`,
      );
    }
  } finally {
    await api.stop();
    await fake?.stop();
    await db.drop();
  }
  // The main thread's profile is the largest file (workers write their own).
  const main = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const summary = summariseProfile(main, opts.top ?? 25);
  fs.rmSync(dir, { recursive: true, force: true });
  return { runs, summary };
}

const RUN_COLUMNS = [
  'run (4 s, 32 connections)',
  'req/s',
  'API CPU µs per request',
  'PostgreSQL CPU µs per request',
  'p50 ms',
  'p99 ms',
  'errors',
];

export async function runProfile() {
  const result = newResult(
    'profile',
    'Profiles: where the API’s CPU goes under the read and write loads and in a streamed chat turn',
  );
  try {
    for (const [mode, what] of [
      ['read', 'GET /api/v1/chat/sessions/:id/messages?limit=50 (the read benchmark)'],
      [
        'write',
        'POST /api/v1/chat into one of 200 sessions, the fake model answering at once (the write benchmark)',
      ],
    ] as const) {
      const { runs, summary } = await profileLoad(mode, { runs: 3 });
      result.tables.push({
        title: `${what}: runs under \`node --cpu-prof\` (the profiler costs some throughput)`,
        columns: RUN_COLUMNS,
        rows: runs,
      });
      result.blocks.push({
        title: `${what}: the API main thread's self time (includes start-up and idle)`,
        text: summary,
      });
    }
    // A streamed chat turn (bench/turn.ts's loads): before the model's first byte, and per piece.
    const turn = await runTurn({
      profileDir: fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-prof-turn-')),
      parts: ['pre', 'pieces'],
      save: false,
    });
    for (const b of turn.blocks)
      result.blocks.push({
        title: `A streamed chat turn (bench/turn.ts, under \`node --cpu-prof\`): ${b.title}`,
        text: b.text,
      });
    result.notes.push(
      '`writev`/`writeBuffer` are socket writes (to PostgreSQL, to the client, to the model): each a system call, dear on this VM. What the profiles led to, and what limits each target: bench/PERFORMANCE.md.',
    );
  } finally {
    saveResult(result);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.BENCH_PROFILE_MODE) {
    const { runs, summary } = await profileLoad(
      process.env.BENCH_PROFILE_MODE === 'write' ? 'write' : 'read',
      { runs: Number(process.env.BENCH_PROFILE_RUNS ?? 5), top: 40 },
    );
    console.log([RUN_COLUMNS.join(' | '), ...runs.map((r) => r.join(' | ')), '', summary].join('\n'));
  } else {
    await runProfile();
    renderReport();
  }
}
