// Benchmark 2 — write path: POST /api/v1/chat (the learner's message saved, context and grounding
// read, the model called — a fake Gemini answering at once — and the answer saved), against
// pgbench calling save_chat_message twice per transaction with the same client count.
// Target: API throughput ≥ CHAT_BUDGET.writeRatio (0.25×) pgbench's.
import autocannon from 'autocannon';
import {
  CHAT_BUDGET,
  createBenchDatabase,
  fmt,
  log,
  newResult,
  pgbench,
  cpuPerUnit,
  ratio,
  saveResult,
  SECONDS,
  signUp,
  startApi,
  startFakeModel,
} from './lib/common.ts';
import { PGBENCH_WRITE_SCRIPT, seedSessions } from './lib/queries.ts';
import { renderReport } from './lib/report.ts';

const CONNECTIONS = Number(process.env.BENCH_WRITE_CONNECTIONS ?? 32);
const SESSIONS = 200;

export async function runWrite() {
  const result = newResult('write', '2. Write path: POST /api/v1/chat vs save_chat_message in pgbench');
  const db = await createBenchDatabase('write');
  const fake = await startFakeModel({ firstMs: 0 });
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
    if (!doc.paths['/api/v1/chat']) {
      result.notes.push('POST /api/v1/chat is not in this build: nothing measured.');
      result.targets.push({
        name: 'API ÷ pgbench throughput',
        target: `≥ ${CHAT_BUDGET.writeRatio}×`,
        measured: 'n/a',
        met: null,
      });
      return;
    }
    const user = await signUp(api.url, 'writer');
    // Sessions with predictable ids (SESSION_UUID_SQL), so pgbench can address the same ones.
    const sessions = await seedSessions(db.pool, user.id, SESSIONS);
    const first = await fetch(`${api.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'What does chlorophyll do?', sessionId: sessions[0] }),
    });
    if (first.status !== 200)
      throw new Error(`POST /api/v1/chat answered ${first.status}: ${(await first.text()).slice(0, 400)}`);
    const body = (await first.json()) as { model: string };
    log(`POST /api/v1/chat answered with model ${body.model}`);

    const load = (seconds: number) =>
      cpuPerUnit(
        async (): Promise<any> =>
          autocannon({
            url: `${api.url}/api/v1/chat`,
            connections: CONNECTIONS,
            duration: seconds,
            timeout: 20,
            requests: [
              {
                method: 'POST',
                headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
                setupRequest: (req: any) => ({
                  ...req,
                  body: JSON.stringify({
                    message: 'What does chlorophyll do in the light reactions?',
                    sessionId: sessions[Math.floor(Math.random() * SESSIONS)],
                  }),
                }),
              },
            ],
          }),
        (r) => r.requests.total,
        api.pid,
      );
    await load(3); // warm-up
    const { result: a, cpu } = await load(SECONDS);
    log(
      `API c=${CONNECTIONS}: ${fmt(a.requests.average, 0)} req/s, p99 ${a.latency.p99} ms, non-2xx ${a.non2xx}; CPU µs/request: API ${fmt(cpu.api, 0)}, PostgreSQL ${fmt(cpu.postgres, 0)}, machine ${fmt(cpu.machine, 0)}`,
    );
    const { result: b, cpu: bCpu } = await cpuPerUnit(
      () =>
        pgbench({
          url: db.url,
          script: `\\set n random(1, ${SESSIONS})\n${PGBENCH_WRITE_SCRIPT}`,
          clients: CONNECTIONS,
          vars: { uid: user.id },
        }),
      (r) => r.transactions,
    );
    log(
      `pgbench c=${CONNECTIONS}: ${fmt(b.tps, 0)} tps; CPU µs/transaction: PostgreSQL ${fmt(bCpu.postgres, 0)}, machine ${fmt(bCpu.machine, 0)}`,
    );
    result.settings = {
      request:
        'POST /api/v1/chat {message, sessionId} into one of 200 sessions of one learner, chosen at random per request',
      model:
        'fake Gemini (bench/lib/fake-model.ts, own process) answering at once, through the real @ai-sdk/google provider',
      baseline:
        'pgbench -M prepared: begin; role + claim; save_chat_message (user) ; save_chat_message (assistant); commit — same sessions, same client count',
      connections: CONNECTIONS,
      'seconds per run': SECONDS,
    };
    result.tables.push({
      title: 'Throughput and latency',
      columns: [
        'what',
        'connections',
        'req/s (tps)',
        'p50 ms',
        'p99 ms',
        'errors / non-2xx',
        'CPU µs per request: API process',
        'PostgreSQL',
        'whole machine',
      ],
      rows: [
        [
          'POST /api/v1/chat',
          CONNECTIONS,
          fmt(a.requests.average, 0),
          fmt(a.latency.p50, 1),
          fmt(a.latency.p99, 1),
          `${a.errors + a.timeouts} / ${a.non2xx}`,
          fmt(cpu.api, 0),
          fmt(cpu.postgres, 0),
          fmt(cpu.machine, 0),
        ],
        [
          'pgbench: save_chat_message ×2 per transaction',
          CONNECTIONS,
          fmt(b.tps, 0),
          fmt(b.p50, 1),
          fmt(b.p99, 1),
          b.failed,
          '',
          fmt(bCpu.postgres, 0),
          fmt(bCpu.machine, 0),
        ],
      ],
    });
    const r = a.requests.average / b.tps;
    result.targets.push({
      name: `API ÷ pgbench throughput, ${CONNECTIONS} connections`,
      target: `≥ ${CHAT_BUDGET.writeRatio}×`,
      measured: ratio(r),
      met: r >= CHAT_BUDGET.writeRatio && a.non2xx === 0,
    });
    result.notes.push(
      'Per request the API runs three transactions of three to six round trips each: the message saved (one statement), the learner’s profile, recent messages and every grounding source read (one statement each), then, after the model call (an HTTP request to the fake model, through the AI SDK), the answer saved with the user message settled (one statement). The baseline is only the two saves.',
      `What limits it: CPU per request, on two shared cores. A turn costs ${fmt(cpu.machine, 0)} µs across the machine (the API process ${fmt(cpu.api, 0)}, PostgreSQL ${fmt(cpu.postgres, 0)}; the rest the fake model, the load generator and the kernel) against ${fmt(bCpu.machine, 0)} µs for pgbench's two saves: ${ratio(bCpu.machine / cpu.machine)} by CPU alone. The turn's extra work — three grounding searches, the context read and the model's HTTP round trip — is what a grounded answer is; see bench/PERFORMANCE.md for the profile.`,
    );
  } finally {
    await api.stop();
    await fake.stop();
    await db.drop();
    saveResult(result);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWrite();
  renderReport();
}
