// Benchmark 3b — a streamed chat turn's CPU budget in the API process, and what it does to time to
// first token when 50 streams start at once:
//   - CPU before the first model byte: 50 turns sent together while the fake model holds its first
//     piece back; once the model has received all 50 calls the API has nothing left to do
//     until it answers, so the API process's CPU over that window ÷ 50 is each turn's work before
//     the model's first byte (request, token check, message saved, context and grounding read, the
//     model request built and sent).
//   - CPU per streamed piece relayed: the same turns answered in PIECES_LONG pieces and in
//     PIECES_SHORT pieces; the difference in CPU per turn ÷ the difference in pieces (so the work
//     every turn does once cancels out).
//   - Added time to first token at 50 simultaneous streams: as bench/stream.ts measures it, the API
//     against the fake model called directly, in the same run.
// Budgets (CHAT_BUDGET in lib/common.ts): ≤ 1.5 ms before the first byte, ≤ 50 µs a piece, added
// TTFT ≤ 50 ms p50 and ≤ 150 ms p99. CPU is read from /proc (user + system, 10 ms ticks: hence 100+ turns a figure).
//   BENCH_QUICK=1                 fewer rounds (< 1 min)
//   BENCH_TURN_PROFILE=<dir>      the API runs under `node --cpu-prof`; the main thread's profile is
//                                 summarised into the report and left in <dir>
//   BENCH_TURN_ONLY=ttft|pre|pieces  one part only (with BENCH_TURN_PROFILE: that part's profile)
import fs from 'node:fs';
import path from 'node:path';
import {
  CHAT_BUDGET,
  createBenchDatabase,
  fmt,
  log,
  newResult,
  processCpuMs,
  saveResult,
  signUp,
  sleep,
  startApi,
  startFakeModel,
  type ApiProcess,
  type BenchUser,
  type FakeModel,
} from './lib/common.ts';
import { summariseProfile, type ProfileWindow } from './lib/profile.ts';
import { seedSessions } from './lib/queries.ts';
import { renderReport } from './lib/report.ts';
import { level, ttft } from './stream.ts';

const QUICK = !!process.env.BENCH_QUICK;
type Part = 'ttft' | 'pre' | 'pieces';
const STREAMS = 50;
const SESSIONS = 400;
const HOLD_TIMEOUT_MS = 60_000; // a shared machine can be slow; the model waits for the release
const PIECES_SHORT = 8;
const PIECES_LONG = 200;
const EVERY_MS = 2;
const CPU_ROUNDS = QUICK ? 2 : 4;
const TTFT_ROUNDS = QUICK ? 3 : 4;
const FIRST_MS = 100; // the model's first piece in the time-to-first-token runs, as bench/stream.ts

const BUDGET = CHAT_BUDGET;

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
/** When each part ran (CLOCK_MONOTONIC µs, the clock the API's CPU profile is stamped with). */
const marks: Record<'ttft' | 'pre' | 'pieces', ProfileWindow[]> = { ttft: [], pre: [], pieces: [] };
async function marked<T>(part: keyof typeof marks, work: () => Promise<T>): Promise<T> {
  const fromUs = nowUs();
  try {
    return await work();
  } finally {
    marks[part].push({ fromUs, toUs: nowUs() });
  }
}

type Turn = (opts?: { drain?: boolean }) => Promise<{ first: number; errorEvent: boolean }>;

/** Sends `n` turns at once; resolves when all are done, with the API's CPU before the model's first byte. */
async function heldBurst(api: ApiProcess, fake: FakeModel, turn: Turn, n: number) {
  const before = await fake.streamsReceived();
  const c0 = processCpuMs(api.pid);
  const fromUs = nowUs();
  const all = Promise.all(Array.from({ length: n }, () => turn()));
  const deadline = Date.now() + HOLD_TIMEOUT_MS;
  while ((await fake.streamsReceived()) < before + n) {
    if (Date.now() > deadline) throw new Error('the model did not receive every call in time');
    await sleep(10);
  }
  await sleep(40); // the last request's bytes are on the wire; let the API settle
  const c1 = processCpuMs(api.pid);
  marks.pre.push({ fromUs, toUs: nowUs() });
  await fake.release();
  const results = await all;
  return { preMs: c1 - c0, errors: results.filter((r) => r.errorEvent).length };
}

/** API CPU (ms) per turn over `rounds` bursts of `n` whole turns. */
async function cpuPerTurn(api: ApiProcess, turn: Turn, n: number, rounds: number) {
  const c0 = processCpuMs(api.pid);
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    const results = await Promise.all(Array.from({ length: n }, () => turn()));
    errors += results.filter((x) => x.errorEvent).length;
  }
  await sleep(100); // the answers' saves and after-turn checks
  return { ms: (processCpuMs(api.pid) - c0) / (n * rounds), errors };
}

/**
 * `profileDir`: run the API under `node --cpu-prof` and summarise each part's profile (the report's
 * profile section does, bench/profile.ts); `parts`: which parts to run; `save`: keep the result as
 * this benchmark's (not when profiling: the profiler costs CPU).
 */
export async function runTurn(
  opts: { profileDir?: string; parts?: Part[]; save?: boolean } = {
    profileDir: process.env.BENCH_TURN_PROFILE,
    parts: process.env.BENCH_TURN_ONLY ? [process.env.BENCH_TURN_ONLY as Part] : undefined,
  },
) {
  const PROFILE_DIR = opts.profileDir;
  const part = (name: Part) => !opts.parts || opts.parts.includes(name);
  const result = newResult('turn', '3b. A streamed chat turn’s CPU: before the first model byte, per piece');
  const db = await createBenchDatabase('turn');
  const fake = await startFakeModel({ firstMs: FIRST_MS, everyMs: 20, pieces: PIECES_SHORT });
  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const api = await startApi({
    env: {
      DATABASE_URL: db.url,
      GEMINI_API_KEY: 'bench-key',
      GEMINI_BASE_URL: fake.url,
      AI_PROVIDER: 'gemini',
    },
    ...(PROFILE_DIR ? { cpuProf: PROFILE_DIR } : {}),
  });
  try {
    const user: BenchUser = await signUp(api.url, 'turner');
    const sessions = await seedSessions(db.pool, user.id, SESSIONS);
    let next = 0;
    const viaApi: Turn = (opts) =>
      ttft(
        `${api.url}/api/v1/chat/stream`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${user.token}`,
            'content-type': 'application/json',
            accept: 'text/event-stream',
          },
          body: JSON.stringify({
            message: 'What does the green pigment in leaves do?',
            sessionId: sessions[next++ % SESSIONS],
          }),
        },
        opts,
      );
    const direct = () =>
      ttft(`${fake.url}/models/gemini-bench:streamGenerateContent?alt=sse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': 'bench-key' },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'What does the green pigment in leaves do?' }] }],
        }),
      });
    // Warm up (JIT, pools, lazily loaded modules).
    await level(10, 3, () => viaApi());
    await level(10, 3, direct);

    // 1. Added time to first token, 50 streams at once.
    const none = { n: 0, p50: NaN, p99: NaN, errors: 0 };
    const d = part('ttft') ? await level(STREAMS, TTFT_ROUNDS, direct) : none;
    const a = part('ttft') ? await marked('ttft', () => level(STREAMS, TTFT_ROUNDS, () => viaApi())) : none;
    const addedP50 = a.p50 - d.p50;
    const addedP99 = a.p99 - d.p99;
    log(
      `${STREAMS} streams: direct p50 ${fmt(d.p50)} p99 ${fmt(d.p99)}; API p50 ${fmt(a.p50)} p99 ${fmt(a.p99)}; added ${fmt(addedP50)} / ${fmt(addedP99)} ms (errors ${a.errors + d.errors})`,
    );

    // 2. CPU before the model's first byte.
    await fake.script({ firstMs: 0, everyMs: EVERY_MS, pieces: PIECES_SHORT, hold: true });
    let preMs = 0;
    let errors = a.errors + d.errors;
    for (let r = 0; r < (part('pre') ? CPU_ROUNDS : 0); r++) {
      const b = await heldBurst(api, fake, viaApi, STREAMS);
      preMs += b.preMs;
      errors += b.errors;
    }
    const prePerTurn = preMs / (STREAMS * CPU_ROUNDS);
    log(`API CPU before the first model byte: ${fmt(prePerTurn, 2)} ms per turn`);

    // 3. CPU per piece relayed: long answers against short ones, alternated.
    let shortMs = 0;
    let longMs = 0;
    for (let r = 0; r < (part('pieces') ? CPU_ROUNDS : 0); r++) {
      await fake.script({ firstMs: 0, everyMs: EVERY_MS, pieces: PIECES_SHORT, hold: false });
      const s = await marked('pieces', () => cpuPerTurn(api, viaApi, STREAMS, 1));
      await fake.script({ firstMs: 0, everyMs: EVERY_MS, pieces: PIECES_LONG });
      const l = await marked('pieces', () => cpuPerTurn(api, viaApi, STREAMS, 1));
      shortMs += s.ms / CPU_ROUNDS;
      longMs += l.ms / CPU_ROUNDS;
      errors += s.errors + l.errors;
    }
    const perPieceUs = ((longMs - shortMs) * 1000) / (PIECES_LONG - PIECES_SHORT);
    log(
      `API CPU per turn: ${fmt(shortMs, 2)} ms (${PIECES_SHORT} pieces), ${fmt(longMs, 2)} ms (${PIECES_LONG} pieces): ${fmt(perPieceUs, 1)} µs per piece`,
    );

    result.tables.push({
      title: `A streamed turn in the API process (${STREAMS} turns at once; CPU from /proc)`,
      columns: ['figure', 'measured', 'budget'],
      rows: [
        [
          'API CPU per turn before the model’s first byte',
          `${fmt(prePerTurn, 2)} ms`,
          `≤ ${BUDGET.preModelMs} ms`,
        ],
        ['API CPU per streamed piece relayed', `${fmt(perPieceUs, 1)} µs`, `≤ ${BUDGET.perPieceUs} µs`],
        [`API CPU per whole turn, ${PIECES_SHORT} pieces`, `${fmt(shortMs, 2)} ms`, ''],
        [`API CPU per whole turn, ${PIECES_LONG} pieces`, `${fmt(longMs, 2)} ms`, ''],
        [`time to first token, model direct, p50 / p99`, `${fmt(d.p50)} / ${fmt(d.p99)} ms`, ''],
        [`time to first token, through the API, p50 / p99`, `${fmt(a.p50)} / ${fmt(a.p99)} ms`, ''],
        ['errors', errors, 0],
      ],
    });
    result.targets.push(
      {
        name: 'API CPU per turn before the first model byte',
        target: `≤ ${BUDGET.preModelMs} ms`,
        measured: `${fmt(prePerTurn, 2)} ms`,
        met: prePerTurn <= BUDGET.preModelMs,
      },
      {
        name: 'API CPU per streamed piece relayed',
        target: `≤ ${BUDGET.perPieceUs} µs`,
        measured: `${fmt(perPieceUs, 1)} µs`,
        met: perPieceUs <= BUDGET.perPieceUs,
      },
      {
        name: `added time to first token, p50, ${STREAMS} streams`,
        target: `≤ ${BUDGET.addedTtftP50Ms} ms`,
        measured: `${fmt(addedP50, 1)} ms`,
        met: addedP50 <= BUDGET.addedTtftP50Ms,
      },
      {
        name: `added time to first token, p99, ${STREAMS} streams`,
        target: `≤ ${BUDGET.addedTtftP99Ms} ms`,
        measured: `${fmt(addedP99, 1)} ms`,
        met: addedP99 <= BUDGET.addedTtftP99Ms,
      },
    );
    result.settings = {
      'fake model': `bench/lib/fake-model.ts in its own process; first piece after ${FIRST_MS} ms for time to first token, held back until every call has arrived while the pre-model CPU is read; pieces ${EVERY_MS} ms apart`,
      request: 'POST /api/v1/chat/stream {message, sessionId} (one of 400 sessions of one learner)',
      rounds: `${TTFT_ROUNDS} rounds of ${STREAMS} streams for time to first token; ${CPU_ROUNDS} of ${STREAMS} turns for each CPU figure${QUICK ? ' (BENCH_QUICK)' : ''}`,
    };
    if (errors) result.notes.push(`${errors} turns ended with an error event.`);
    if (prePerTurn > BUDGET.preModelMs || perPieceUs > BUDGET.perPieceUs)
      result.notes.push(
        'What limits it: the API’s own work per turn, on one thread. Where that CPU goes is in the profile section below (“A streamed chat turn…”, the API run again under `node --cpu-prof`); what was changed and what is left: bench/PERFORMANCE.md §10 and §10b. The added time to first token follows from it: 50 turns that start together queue their pre-model work on one thread and two cores.',
      );
  } finally {
    await api.stop().catch(() => {});
    await fake.stop().catch(() => {});
    await db.drop();
    if (PROFILE_DIR) {
      const main = fs
        .readdirSync(PROFILE_DIR)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => path.join(PROFILE_DIR, f))
        .sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0]; // the main thread's is the largest
      if (main) {
        console.log(main);
        for (const [name, what] of [
          ['ttft', `${STREAMS} streams started together (time to first token)`],
          ['pre', `${STREAMS} turns up to the model's first byte`],
          ['pieces', `${STREAMS} turns of ${PIECES_SHORT} and of ${PIECES_LONG} pieces`],
        ] as const) {
          if (!marks[name].length) continue;
          fs.writeFileSync(path.join(PROFILE_DIR, `marks-${name}.json`), JSON.stringify(marks[name]));
          const text = summariseProfile(main, 30, { window: marks[name], inclusive: true });
          console.log(`== ${what}\n${text}\n`);
          result.blocks.push({ title: `The API main thread while ${what}`, text });
        }
      }
    }
    if (opts.save !== false) saveResult(result);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runTurn();
  // A quick run is for the one running it, not for the report (bench/results/latest.md).
  if (!QUICK) renderReport();
}
