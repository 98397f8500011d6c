// Prometheus metrics (prom-client), one Registry per app instance: tests build many apps in one
// process, and the library's global default registry would mix them (and refuse the second
// registration of a name). Labels are bounded sets only — route patterns, never raw URLs or ids.
//
//   HTTP      chitchat_http_requests_total, chitchat_http_request_duration_seconds {method, route, status}
//   AI        chitchat_ai_calls_total {provider, task, result}, chitchat_ai_call_duration_seconds,
//             chitchat_ai_tokens_total {direction}, chitchat_ai_errors_total {code},
//             chitchat_ai_retries_total, chitchat_ai_model_state {provider, state}
//   jobs      chitchat_jobs_total {job, result}, chitchat_job_duration_seconds, chitchat_job_queue_depth {state}
//   database  chitchat_db_pool_connections {state}, chitchat_db_pool_waiting, chitchat_db_pool_max
//   process   prom-client's default Node.js metrics (memory, CPU, event loop lag, GC)
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type pg from 'pg';
import type { AiCall, AiProvider, AiStatus } from '../ai/index.ts';
import { aiStatus } from '../ai/index.ts';
import type { JobQueue, JobRun } from '../jobs/index.ts';

const MODEL_STATES: AiStatus['state'][] = ['ready', 'downloading', 'loading', 'failed', 'offline'];

export interface Metrics {
  readonly registry: Registry;
  /** One finished HTTP request; `route` is the matched pattern (or `unmatched`). */
  request(method: string, route: string, status: number, seconds: number): void;
  /** One finished model call (the listener observeAi takes). */
  aiCall(call: AiCall): void;
  /** The model calls made with this request logger since the last take (for its completion log line). */
  takeAiCalls(log: object): AiCall[] | undefined;
  /** One finished job (the listener observeJobs takes). */
  jobRun(run: JobRun): void;
  /** Read at each scrape: the pool's connections, the model's state, the queue's depth. */
  watch(sources: { pool: pg.Pool; database: string; ai: AiProvider; jobs: JobQueue }): void;
  /** The scrape: Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'chitchat_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'chitchat_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response (whole SSE streams included).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });

  const aiCalls = new Counter({
    name: 'chitchat_ai_calls_total',
    help: 'Model calls by provider, task and result (ok, error, cancelled: the client went away).',
    labelNames: ['provider', 'task', 'result'] as const,
    registers,
  });
  const aiDuration = new Histogram({
    name: 'chitchat_ai_call_duration_seconds',
    help: 'Model call latency, retries and waits between them included.',
    labelNames: ['provider', 'task'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
    registers,
  });
  const aiTokens = new Counter({
    name: 'chitchat_ai_tokens_total',
    help: 'Tokens the provider reported, by direction (input: prompt, output: reply).',
    labelNames: ['provider', 'task', 'direction'] as const,
    registers,
  });
  const aiErrors = new Counter({
    name: 'chitchat_ai_errors_total',
    help: 'Model calls that failed after retries, by the error code the API answered (ai_timeout, ai_rate_limited, ...).',
    labelNames: ['provider', 'task', 'code'] as const,
    registers,
  });
  const aiRetries = new Counter({
    name: 'chitchat_ai_retries_total',
    help: 'Retried attempts of model calls (429, 5xx, network errors).',
    labelNames: ['provider', 'task'] as const,
    registers,
  });
  // What the gauges below read at each scrape (prom-client awaits `collect`); set by watch().
  let watched: Parameters<Metrics['watch']>[0] | undefined;

  new Gauge({
    name: 'chitchat_ai_model_state',
    help: 'What the AI is doing: 1 for the current state (ready, downloading, loading, failed, offline), 0 for the others.',
    labelNames: ['provider', 'state'] as const,
    collect() {
      if (!watched) return;
      const st = aiStatus(watched.ai);
      this.reset();
      for (const state of MODEL_STATES)
        this.set({ provider: st.provider, state }, st.state === state ? 1 : 0);
    },
    registers,
  });

  const jobs = new Counter({
    name: 'chitchat_jobs_total',
    help: 'Background jobs run by this instance, by job name and result (completed, failed: the handler threw).',
    labelNames: ['job', 'result'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'chitchat_job_duration_seconds',
    help: 'Background job run time.',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300],
    registers,
  });
  new Gauge({
    name: 'chitchat_job_queue_depth',
    help: 'Jobs waiting, active and delayed (in-process queue: this instance; BullMQ: the queue all instances share).',
    labelNames: ['state'] as const,
    async collect() {
      if (!watched) return;
      try {
        const d = await watched.jobs.depth();
        this.set({ state: 'waiting' }, d.waiting);
        this.set({ state: 'active' }, d.active);
        this.set({ state: 'delayed' }, d.delayed);
      } catch {
        this.reset(); // Redis away: no number rather than a stale one (and the scrape still works)
      }
    },
    registers,
  });

  new Gauge({
    name: 'chitchat_db_pool_connections',
    help: 'Database pool connections: total open, idle, and busy (total - idle).',
    labelNames: ['database', 'state'] as const,
    collect() {
      if (!watched) return;
      const { pool, database } = watched;
      this.set({ database, state: 'total' }, pool.totalCount);
      this.set({ database, state: 'idle' }, pool.idleCount);
      this.set({ database, state: 'busy' }, pool.totalCount - pool.idleCount);
    },
    registers,
  });
  new Gauge({
    name: 'chitchat_db_pool_waiting',
    help: 'Queries waiting for a free pool connection.',
    labelNames: ['database'] as const,
    collect() {
      if (watched) this.set({ database: watched.database }, watched.pool.waitingCount);
    },
    registers,
  });
  new Gauge({
    name: 'chitchat_db_pool_max',
    help: 'The pool size limit (DATABASE_POOL_MAX; PGlite: 1).',
    labelNames: ['database'] as const,
    collect() {
      if (watched) this.set({ database: watched.database }, watched.pool.options.max ?? 10);
    },
    registers,
  });

  const callsByLog = new WeakMap<object, AiCall[]>();

  return {
    registry,
    request(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    aiCall(call) {
      const { provider, task } = call;
      aiCalls.inc({ provider, task, result: call.cancelled ? 'cancelled' : call.error ? 'error' : 'ok' });
      aiDuration.observe({ provider, task }, call.latencyMs / 1000);
      if (call.inputTokens) aiTokens.inc({ provider, task, direction: 'input' }, call.inputTokens);
      if (call.outputTokens) aiTokens.inc({ provider, task, direction: 'output' }, call.outputTokens);
      if (call.retries) aiRetries.inc({ provider, task }, call.retries);
      if (call.error) aiErrors.inc({ provider, task, code: call.error });
      if (call.log) {
        const list = callsByLog.get(call.log);
        if (list) list.push(call);
        else callsByLog.set(call.log, [call]);
      }
    },
    takeAiCalls(log) {
      const list = callsByLog.get(log);
      callsByLog.delete(log);
      return list;
    },
    jobRun(run) {
      jobs.inc({ job: run.name, result: run.ok ? 'completed' : 'failed' });
      jobDuration.observe({ job: run.name }, run.durationMs / 1000);
    },
    watch(sources) {
      watched = sources;
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
