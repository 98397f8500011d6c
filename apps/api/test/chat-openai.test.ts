// Chat over HTTP with AI_BASE_URL pointing at a local fake OpenAI-compatible server (what Ollama,
// vLLM, LM Studio and llama.cpp speak), through the real @ai-sdk/openai-compatible provider:
// a streamed conversation with context, and the faults that matter (500s past the retries, a
// stream cut half-way, a client that disconnects).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { expectErrorShape, signUp, startServer, type TestUser } from './harness.ts';
import { startFakeOpenAi, contentText } from './fakes/openai.ts';
import { readSse } from './sse.ts';
import { makePdf, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

const openai = await startFakeOpenAi();
const server = await startServer({
  env: {
    AI_BASE_URL: openai.url,
    AI_MODEL_CHAT: 'llama3.2',
    AI_TIMEOUT_MS: '1500',
    AI_MAX_RETRIES: '2',
    AI_RETRY_BASE_MS: '5',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
  },
});
afterAll(async () => {
  await server?.close();
  await openai?.close();
});
beforeEach(() => openai.reset());

const stream = (user: TestUser, body: unknown, signal?: AbortSignal) =>
  fetch(`${server.url}/api/v1/chat/stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });

async function messages(user: TestUser, sessionId: string) {
  return (await user.api.get(`/api/v1/chat/sessions/${sessionId}/messages?direction=newer`)).body
    .items as any[];
}

describe('chat through an OpenAI-compatible server', () => {
  it('streams a conversation with the context in order', async () => {
    const u = await signUp(server);
    openai.enqueue({ text: 'Vectors have size and direction.' }, { text: 'Vectors' });
    const first = await u.api.post('/api/v1/chat', { message: 'What is a vector?' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ model: 'llama3.2', sessionTitle: 'Vectors' });
    openai.reset();
    openai.enqueue({ chunks: ['A scalar ', 'has only size.'], usage: { input: 50, output: 5 } });
    const res = await stream(u, { message: 'And a scalar?', sessionId: first.body.sessionId });
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['message', 'delta', 'delta', 'done']);
    expect(events.at(-1)!.data.message.metadata).toMatchObject({
      provider: 'openai-compatible',
      model: 'llama3.2',
      inputTokens: 50,
      outputTokens: 5,
    });
    const { body } = openai.modelRequests[0]!;
    expect(body.stream).toBe(true);
    expect(body.messages.map((m: any) => [m.role, contentText(m.content).slice(0, 40)])).toEqual([
      ['system', expect.stringContaining('ChitChat')],
      ['user', 'What is a vector?'],
      ['assistant', 'Vectors have size and direction.'],
      ['user', 'And a scalar?'],
    ]);
  });

  it('names an attached document and grounds the answer in its pages', async () => {
    const u = await signUp(server);
    const pdf = await makePdf([
      'Chapter one is an introduction.',
      'The mitral valve separates the left atrium from the left ventricle.',
    ]);
    openai.fallback = { json: { summary: 'Notes on the heart.', keyConcepts: [], suggestedQuestions: [] } }; // the document analysis
    const { init } = await uploadViaUrl(u, 'heart.pdf', 'application/pdf', pdf);
    expect((await waitProcessed(u, init.uploadId)).status).toBe('ready');
    openai.reset();
    openai.enqueue({ text: 'Between the left atrium and ventricle [1].' });
    const res = await u.api.post('/api/v1/chat', {
      message: 'Where is the mitral valve?',
      attachmentIds: [init.uploadId],
    });
    expect(res.status).toBe(200);
    expect(res.body.citations).toContainEqual(
      expect.objectContaining({ sourceType: 'document', sourceId: init.uploadId, page: 2 }),
    );
    const { messages: sent } = openai.modelRequests[0]!.body;
    // This turn's material opens the learner's message; the system prompt carries none of it.
    expect(contentText(sent.at(-1).content)).toMatch(
      /^<learner_material>\n\[1\] \(document "heart\.pdf", p\. 2\)[^\n]*mitral valve[\s\S]*<\/learner_material>\n\nWhere is the mitral valve\?\n\n\[Attached: heart\.pdf\]$/,
    );
    expect(contentText(sent[0].content)).not.toMatch(/mitral valve/);
    const saved = await messages(u, res.body.sessionId);
    expect(saved[0]).toMatchObject({
      content: 'Where is the mitral valve?',
      mediaUrl: `upload:${init.uploadId}`,
      mediaType: 'document',
    });
  });

  it('500s past the retries: 502 and the message kept as failed', async () => {
    const u = await signUp(server);
    openai.fallback = { status: 500 };
    const res = await u.api.post('/api/v1/chat', { message: 'Hello' });
    expect(res.status).toBe(502);
    expectErrorShape(res.body);
    expect(openai.modelRequests).toHaveLength(3);
    expect((await messages(u, res.body.error.details.sessionId))[0].metadata.status).toBe('failed');
  });

  it('a stream cut half-way: error event, partial kept, message retryable', async () => {
    const u = await signUp(server);
    openai.enqueue({ chunks: ['Half ', 'of it '], cut: true });
    const events = await readSse(await stream(u, { message: 'Tell me everything' }));
    expect(events.map((e) => e.event)).toEqual(['message', 'delta', 'delta', 'error']);
    expect(events.at(-1)!.data.error.code).toBe('ai_stream_interrupted');
    const kept = await messages(u, events[0]!.data.sessionId);
    expect(kept.map((m) => m.metadata.status)).toEqual(['failed', 'interrupted']);
  });

  it('a client disconnect cancels the model call', async () => {
    const u = await signUp(server);
    openai.enqueue({ chunks: ['Once ', 'upon '], hang: true });
    const ac = new AbortController();
    const res = await stream(u, { message: 'Tell me a story' }, ac.signal);
    await readSse(res, (_e, all) => {
      if (all.filter((x) => x.event === 'delta').length === 2) ac.abort();
    });
    await openai.modelRequests[0]!.closed;
    expect(openai.modelRequests[0]!.aborted).toBe(true);
  });
});
