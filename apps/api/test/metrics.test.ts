// GET /metrics under a short load: the whole API on a real port, its model the real Gemini
// provider against the fake Gemini server. Scrape, run requests across a few routes, a chat turn,
// a model call that fails after its retries, an upload processed by a job and a job that throws;
// scrape again and check each counter moved by exactly what was done. Also: the Bearer token
// (401 without it or with a wrong one), the internal port (METRICS_PORT), a 404 when neither is
// configured, no raw URL or id in any label, and the model calls on the request's log line.
import crypto from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { client, expectErrorShape, signUp, startServer, type TestServer } from './harness.ts';
import { startFakeGemini } from './fakes/gemini.ts';
import { makePdf, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
const gemini = await startFakeGemini();
const server = await startServer({
  env: {
    GEMINI_API_KEY: 'test-key',
    GEMINI_BASE_URL: gemini.url,
    AI_MAX_RETRIES: '2',
    AI_RETRY_BASE_MS: '1',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    METRICS_TOKEN: TOKEN,
    METRICS_PORT: '0', // any free port: the test reads it from the server
  },
});
// Two more servers on the same database (cheap): internal port only, and neither.
const portOnly = await startServer({ db: server.ctx.db, env: { METRICS_PORT: '0' } });
const neither = await startServer({ db: server.ctx.db });
afterAll(async () => {
  await neither?.close();
  await portOnly?.close();
  await server?.close();
  await gemini?.close();
});
beforeEach(() => gemini.reset());

// Prometheus text format ------------------------------------------------------------------------

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples of `name` whose labels include `labels`. */
function value(series: Series[], name: string, labels: Record<string, string> = {}): number {
  return series
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);
}

async function scrape(s: TestServer = server): Promise<{ text: string; series: Series[] }> {
  const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, series: parse(text) };
}

const internalUrl = (s: TestServer) => {
  const a = s.app.metricsServer!.address() as { address: string; port: number };
  return `http://${a.address}:${a.port}/metrics`;
};

/** The "request completed" log line of the response with this request id. */
function completionLine(s: TestServer, requestId: string): any {
  const line = s.logs
    .map((l) => JSON.parse(l))
    .find((l) => l.reqId === requestId && l.msg === 'request completed');
  if (!line) throw new Error(`no completion log line for ${requestId}`);
  return line;
}

describe('GET /metrics under load', () => {
  it('counts requests by route pattern and status, model calls, tokens, errors, retries and jobs', async () => {
    const u = await signUp(server);
    const before = (await scrape()).series;

    // 30 requests across four routes: 10 health checks, 8 profile reads, 6 unknown sessions (404),
    // 6 made-up paths (404, no route).
    const sessionIds = Array.from({ length: 6 }, () => crypto.randomUUID());
    const junk = Array.from({ length: 6 }, () => `/no-such-page-${crypto.randomBytes(6).toString('hex')}`);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => client(server.url).get('/health')),
      ...Array.from({ length: 8 }, () => u.api.get('/api/v1/profile')),
      ...sessionIds.map((id) => u.api.get(`/api/v1/chat/sessions/${id}`)),
      ...junk.map((p) => client(server.url).get(p)),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      ...Array(10).fill(200),
      ...Array(8).fill(200),
      ...Array(12).fill(404),
    ]);

    // A chat turn: the answer, then the session's title from the light model.
    gemini.enqueue(
      { text: 'Cells are the basic units of life.', usage: { input: 120, output: 9 } },
      { text: '"Cell Biology"', usage: { input: 30, output: 4 } },
    );
    const chat = await u.api.post('/api/v1/chat', { message: 'What is a cell?' });
    expect(chat.status, JSON.stringify(chat.body)).toBe(200);
    const sessionId: string = chat.body.sessionId;

    // A streamed turn in the same session (Server-Sent Events on a hijacked reply; already titled).
    gemini.enqueue({ text: 'A cell has a membrane.', usage: { input: 50, output: 5 } });
    const streamed = await fetch(`${server.url}/api/v1/chat/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'What surrounds it?', sessionId }),
    });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain('event: done');

    // A model call that fails: HTTP 500 on the first attempt and both retries.
    gemini.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const failed = await u.api.post('/api/v1/chat', { message: 'And a mitochondrion?', sessionId });
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('ai_upstream_error');

    // An upload, analysed by the model in a background job (and its text embedded).
    const other = await signUp(server, 'uploader');
    gemini.enqueue({
      json: {
        summary: 'Enzymes lower activation energy.',
        keyConcepts: [{ name: 'Enzyme', explanation: 'A biological catalyst.' }],
        suggestedQuestions: ['What does an enzyme do?'],
      },
      usage: { input: 200, output: 50 },
    });
    const { init, complete } = await uploadViaUrl(
      other,
      'enzymes.pdf',
      'application/pdf',
      await makePdf(['Enzymes speed up reactions.']),
    );
    expect(complete.status).toBe(202);
    expect((await waitProcessed(other, init.uploadId)).status).toBe('ready');
    // And a job whose handler throws.
    server.ctx.jobs.handle('test.explode', async () => {
      throw new Error('this job fails on purpose (metrics test)');
    });
    await server.ctx.jobs.add('test.explode', {}, { jobId: `explode-${crypto.randomUUID()}` });
    await server.ctx.jobs.idle();

    const { text, series: after } = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);

    // HTTP: counts and histograms by route pattern and status.
    const req = (route: string, status: string) => ({ method: 'GET', route, status });
    expect(delta('chitchat_http_requests_total', req('/health', '200'))).toBe(10);
    expect(delta('chitchat_http_requests_total', req('/api/v1/profile', '200'))).toBe(8);
    expect(delta('chitchat_http_requests_total', req('/api/v1/chat/sessions/:id', '404'))).toBe(6);
    expect(delta('chitchat_http_requests_total', req('unmatched', '404'))).toBe(6);
    expect(
      delta('chitchat_http_requests_total', { method: 'POST', route: '/api/v1/chat', status: '200' }),
    ).toBe(1);
    expect(
      delta('chitchat_http_requests_total', { method: 'POST', route: '/api/v1/chat', status: '502' }),
    ).toBe(1);
    expect(
      delta('chitchat_http_requests_total', { method: 'POST', route: '/api/v1/chat/stream', status: '200' }),
    ).toBe(1);
    expect(
      delta('chitchat_http_requests_total', {
        method: 'POST',
        route: '/api/v1/uploads/:id/complete',
        status: '202',
      }),
    ).toBe(1);
    expect(delta('chitchat_http_request_duration_seconds_count', req('/health', '200'))).toBe(10);
    expect(
      delta('chitchat_http_request_duration_seconds_bucket', {
        ...req('/api/v1/profile', '200'),
        le: '+Inf',
      }),
    ).toBe(8);
    expect(
      delta('chitchat_http_request_duration_seconds_sum', req('/api/v1/profile', '200')),
    ).toBeGreaterThan(0);
    // The first scrape is counted by the time of the second.
    expect(delta('chitchat_http_requests_total', req('/metrics', '200'))).toBe(1);

    // AI: calls by task and result, latency, tokens, the failure's code and its two retries.
    const g = { provider: 'gemini' };
    expect(delta('chitchat_ai_calls_total', { ...g, task: 'chat', result: 'ok' })).toBe(2);
    expect(delta('chitchat_ai_calls_total', { ...g, task: 'chat', result: 'error' })).toBe(1);
    expect(delta('chitchat_ai_calls_total', { ...g, task: 'session_title', result: 'ok' })).toBe(1);
    expect(delta('chitchat_ai_calls_total', { ...g, task: 'document_analysis', result: 'ok' })).toBe(1);
    // Two embedding calls: the document's passages, then its key concepts (deduplicated by similarity).
    expect(delta('chitchat_ai_calls_total', { ...g, task: 'embedding', result: 'ok' })).toBe(2);
    expect(delta('chitchat_ai_call_duration_seconds_count', { ...g, task: 'chat' })).toBe(3);
    expect(delta('chitchat_ai_tokens_total', { ...g, task: 'chat', direction: 'input' })).toBe(120 + 50);
    expect(delta('chitchat_ai_tokens_total', { ...g, task: 'chat', direction: 'output' })).toBe(9 + 5);
    expect(delta('chitchat_ai_tokens_total', { ...g, task: 'session_title', direction: 'input' })).toBe(30);
    expect(delta('chitchat_ai_tokens_total', { ...g, task: 'session_title', direction: 'output' })).toBe(4);
    expect(delta('chitchat_ai_tokens_total', { ...g, task: 'document_analysis', direction: 'input' })).toBe(
      200,
    );
    expect(delta('chitchat_ai_tokens_total', { ...g, direction: 'output' })).toBe(9 + 5 + 4 + 50);
    expect(delta('chitchat_ai_errors_total', { ...g, task: 'chat', code: 'ai_upstream_error' })).toBe(1);
    expect(delta('chitchat_ai_errors_total')).toBe(1);
    expect(delta('chitchat_ai_retries_total', { ...g, task: 'chat' })).toBe(2);
    expect(delta('chitchat_ai_retries_total')).toBe(2);

    // Jobs: the upload's processing completed, the exploding job failed; the queue is empty now.
    expect(delta('chitchat_jobs_total', { job: 'upload.process', result: 'completed' })).toBe(1);
    expect(delta('chitchat_jobs_total', { job: 'upload.process', result: 'failed' })).toBe(0);
    expect(delta('chitchat_jobs_total', { job: 'test.explode', result: 'failed' })).toBe(1);
    expect(delta('chitchat_job_duration_seconds_count', { job: 'upload.process' })).toBe(1);
    expect(
      after
        .filter((s) => s.name === 'chitchat_job_queue_depth')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['active', 'delayed', 'waiting']);
    expect(value(after, 'chitchat_job_queue_depth')).toBe(0);

    // Database pool and model state, read at scrape time.
    const database = server.ctx.db.kind;
    expect(value(after, 'chitchat_db_pool_max', { database })).toBe(server.ctx.db.pool.options.max);
    expect(value(after, 'chitchat_db_pool_connections', { database, state: 'total' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(value(after, 'chitchat_db_pool_connections', { database, state: 'total' })).toBeLessThanOrEqual(
      server.ctx.db.pool.options.max!,
    );
    expect(after.some((s) => s.name === 'chitchat_db_pool_waiting' && s.labels.database === database)).toBe(
      true,
    );
    expect(value(after, 'chitchat_ai_model_state', { provider: 'gemini', state: 'ready' })).toBe(1);
    expect(value(after, 'chitchat_ai_model_state', { provider: 'gemini' })).toBe(1);
    // The Node.js process metrics are there too.
    expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // No raw URL or id anywhere: every route label is a registered pattern (or "unmatched").
    const patterns = new Set(server.routes.map((r) => r.url));
    const routeLabels = new Set(after.filter((s) => s.labels.route !== undefined).map((s) => s.labels.route));
    for (const r of routeLabels) expect(r === 'unmatched' || patterns.has(r!), r).toBe(true);
    for (const id of [u.id, other.id, sessionId, init.uploadId, ...sessionIds])
      expect(text).not.toContain(id);
    for (const p of junk) expect(text).not.toContain(p);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toContain(u.email);

    // The request's completion log line carries its model calls.
    const answered = completionLine(server, chat.headers.get('x-request-id')!);
    expect(answered.ai).toMatchObject({ calls: 2, inputTokens: 150, outputTokens: 13, attempts: 2 });
    expect(answered.ai.usage).toEqual([
      expect.objectContaining({
        task: 'chat',
        provider: 'gemini',
        model: 'gemini-3.5-flash',
        inputTokens: 120,
        outputTokens: 9,
        attempts: 1,
      }),
      expect.objectContaining({
        task: 'session_title',
        provider: 'gemini',
        inputTokens: 30,
        outputTokens: 4,
        attempts: 1,
      }),
    ]);
    expect(answered.ai.latencyMs).toBeGreaterThanOrEqual(0);
    expect(completionLine(server, streamed.headers.get('x-request-id')!).ai).toMatchObject({
      calls: 1,
      inputTokens: 50,
      outputTokens: 5,
      usage: [expect.objectContaining({ task: 'chat', provider: 'gemini', attempts: 1 })],
    });
    const failedLine = completionLine(server, failed.headers.get('x-request-id')!);
    expect(failedLine.res.statusCode).toBe(502);
    expect(failedLine.ai).toMatchObject({
      calls: 1,
      attempts: 3,
      usage: [expect.objectContaining({ task: 'chat', error: 'ai_upstream_error', attempts: 3 })],
    });
    // A request without model calls says nothing about AI.
    expect(completionLine(server, results[10]!.headers.get('x-request-id')!).ai).toBeUndefined();
  });
});

describe('a model call the client walked away from', () => {
  it('is counted as cancelled, not as an error', async () => {
    const u = await signUp(server);
    const before = (await scrape()).series;
    gemini.enqueue({ hang: true });
    const ac = new AbortController();
    const pending = fetch(`${server.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Will you answer slowly?' }),
      signal: ac.signal,
    }).catch(() => undefined);
    for (let i = 0; i < 200 && gemini.modelRequests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(gemini.modelRequests).toHaveLength(1);
    ac.abort();
    await pending;
    // The server notices the hang-up and cancels the model call after the client is gone: poll.
    let after = before;
    const cancelled = () =>
      value(after, 'chitchat_ai_calls_total', { provider: 'gemini', task: 'chat', result: 'cancelled' }) -
      value(before, 'chitchat_ai_calls_total', { provider: 'gemini', task: 'chat', result: 'cancelled' });
    for (let i = 0; i < 100 && cancelled() === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = (await scrape()).series;
    }
    expect(cancelled()).toBe(1);
    expect(value(after, 'chitchat_ai_errors_total') - value(before, 'chitchat_ai_errors_total')).toBe(0);
    expect(gemini.modelRequests[0]!.aborted).toBe(true);
  });
});

describe('who may read /metrics', () => {
  it('needs the Bearer token on the public port: 401 in the error shape without it or with a wrong one', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token-wrong-token-00' },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await client(server.url).get('/metrics', headers);
      expect(res.status).toBe(401);
      expectErrorShape(res.body);
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(JSON.stringify(res.body)).not.toContain('chitchat_');
    }
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.text()).toContain('# TYPE chitchat_http_requests_total counter');
    // Every response says whether the token was refused; the token never reaches the log.
    expect(server.logs.join('\n')).not.toContain(TOKEN);
  });

  it('serves /metrics without a token on the internal port, bound to 127.0.0.1, and nothing else there', async () => {
    for (const s of [server, portOnly]) {
      expect((s.app.metricsServer!.address() as { address: string }).address).toBe('127.0.0.1');
      const res = await fetch(internalUrl(s));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain('# TYPE chitchat_http_requests_total counter');
      expect(parse(text).some((x) => x.name === 'chitchat_ai_model_state')).toBe(true);
      const other = await fetch(internalUrl(s).replace('/metrics', '/health'));
      expect(other.status).toBe(404);
      expectErrorShape(await other.json());
    }
    // Each app has its own registry: the internal-port-only server counted only its own requests.
    await client(portOnly.url).get('/health');
    const mine = parse(await (await fetch(internalUrl(portOnly))).text());
    expect(value(mine, 'chitchat_http_requests_total', { route: '/health' })).toBe(1);
    expect(value(mine, 'chitchat_http_requests_total', { route: '/api/v1/profile' })).toBe(0);
    // Its model state is its own provider's (offline here, or the tiny local model when the suite runs on it).
    const states = mine.filter((x) => x.name === 'chitchat_ai_model_state');
    expect(states.map((x) => x.labels.state).sort()).toEqual([
      'downloading',
      'failed',
      'loading',
      'offline',
      'ready',
    ]);
    expect(states.every((x) => x.labels.provider === portOnly.ctx.ai.name)).toBe(true);
    expect(states.filter((x) => x.value === 1).map((x) => x.labels.state)).toEqual([
      portOnly.ctx.ai.status?.().state ?? 'offline',
    ]);
  });

  it('is a 404 on the public port when no token is configured, exactly like an unknown route', async () => {
    for (const s of [portOnly, neither]) {
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}` }]) {
        const res = await client(s.url).get('/metrics', headers);
        expect(res.status).toBe(404);
        expectErrorShape(res.body);
        const unknown = await client(s.url).get('/metricz', headers);
        expect(res.body.error.code).toBe(unknown.body.error.code);
        expect(res.body.error.message).toBe(unknown.body.error.message.replace('/metricz', '/metrics'));
      }
    }
    expect(neither.app.metricsServer).toBeUndefined();
  });
});
