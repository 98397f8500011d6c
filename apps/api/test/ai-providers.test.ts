// The model-backed providers through the real AI SDK against local fakes that speak Gemini's and
// OpenAI's wire protocols: what is sent, retries, timeouts, cancellation, structured output with
// one repair attempt, streams (including cut ones) and embeddings.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import {
  createAiProvider,
  AiAbortedError,
  AiInvalidOutputError,
  AiUnavailableError,
  type AiProvider,
} from '../src/platform/ai/index.ts';
import { startFakeGemini, partsText, type FakeGemini } from './fakes/gemini.ts';
import { startFakeOpenAi, contentText, type FakeOpenAi } from './fakes/openai.ts';
import type { FakeServerBase } from './fakes/script.ts';
import { clampInt, isRecord, keepValid } from '../src/platform/ai/salvage.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const Quiz = z.object({ question: z.string().min(1), answer: z.string().min(1) });
const offlineText = () => 'offline';
const offlineQuiz = () => ({ question: 'offline?', answer: 'yes' });

async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

async function collect(deltas: AsyncIterable<string>, onFirst?: () => void) {
  const seen: string[] = [];
  for await (const d of deltas) {
    seen.push(d);
    if (seen.length === 1) onFirst?.();
  }
  return seen;
}

let gemini: FakeGemini;
let openai: FakeOpenAi;
beforeAll(async () => {
  gemini = await startFakeGemini();
  openai = await startFakeOpenAi();
});
afterAll(async () => {
  await gemini?.close();
  await openai?.close();
});

const env = {
  AI_TIMEOUT_MS: '1500',
  AI_MAX_RETRIES: '2',
  AI_RETRY_BASE_MS: '5',
  DATA_DIR: '/tmp/chitchat-ai-test',
};

const providers: Array<{ name: string; fake: () => FakeServerBase; make: () => AiProvider }> = [
  {
    name: 'gemini',
    fake: () => gemini,
    make: () =>
      createAiProvider(loadConfig({ ...env, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url })),
  },
  {
    name: 'openai-compatible',
    fake: () => openai,
    make: () =>
      createAiProvider(
        loadConfig({
          ...env,
          AI_BASE_URL: openai.url,
          AI_MODEL_CHAT: 'llama3.2',
          AI_MODEL_VISION: 'llava',
          AI_MODEL_EMBEDDING: 'nomic-embed-text',
        }),
      ),
  },
];

describe('gemini wire format', () => {
  let ai: AiProvider;
  beforeEach(() => {
    gemini.reset();
    ai = providers[0]!.make();
  });

  it('sends the system instruction, the conversation in order with Gemini roles, and the API key', async () => {
    gemini.enqueue({ text: 'Chlorophyll absorbs light.', usage: { input: 42, output: 7 } });
    const { text, usage } = await ai.generateText({
      task: 'chat',
      system: 'You are a patient tutor.',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'two' },
        { role: 'user', content: 'three' },
      ],
      offline: offlineText,
    });
    expect(text).toBe('Chlorophyll absorbs light.');
    expect(usage).toMatchObject({
      provider: 'gemini',
      model: 'gemini-3.5-flash',
      inputTokens: 42,
      outputTokens: 7,
      attempts: 1,
    });
    expect(usage.latencyMs).toBeGreaterThanOrEqual(0);
    const req = gemini.modelRequests[0]!;
    expect(req.method).toBe('generateContent');
    expect(req.model).toBe('gemini-3.5-flash');
    expect(req.headers['x-goog-api-key']).toBe('test-key');
    expect(partsText(req.body.systemInstruction)).toBe('You are a patient tutor.');
    expect(req.body.contents.map((c: any) => [c.role, partsText(c)])).toEqual([
      ['user', 'one'],
      ['model', 'two'],
      ['user', 'three'],
    ]);
  });

  it('sends images inline to the vision model', async () => {
    const vision = createAiProvider(
      loadConfig({
        ...env,
        GEMINI_API_KEY: 'k',
        GEMINI_BASE_URL: gemini.url,
        AI_MODEL_VISION: 'gemini-vision-test',
      }),
    );
    gemini.enqueue({ text: 'A cell diagram.' });
    await vision.generateText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'What is this?', images: [{ mediaType: 'image/png', data: PNG }] }],
      offline: offlineText,
    });
    const req = gemini.modelRequests[0]!;
    expect(req.model).toBe('gemini-vision-test');
    const inline = req.body.contents[0].parts.find((p: any) => p.inlineData);
    expect(inline.inlineData).toEqual({ mimeType: 'image/png', data: Buffer.from(PNG).toString('base64') });
  });

  it('uses the light model for session titles and the long-context model for long input', async () => {
    const cfg = createAiProvider(
      loadConfig({
        ...env,
        GEMINI_API_KEY: 'k',
        GEMINI_BASE_URL: gemini.url,
        AI_MODEL_LONG: 'gemini-long-test',
        AI_LONG_INPUT_CHARS: '1000',
      }),
    );
    await cfg.generateText({
      task: 'session_title',
      system: 's',
      messages: [{ role: 'user', content: 'hi' }],
      offline: offlineText,
    });
    await cfg.generateText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'x'.repeat(1500) }],
      offline: offlineText,
    });
    expect(gemini.modelRequests.map((r) => r.model)).toEqual(['gemini-3.5-flash-lite', 'gemini-long-test']);
  });

  it('sends the zod schema as the response schema for structured output', async () => {
    gemini.enqueue({ json: { question: 'What absorbs light?', answer: 'Chlorophyll' } });
    const { object } = await ai.generateObject({
      task: 'review_questions',
      schema: Quiz,
      system: 'Write a question.',
      prompt: 'About leaves',
      offline: offlineQuiz,
    });
    expect(object).toEqual({ question: 'What absorbs light?', answer: 'Chlorophyll' });
    const cfg = gemini.modelRequests[0]!.body.generationConfig;
    expect(cfg.responseMimeType).toBe('application/json');
    expect(cfg.responseSchema.type).toBe('object');
    expect(Object.keys(cfg.responseSchema.properties).sort()).toEqual(['answer', 'question']);
    expect(cfg.responseSchema.required.sort()).toEqual(['answer', 'question']);
  });

  it('streams with alt=sse', async () => {
    gemini.enqueue({ chunks: ['Light ', 'is ', 'energy.'] });
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: offlineText,
    });
    expect((await collect(s.deltas)).join('')).toBe('Light is energy.');
    expect((await s.done).text).toBe('Light is energy.');
    expect(gemini.modelRequests[0]!.method).toBe('streamGenerateContent');
    expect(gemini.modelRequests[0]!.path).toContain('alt=sse');
  });
});

describe('openai-compatible wire format', () => {
  let ai: AiProvider;
  beforeEach(() => {
    openai.reset();
    ai = providers[1]!.make();
  });

  it('sends the system message first, the conversation in order, images as data URLs', async () => {
    openai.enqueue({ text: 'Mitochondria make ATP.', usage: { input: 30, output: 5 } });
    const { text, usage } = await ai.generateText({
      task: 'chat',
      system: 'Tutor.',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'two' },
        { role: 'user', content: 'look', images: [{ mediaType: 'image/png', data: PNG }] },
      ],
      offline: offlineText,
    });
    expect(text).toBe('Mitochondria make ATP.');
    expect(usage).toMatchObject({
      provider: 'openai-compatible',
      model: 'llava',
      inputTokens: 30,
      outputTokens: 5,
    });
    const { body } = openai.modelRequests[0]!;
    expect(body.model).toBe('llava');
    expect(body.messages.map((m: any) => [m.role, contentText(m.content)])).toEqual([
      ['system', 'Tutor.'],
      ['user', 'one'],
      ['assistant', 'two'],
      ['user', 'look'],
    ]);
    const image = body.messages[3].content.find((p: any) => p.type === 'image_url');
    expect(image.image_url.url).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
  });

  it('asks for a JSON schema response for structured output', async () => {
    openai.enqueue({ json: { question: 'Q?', answer: 'A' } });
    const { object } = await ai.generateObject({
      task: 'review_questions',
      schema: Quiz,
      system: 's',
      prompt: 'p',
      offline: offlineQuiz,
    });
    expect(object).toEqual({ question: 'Q?', answer: 'A' });
    const rf = openai.modelRequests[0]!.body.response_format;
    expect(rf.type).toBe('json_schema');
    expect(Object.keys(rf.json_schema.schema.properties).sort()).toEqual(['answer', 'question']);
  });

  it('streams chat.completion.chunk events and reports usage', async () => {
    openai.enqueue({ chunks: ['Cells ', 'divide.'], usage: { input: 9, output: 2 } });
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: offlineText,
    });
    expect((await collect(s.deltas)).join('')).toBe('Cells divide.');
    expect((await s.done).usage).toMatchObject({ inputTokens: 9, outputTokens: 2 });
    expect(openai.modelRequests[0]!.body.stream).toBe(true);
  });
});

describe.each(providers)('$name faults', ({ fake, make }) => {
  let ai: AiProvider;
  beforeEach(() => {
    fake().reset();
    ai = make();
  });
  const ask = (signal?: AbortSignal) =>
    ai.generateText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      signal,
      offline: offlineText,
    });

  it('retries a 429 (honouring Retry-After) and then succeeds', async () => {
    fake().enqueue({ status: 429, retryAfter: '0' }, { text: 'after the wait' });
    const { text, usage } = await ask();
    expect(text).toBe('after the wait');
    expect(usage.attempts).toBe(2);
    expect(fake().modelRequests).toHaveLength(2);
  });

  it('gives up after the retries on repeated 500s with a clear 502', async () => {
    fake().fallback = { status: 500 };
    const err = await failure(ask());
    expect(err).toBeInstanceOf(AiUnavailableError);
    expect(err.statusCode).toBe(502);
    expect(err.code).toBe('ai_upstream_error');
    expect(fake().modelRequests).toHaveLength(3); // 1 + AI_MAX_RETRIES
  });

  it('reports a rate limit that outlasts the retries as 503 with Retry-After', async () => {
    fake().fallback = { status: 429, retryAfter: '0' };
    const err = await failure(ask());
    expect(err.statusCode).toBe(503);
    expect(err.code).toBe('ai_rate_limited');
    expect(err.headers['retry-after']).toBe('1');
  });

  it('does not retry a request the provider refuses (400)', async () => {
    fake().fallback = { status: 400, message: 'bad model' };
    const err = await failure(ask());
    expect(err.code).toBe('ai_request_rejected');
    expect(fake().modelRequests).toHaveLength(1);
  });

  it('times out a hung call and cancels the HTTP request', async () => {
    fake().enqueue({ hang: true });
    const err = await failure(ask());
    expect(err).toBeInstanceOf(AiUnavailableError);
    expect(err.code).toBe('ai_timeout');
    expect(err.statusCode).toBe(503);
    await fake().modelRequests[0]!.closed;
    expect(fake().modelRequests[0]!.aborted).toBe(true);
  });

  it('cancels the call when the caller aborts', async () => {
    fake().enqueue({ hang: true });
    const ac = new AbortController();
    const p = ask(ac.signal);
    while (fake().modelRequests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    expect(await failure(p)).toBeInstanceOf(AiAbortedError);
    await fake().modelRequests[0]!.closed;
    expect(fake().modelRequests[0]!.aborted).toBe(true);
  });

  it('repairs malformed structured output once', async () => {
    fake().enqueue(
      { text: '{"question": "Q?", "answer": ' },
      { json: { question: 'Fixed?', answer: 'Yes' } },
    );
    const { object, usage } = await ai.generateObject({
      task: 'review_questions',
      schema: Quiz,
      system: 's',
      prompt: 'p',
      offline: offlineQuiz,
    });
    expect(object).toEqual({ question: 'Fixed?', answer: 'Yes' });
    expect(usage.attempts).toBe(2);
    const reqs = fake().modelRequests;
    expect(reqs).toHaveLength(2);
    expect(JSON.stringify(reqs[1]!.body)).toContain('Your reply could not be used');
  });

  describe('per-item salvage', () => {
    const Batch = z.object({
      items: z.array(z.object({ term: z.string().min(1), minutes: z.number().int().min(5).max(60) })).min(1),
    });
    type Batch = z.infer<typeof Batch>;
    const offlineBatch = (): Batch => ({ items: [{ term: 'offline', minutes: 5 }] });
    const warnings: object[] = [];
    const log = { warn: (obj: object) => warnings.push(obj) };
    const salvage = (raw: unknown, l?: { warn(o: object, m: string): void }): Batch | undefined =>
      isRecord(raw)
        ? {
            items: keepValid(raw.items, Batch.shape.items.element, {
              what: 'item',
              repair: (i) => (isRecord(i) ? { ...i, minutes: clampInt(i.minutes, 5, 60) } : i),
              log: l,
            }),
          }
        : undefined;
    const ask = () =>
      ai.generateObject({
        task: 'learning_path',
        schema: Batch,
        system: 's',
        prompt: 'p',
        offline: offlineBatch,
        salvage,
        log,
      });

    it('keeps the good items of a reply with a malformed one, repairing what is safe, without a repair round trip', async () => {
      warnings.length = 0;
      fake().enqueue({
        json: {
          items: [
            { term: 'cell', minutes: 1 },
            { term: '', minutes: 10 },
            { term: 'osmosis', minutes: '15' },
          ],
        },
      });
      const { object } = await ask();
      expect(object.items).toEqual([
        { term: 'cell', minutes: 5 },
        { term: 'osmosis', minutes: 15 },
      ]);
      expect(fake().modelRequests).toHaveLength(1);
      expect(warnings).toHaveLength(1);
      expect(JSON.stringify(warnings[0])).toContain('"dropped":1');
    });

    it('asks for a repair when nothing usable remains, and salvages the repaired reply too', async () => {
      fake().enqueue(
        { json: { items: [{ term: '' }] } },
        { json: { items: [{ term: 'mitosis', minutes: 900 }, { nope: 1 }] } },
      );
      const { object } = await ask();
      expect(object.items).toEqual([{ term: 'mitosis', minutes: 60 }]);
      expect(fake().modelRequests).toHaveLength(2);
    });

    it('fails with ai_invalid_output when neither reply has a usable item', async () => {
      fake().enqueue({ json: { items: [{ term: '' }] } }, { text: 'not json at all' });
      const err = await failure(ask());
      expect(err).toBeInstanceOf(AiInvalidOutputError);
      expect(err.code).toBe('ai_invalid_output');
    });
  });

  it('fails clearly when the repaired reply is still invalid', async () => {
    fake().enqueue({ json: { question: '' } }, { json: { nope: true } });
    const err = await failure(
      ai.generateObject({
        task: 'review_questions',
        schema: Quiz,
        system: 's',
        prompt: 'p',
        offline: offlineQuiz,
      }),
    );
    expect(err).toBeInstanceOf(AiInvalidOutputError);
    expect(err.statusCode).toBe(502);
    expect(err.code).toBe('ai_invalid_output');
    expect(fake().modelRequests).toHaveLength(2);
  });

  it('retries a stream that fails before any text, then streams', async () => {
    fake().enqueue({ status: 503 }, { chunks: ['ok ', 'now'] });
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: offlineText,
    });
    expect((await collect(s.deltas)).join('')).toBe('ok now');
    expect((await s.done).usage.attempts).toBe(2);
  });

  it('reports a stream cut half-way after the text already sent', async () => {
    fake().enqueue({ chunks: ['Half ', 'an '], cut: true });
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: offlineText,
    });
    const seen: string[] = [];
    const err = await failure(
      (async () => {
        for await (const d of s.deltas) seen.push(d);
      })(),
    );
    expect(seen.join('')).toBe('Half an ');
    expect(err.code).toBe('ai_stream_interrupted');
    expect(err.statusCode).toBe(502);
    expect(fake().modelRequests).toHaveLength(1); // never retried once text was shown
  });

  it('times out a stream that stalls part-way, keeping what arrived', async () => {
    fake().enqueue({ chunks: ['Stalled ', 'here '], hang: true });
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: offlineText,
    });
    const seen: string[] = [];
    const err = await failure(
      (async () => {
        for await (const d of s.deltas) seen.push(d);
      })(),
    );
    expect(seen.join('')).toBe('Stalled here ');
    expect(err.code).toBe('ai_timeout');
    await fake().modelRequests[0]!.closed;
    expect(fake().modelRequests[0]!.aborted).toBe(true);
  });

  it('cancels a stream when the caller aborts mid-way', async () => {
    fake().enqueue({ chunks: ['First ', 'words '], hang: true });
    const ac = new AbortController();
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      signal: ac.signal,
      offline: offlineText,
    });
    const err = await failure(collect(s.deltas, () => ac.abort()));
    expect(err).toBeInstanceOf(AiAbortedError);
    await fake().modelRequests[0]!.closed;
    expect(fake().modelRequests[0]!.aborted).toBe(true);
  });

  it('embeds texts', async () => {
    const vectors = await ai.embed!(['alpha', 'beta']);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]!.length).toBeGreaterThan(0);
    expect(vectors[0]).not.toEqual(vectors[1]);
  });
});
