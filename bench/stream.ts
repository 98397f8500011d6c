// Benchmark 3 — streaming overhead: time to first token through POST /api/v1/chat/stream against
// the same fake model server called directly with the same scripted latency, at 1, 50 and 200
// concurrent streams. Target at 50 streams (CHAT_BUDGET): added TTFT p50 ≤ 50 ms and p99 ≤ 150 ms
// (bench/turn.ts measures the CPU per turn behind it, and runs in under a minute). Then 1,000
// streams held open at once: no errors, and the server's memory reported.
import {
  CHAT_BUDGET,
  cpuPerUnit,
  createBenchDatabase,
  FAKE_FIRST_TOKEN,
  fmt,
  log,
  newResult,
  saveResult,
  signUp,
  sleep,
  startApi,
  startFakeModel,
  summarise,
  type BenchUser,
} from './lib/common.ts';
import { seedSessions } from './lib/queries.ts';
import { renderReport } from './lib/report.ts';

const FIRST_MS = 100; // the fake model's scripted time to its first piece
const SESSIONS = 400;
const LEVELS: { streams: number; rounds: number }[] = [
  { streams: 1, rounds: 30 },
  { streams: 50, rounds: 4 },
  { streams: 200, rounds: 2 },
];
const HOLD = Number(process.env.BENCH_HOLD_STREAMS ?? 1000);
const HOLD_RAMP_MS = 40_000; // the 1,000 streams start over 40 s…
const HOLD_EVERY_MS = 3300; // …and each lasts ~70 s (21 words, one every 3.3 s), so all overlap

/** Sends a request and resolves with ms until the first token appears in the body, then drains it. */
export async function ttft(url: string, init: RequestInit, opts: { drain?: boolean } = {}) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  if (res.status !== 200)
    throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let first = NaN;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (Number.isNaN(first) && seen.includes(FAKE_FIRST_TOKEN)) {
      first = performance.now() - t0;
      if (opts.drain === false) {
        await reader.cancel();
        break;
      }
    }
    if (seen.length > 4096) seen = seen.slice(-256);
  }
  if (Number.isNaN(first)) throw new Error(`no first token from ${url}`);
  return { first, errorEvent: /event: error/.test(seen) };
}

export async function level(
  streams: number,
  rounds: number,
  one: () => Promise<{ first: number; errorEvent: boolean }>,
) {
  const samples: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: streams }, async () => {
      for (let i = 0; i < rounds; i++) {
        try {
          const r = await one();
          samples.push(r.first);
          if (r.errorEvent) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { ...summarise(samples), errors };
}

export async function runStream() {
  const result = newResult(
    'stream',
    '3. Streaming: time to first token through the API vs the model directly',
  );
  const db = await createBenchDatabase('stream');
  const fake = await startFakeModel({ firstMs: FIRST_MS, everyMs: 20, pieces: 8 });
  const api = await startApi({
    env: {
      DATABASE_URL: db.url,
      GEMINI_API_KEY: 'bench-key',
      GEMINI_BASE_URL: fake.url,
      AI_PROVIDER: 'gemini',
    },
  });
  try {
    const doc = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    if (!doc.paths['/api/v1/chat/stream']) {
      result.notes.push('POST /api/v1/chat/stream is not in this build: nothing measured.');
      return;
    }
    const user: BenchUser = await signUp(api.url, 'streamer');
    const sessions = await seedSessions(db.pool, user.id, SESSIONS);
    let next = 0;
    const viaApi = (drain = true) =>
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
        { drain },
      );
    const direct = () =>
      ttft(`${fake.url}/models/gemini-bench:streamGenerateContent?alt=sse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': 'bench-key' },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'What does the green pigment in leaves do?' }] }],
        }),
      });
    // Warm both paths (JIT, connection pools, lazily loaded modules).
    await level(10, 3, () => viaApi());
    await level(10, 3, direct);

    const rows: (string | number)[][] = [];
    for (const { streams, rounds } of LEVELS) {
      const d = await level(streams, rounds, direct);
      const { result: a, cpu } = await cpuPerUnit(
        () => level(streams, rounds, () => viaApi()),
        (r) => r.n,
        api.pid,
      );
      log(
        `streams=${streams}: direct p50 ${fmt(d.p50)} p99 ${fmt(d.p99)}; API p50 ${fmt(a.p50)} p99 ${fmt(a.p99)} (errors ${a.errors})`,
      );
      rows.push([
        streams,
        a.n,
        fmt(d.p50, 1),
        fmt(d.p99, 1),
        fmt(a.p50, 1),
        fmt(a.p99, 1),
        fmt(a.p50 - d.p50, 1),
        fmt(a.p99 - d.p99, 1),
        a.errors + d.errors,
        fmt(cpu.api / 1000, 2),
        fmt(cpu.postgres / 1000, 2),
      ]);
      if (streams === 50) {
        result.targets.push({
          name: 'added time to first token, p50, 50 streams',
          target: `≤ ${CHAT_BUDGET.addedTtftP50Ms} ms`,
          measured: `${fmt(a.p50 - d.p50, 1)} ms`,
          met: a.p50 - d.p50 <= CHAT_BUDGET.addedTtftP50Ms,
        });
        result.targets.push({
          name: 'added time to first token, p99, 50 streams',
          target: `≤ ${CHAT_BUDGET.addedTtftP99Ms} ms`,
          measured: `${fmt(a.p99 - d.p99, 1)} ms`,
          met: a.p99 - d.p99 <= CHAT_BUDGET.addedTtftP99Ms,
        });
        result.notes.push(
          `What limits it: CPU per turn. At 50 streams a turn costs the API process ${fmt(cpu.api / 1000, 2)} ms of CPU and PostgreSQL ${fmt(cpu.postgres / 1000, 2)} ms ` +
            '(the whole turn: message saved, context and grounding read, the model stream relayed, the answer saved). The streams start together ' +
            'and their work before the model call queues on the API’s one thread and the machine’s two cores, so the median stream waits for ' +
            `the pre-model work of dozens of others: an added median of ${CHAT_BUDGET.addedTtftP50Ms} ms at 50 streams needs about ${CHAT_BUDGET.preModelMs} ms of API CPU per turn before the model call (bench/turn.ts measures it). ` +
            'At one stream (no queue) the added time is the turn’s own latency: see the first row.',
        );
      }
    }
    result.tables.push({
      title: `Time to first token (ms; the fake model's scripted first-token latency is ${FIRST_MS} ms)`,
      columns: [
        'concurrent streams',
        'samples',
        'direct p50',
        'direct p99',
        'API p50',
        'API p99',
        'added p50',
        'added p99',
        'errors',
        'API CPU ms per turn',
        'PostgreSQL CPU ms per turn',
      ],
      rows,
    });

    // 1,000 streams at once, each held open ~70 s by a slow model.
    await fake.stop();
    const slow = await startFakeModel({ firstMs: 0, everyMs: HOLD_EVERY_MS, pieces: 45 });
    // A stream this long needs a model deadline past its length (AI_TIMEOUT_MS covers the whole call).
    const api2 = await startApi({
      env: {
        DATABASE_URL: db.url,
        GEMINI_API_KEY: 'bench-key',
        GEMINI_BASE_URL: slow.url,
        AI_PROVIDER: 'gemini',
        AI_TIMEOUT_MS: '180000',
      },
    });
    try {
      const idle = api2.rssMb();
      let peakRss = idle;
      const timer = setInterval(() => (peakRss = Math.max(peakRss, api2.rssMb())), 250);
      const t0 = performance.now();
      const spans: [number, number][] = [];
      const outcomes = await Promise.all(
        Array.from({ length: HOLD }, async (_, i) => {
          // Ramp up over HOLD_RAMP_MS rather than one burst (a burst measures the pool queue instead).
          await sleep((i * HOLD_RAMP_MS) / HOLD);
          const start = performance.now();
          try {
            const r = await ttft(`${api2.url}/api/v1/chat/stream`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${user.token}`,
                'content-type': 'application/json',
                accept: 'text/event-stream',
              },
              body: JSON.stringify({
                message: 'Explain photosynthesis slowly.',
                sessionId: sessions[i % SESSIONS],
              }),
            });
            spans.push([start + r.first, performance.now()]);
            return r.errorEvent ? 'error event' : 'ok';
          } catch (err) {
            return (err as Error).message.slice(0, 80);
          }
        }),
      );
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      const errors = outcomes.filter((o) => o !== 'ok');
      // Most streams open (first token received, not yet finished) at one moment.
      const edges = spans
        .flatMap(
          ([a, b]) =>
            [
              [a, 1],
              [b, -1],
            ] as [number, number][],
        )
        .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let open = 0;
      let peakOpen = 0;
      for (const [, d] of edges) peakOpen = Math.max(peakOpen, (open += d));
      result.tables.push({
        title: `${HOLD} streams held open at once (started over 40 s; the model sends a word every 3.3 s for ~70 s, so all overlap)`,
        columns: [
          'streams',
          'most streaming at one moment',
          'completed without error',
          'errors',
          'wall seconds',
          'API RSS idle MB',
          'API RSS peak MB',
        ],
        rows: [[HOLD, peakOpen, HOLD - errors.length, errors.length, fmt(seconds, 1), idle, peakRss]],
      });
      if (errors.length)
        result.notes.push(
          `Errors while holding ${HOLD} streams (first few): ${[...new Set(errors)].slice(0, 3).join('; ')}`,
        );
      result.targets.push({
        name: `${HOLD} streams open at once`,
        target: 'no errors',
        measured: `${errors.length} errors, ${peakOpen} streaming at once, peak RSS ${peakRss} MB`,
        met: errors.length === 0 && peakOpen === HOLD,
      });
    } finally {
      await api2.stop();
      await slow.stop();
    }
    result.settings = {
      'fake model': `bench/lib/fake-model.ts in its own process: first piece after ${FIRST_MS} ms, then 7 more 20 ms apart`,
      'first token': `the moment the client's bytes contain the first word of the answer ("${FAKE_FIRST_TOKEN}"), from the moment the request is sent`,
      'API path':
        'POST /api/v1/chat/stream {message, sessionId} (one of 400 sessions of one learner): message saved, context + grounding read, model streamed through @ai-sdk/google, deltas relayed as SSE',
      'direct path': 'POST {fake}/v1beta/models/…:streamGenerateContent?alt=sse from the same client',
    };
  } finally {
    await api.stop().catch(() => {});
    await fake.stop().catch(() => {});
    await db.drop();
    saveResult(result);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStream();
  renderReport();
}
