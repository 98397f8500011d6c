// The local provider end to end on a tiny random-weight GGUF written by test/local/tiny-gguf.ts
// and served by a local HTTP server (CI never reaches the internet): download with progress,
// resume, checksum, 404, unreachable host -> offline with its message; then the real llama.cpp
// path: loading, streaming and cancelling, grammar-constrained JSON for every structured task,
// embeddings, the queue's 503.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DocumentAnalysis,
  GeneratedPath,
  GeneratedQuestions,
  GeneratedTiles,
  JudgedAnswer,
  LessonContentBody,
} from '@chitchat/contracts';
import { localModelEnv, signUp, startServer, tinyModelFiles, type TestServer } from './harness.ts';
import { downloadModel } from '../src/platform/ai/local/download.ts';
import { checkMemory } from '../src/platform/ai/local/engine.ts';
import type { LocalProvider } from '../src/platform/ai/local/index.ts';
import { readSse } from './sse.ts';
import { salvageLesson, salvagePath } from '../src/features/learning/salvage.ts';
import { salvageQuestions } from '../src/features/review/questions.ts';

/** Serves `bytes` at /model.gguf with Range support; can cut the first response or throttle. */
function modelServer(bytes: Buffer, opts: { cutFirstAt?: number; bytesPerTick?: number } = {}) {
  const requests: Array<{ url: string; range?: string }> = [];
  let cut = opts.cutFirstAt;
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url!, range: req.headers.range });
    if (req.url !== '/model.gguf') return res.writeHead(404).end('not found');
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const body = bytes.subarray(start);
    res.writeHead(m ? 206 : 200, {
      'content-length': body.length,
      ...(m ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (cut !== undefined) {
      // Half the file, then the connection drops.
      res.write(body.subarray(0, cut - start), () => setTimeout(() => res.destroy(), 200));
      cut = undefined;
      return;
    }
    if (!opts.bytesPerTick) return res.end(body);
    let at = 0;
    const tick = setInterval(() => {
      if (res.destroyed) return clearInterval(tick);
      res.write(body.subarray(at, (at += opts.bytesPerTick!)));
      if (at < body.length) return;
      clearInterval(tick);
      res.end();
    }, 20);
  });
  return new Promise<{ url: string; requests: typeof requests; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
      });
    }),
  );
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-dl-'));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('model download', () => {
  const bytes = fs.readFileSync(tinyModelFiles().chat.file);

  it('downloads with progress and checks size and SHA-256', async () => {
    const srv = await modelServer(bytes);
    const file = path.join(tmp(), 'm.gguf');
    const seen: number[] = [];
    await downloadModel(
      { url: `${srv.url}/model.gguf`, file, sha256: sha(bytes) },
      { onProgress: (p) => seen.push(p.bytes) },
    );
    expect(sha(fs.readFileSync(file))).toBe(sha(bytes));
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1]!)).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
    // Verified once: a second call does not fetch again.
    await downloadModel({ url: `${srv.url}/model.gguf`, file, sha256: sha(bytes) });
    expect(srv.requests).toHaveLength(1);
    await srv.close();
  });

  it('resumes after a cut connection with a Range request', async () => {
    const half = Math.floor(bytes.length / 2);
    const srv = await modelServer(bytes, { cutFirstAt: half });
    const file = path.join(tmp(), 'm.gguf');
    await downloadModel({ url: `${srv.url}/model.gguf`, file, sha256: sha(bytes) }, { resumeDelayMs: 10 });
    expect(sha(fs.readFileSync(file))).toBe(sha(bytes));
    expect(srv.requests.length).toBe(2);
    expect(srv.requests[0]!.range).toBeUndefined();
    expect(srv.requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(srv.requests[1]!.range!)![0])).toBeGreaterThan(0);
    await srv.close();
  });

  it('refuses a file whose checksum does not match, and keeps nothing of it', async () => {
    const srv = await modelServer(bytes);
    const file = path.join(tmp(), 'm.gguf');
    await expect(
      downloadModel({ url: `${srv.url}/model.gguf`, file, sha256: 'ab'.repeat(32) }),
    ).rejects.toThrow(/SHA-256 .* not the expected abababababab/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
    expect(srv.requests).toHaveLength(1); // no retry storm
    await srv.close();
  });

  it('says 404 plainly', async () => {
    const srv = await modelServer(bytes);
    await expect(
      downloadModel({ url: `${srv.url}/missing.gguf`, file: path.join(tmp(), 'm.gguf') }),
    ).rejects.toThrow(/answered HTTP 404 \(not found/);
    expect(srv.requests).toHaveLength(1);
    await srv.close();
  });

  it('refuses a model larger than the free memory, saying what to do', () => {
    expect(() => checkMemory(tinyModelFiles().chat.file, 0, 1000)).toThrow(
      /needs about .* GB of memory but only 0\.0 GB is free.*AI_MODEL_URL or AI_MODEL_PATH/,
    );
    expect(() => checkMemory(tinyModelFiles().chat.file, 0, 1e12)).not.toThrow();
  });
});

describe('local provider set-up through the server', () => {
  it('an unreachable host: falls back to offline, says why, logs one line', async () => {
    // A port nothing listens on (taken from the system, then released).
    const port = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const s = await startServer({
      env: {
        AI_PROVIDER: 'local',
        AI_MODEL_URL: `http://127.0.0.1:${port}/model.gguf`,
        AI_LOCAL_THREADS: '1',
      },
    });
    try {
      const info = await fetch(`${s.url}/api/v1/info`).then((r) => r.json());
      expect(info.ai).toMatchObject({ provider: 'local', offline: true, status: { state: 'failed' } });
      expect(info.ai.status.message).toMatch(
        new RegExp(
          `^Could not download the local model: 127\\.0\\.0\\.1:${port} refused the connection\\. Set AI_MODEL_PATH or AI_PROVIDER=offline\\.$`,
        ),
      );
      const u = await signUp(s);
      const res = await u.api.post('/api/v1/chat', { message: 'What is photosynthesis?' });
      expect(res.status).toBe(200);
      // The learner is told in words meant for them (the operator's hint is in /info and the log).
      expect(res.body.response).toMatch(
        /^_The local AI tutor could not be set up on this server, so this answer comes from offline mode\._\n\n\*\*Offline mode\*\*/,
      );
      expect(res.body.response).not.toMatch(/AI_MODEL_PATH/);
      expect(res.body.model).toBe('offline');
      // A status is never content: the session's title is the question's, not the note.
      expect(res.body.sessionTitle).toBe('Photosynthesis');
      // What only a model does (writing a lesson) takes its offline form: the outline, not a 500.
      const path = await u.api.post('/api/v1/learning-paths', {
        topic: 'Photosynthesis',
        difficulty: 'beginner',
      });
      expect(path.status).toBe(201);
      expect(path.body.offline).toBe(true);
      const lesson = await u.api.get(`/api/v1/learning-paths/${path.body.id}/lessons/l1`);
      expect(lesson.status).toBe(200);
      expect(lesson.body).toMatchObject({ offline: true, content: null });
      const lines = s.logs.filter((l) => l.includes('local model'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: info.ai.status.message });
    } finally {
      await s.close();
    }
  }, 120_000);

  it('downloads in the background with progress in /info, then answers with the model', async () => {
    const files = tinyModelFiles();
    const bytes = fs.readFileSync(files.chat.file);
    const srv = await modelServer(bytes, { bytesPerTick: Math.ceil(bytes.length / 25) });
    const s = await startServer({
      waitForAi: false,
      env: {
        AI_PROVIDER: 'local',
        AI_MODEL_URL: `${srv.url}/model.gguf`,
        AI_MODEL_SHA256: files.chat.sha256,
        AI_EMBED_MODEL_PATH: files.embed.file,
        AI_LOCAL_THREADS: '1',
        AI_LOCAL_GPU: 'off',
      },
    });
    try {
      let sawProgress: any;
      // By deadline, not a count of polls: on a loaded machine each poll can take a while.
      for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
        const info = await fetch(`${s.url}/api/v1/info`).then((r) => r.json());
        if (
          info.ai.status.state === 'downloading' &&
          info.ai.status.percent > 0 &&
          info.ai.status.percent < 100
        )
          sawProgress ??= info.ai.status;
        if (info.ai.status.state === 'ready' || info.ai.status.state === 'failed') {
          expect(info.ai.status.state).toBe('ready');
          expect(info.ai.offline).toBe(false);
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(sawProgress).toMatchObject({ totalBytes: bytes.length, model: 'model.gguf' });
      expect(sawProgress.message).toMatch(/^Setting up the local tutor: \d+ %/);
      expect(fs.existsSync(path.join(s.dataDir, 'models', 'model.gguf'))).toBe(true);
      const u = await signUp(s);
      const res = await u.api.post('/api/v1/chat', { message: 'Explain fractions' });
      expect(res.status).toBe(200);
      expect(res.body.response).not.toMatch(/Offline mode/);
      expect(res.body.model).toBe('model');
    } finally {
      await s.close();
      await srv.close();
    }
  }, 120_000);
});

describe('the local model (tiny GGUF, llama.cpp)', () => {
  let s: TestServer;
  let ai: LocalProvider;
  beforeAll(async () => {
    s = await startServer({ env: { ...localModelEnv(), AI_LOCAL_PARALLEL: '1', AI_LOCAL_QUEUE_MAX: '16' } });
    ai = s.ctx.ai as LocalProvider;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('loads, and /info says the local tutor is ready', async () => {
    const info = await fetch(`${s.url}/api/v1/info`).then((r) => r.json());
    expect(info.ai).toMatchObject({
      provider: 'local',
      offline: false,
      status: { state: 'ready', model: 'tiny-chat' },
    });
    expect(ai.engine()?.embeddingDimensions).toBe(32);
  });

  it('streams an answer, and a client that goes away frees the model for the next one', async () => {
    const u = await signUp(s);
    const controller = new AbortController();
    const res = await fetch(`${s.url}/api/v1/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
      body: JSON.stringify({ message: 'Tell me a long story about cells' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const events = await readSse(res, (e) => {
      if (e.event === 'delta') controller.abort();
    }).catch(() => []);
    expect(events.length).toBeGreaterThanOrEqual(0);
    // The slot is free again, and the next answer goes through the model.
    for (let i = 0; i < 50 && ai.engine()!.stats().busy; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ai.engine()!.stats()).toMatchObject({ busy: 0, waiting: 0 });
    const again = await u.api.post('/api/v1/chat', { message: 'And now?' });
    expect(again.status).toBe(200);
    expect(again.body.model).toBe('tiny-chat');
  });

  it('streams deltas that add up to the saved answer', async () => {
    const u = await signUp(s);
    const res = await fetch(`${s.url}/api/v1/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
      body: JSON.stringify({ message: 'What is a fraction?' }),
    });
    const events = await readSse(res);
    const text = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    const done = events.find((e) => e.event === 'done');
    expect(done).toBeTruthy();
    expect(text.length).toBeGreaterThan(0);
    expect(done!.data.response).toBe(text);
    expect(done!.data.model).toBe('tiny-chat');
  });

  // With each feature's own per-item salvage, as the features call it: the grammar guarantees the
  // shape, but not refinements such as "the choices are all different".
  const tasks: Array<[string, z.ZodType, ((raw: unknown) => unknown)?]> = [
    ['learning_path', GeneratedPath, salvagePath],
    ['lesson', LessonContentBody, salvageLesson],
    ['review_questions', GeneratedQuestions, salvageQuestions],
    ['judge_answer', JudgedAnswer],
    ['curiosity_tiles', GeneratedTiles],
    ['document_analysis', DocumentAnalysis],
  ];
  for (const [task, schema, salvage] of tasks) {
    it(`writes JSON the contract accepts for ${task} (grammar from the schema)`, async () => {
      let offlineCalled = false;
      const { object, usage } = await ai.generateObject({
        task: task as any,
        schema,
        system: 'You write JSON.',
        prompt: `Make a ${task} about the water cycle.`,
        offline: () => ((offlineCalled = true), undefined as never),
        salvage: salvage as never,
      });
      expect(offlineCalled).toBe(false);
      expect(usage.provider).toBe('local');
      expect(schema.safeParse(object).success).toBe(true);
    });
  }

  it('embeds with the embedding model (its dimension, not the chat model’s)', async () => {
    const v = await ai.embed!(['photosynthesis makes sugar', 'the water cycle']);
    expect(v).toHaveLength(2);
    expect(v.every((x) => x.length === 32 && x.every(Number.isFinite))).toBe(true);
    expect(v[0]).not.toEqual(v[1]);
  });

  it('a follow-up turn reuses the evaluated prefix instead of reading the whole prompt again', async () => {
    // The one slot must hold this learner's prefix between the turns: earlier tests' background
    // jobs (titles, chat topics) would evict it if they ran in between (seen on PostgreSQL + Redis).
    await s.ctx.jobs.idle();
    const history = [
      {
        role: 'user' as const,
        content: 'Explain the water cycle in detail, step by step, with examples. '.repeat(10),
      },
    ];
    const first = await ai.generateText({
      task: 'chat',
      userId: 'prefix-user',
      system: 'You are a tutor.',
      messages: history,
      offline: () => '',
    });
    const followUp = {
      task: 'chat' as const,
      userId: 'prefix-user',
      system: 'You are a tutor.',
      offline: () => '',
    };
    const messages = [
      ...history,
      { role: 'assistant' as const, content: first.text },
      { role: 'user' as const, content: 'Why?' },
    ];
    const warm = await ai.generateText({ ...followUp, messages });
    // The same follow-up with nothing in the cache: it reads everything. (Both re-read the earlier
    // answer where its text tokenises differently from how it was generated; the difference is what
    // the cache saved: the first prompt.)
    await ai.engine()!.forget();
    const cold = await ai.generateText({ ...followUp, messages });
    expect(first.usage.inputTokens).toBeGreaterThan(100);
    expect(cold.usage.inputTokens! - warm.usage.inputTokens!).toBeGreaterThan(first.usage.inputTokens! * 0.8);
  });

  it('samples every answer afresh: the same question asked again at once is not the same reply replayed', async () => {
    // node-llama-cpp seeds sampling with the clock's second unless told otherwise: five quick
    // asks used to be one reply (two across a second's edge), so retrying an empty one was futile.
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { text } = await ai.generateText({
        task: 'chat',
        userId: 'sampling-user',
        system: 'You are a tutor.',
        messages: [{ role: 'user', content: 'Explain gravity' }],
        offline: () => '',
      });
      expect(text.trim()).not.toBe('');
      replies.push(text);
    }
    expect(new Set(replies).size).toBeGreaterThanOrEqual(3);
  });

  it('says it cannot see images instead of pretending', async () => {
    const r = await ai.generateText({
      task: 'chat',
      system: 'You are a tutor.',
      messages: [
        {
          role: 'user',
          content: 'What is in this picture?',
          images: [{ mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) }],
        },
      ],
      offline: () => '',
    });
    expect(r.text).toMatch(
      /cannot see images; a vision-capable model \(Gemini, or an OpenAI-compatible server\) describes them/,
    );
  });

  it('a full queue is a 503 with Retry-After', async () => {
    const busy = await startServer({
      env: { ...localModelEnv(), AI_LOCAL_PARALLEL: '1', AI_LOCAL_QUEUE_MAX: '0' },
    });
    const ai = busy.ctx.ai as LocalProvider;
    const u = await signUp(busy);
    // Hold the one slot with a structured reply (about a second on the tiny model), then ask.
    const held = ai.generateObject({
      task: 'learning_path',
      userId: 'holder',
      schema: GeneratedPath,
      system: 'JSON',
      prompt: 'a path',
      offline: () => undefined as never,
    });
    for (let i = 0; i < 200 && !ai.engine()!.stats().busy; i++) await new Promise((r) => setTimeout(r, 5));
    expect(ai.engine()!.stats().busy).toBe(1);
    const res = await u.api.post('/api/v1/chat', { message: 'Are you there?' });
    await held;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('ai_busy');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await busy.close();
  }, 120_000);

  it('a reply that stops coming is the cloud providers’ ai_timeout, in their words', async () => {
    const slow = await startServer({
      env: { ...localModelEnv(), AI_LOCAL_PARALLEL: '1', AI_TIMEOUT_MS: '500' },
    });
    try {
      const engine = (slow.ctx.ai as LocalProvider).engine()!;
      // Each piece holds the thread longer than AI_TIMEOUT_MS: the wait for the next one times out.
      const stall = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800);
      const failed = await engine
        .generate({
          system: 'You are a tutor.',
          messages: [{ role: 'user', content: 'Tell me a long story' }],
          onText: stall,
        })
        .then(
          () => null,
          (err: unknown) => err,
        );
      expect(failed).toMatchObject({
        status: 503,
        code: 'ai_timeout',
        message: 'The AI model did not answer within 1 s. Please retry.',
      });
      expect(engine.stats()).toMatchObject({ busy: 0 });
    } finally {
      await slow.close();
    }
  }, 120_000);
});
