// A fake OpenAI-compatible server (what Ollama, vLLM, LM Studio and llama.cpp serve) on a local
// port, speaking the real wire protocol, for tests through the real @ai-sdk/openai-compatible:
//   POST /v1/chat/completions              -> chat.completion JSON
//   POST /v1/chat/completions (stream)     -> SSE of chat.completion.chunk, a usage chunk, then [DONE]
//   POST /v1/embeddings                    -> { data: [{ embedding }] }
// Errors use OpenAI's shape { error: { message, type, code } }.
//
// Use:
//   const openai = await startFakeOpenAi();
//   const server = await startServer({ env: { AI_BASE_URL: openai.url, AI_MODEL_CHAT: 'llama3.2' } });
//   openai.enqueue({ status: 500 }, { text: 'Hello' });
//   openai.modelRequests[0].body.messages   // [{ role: 'system' | 'user' | 'assistant', content }]
//   openai.modelRequests[0].body.response_format   // structured calls: { type: 'json_schema', json_schema }
// Steps are the same as the Gemini fake's (FakeStep in script.ts).
import type http from 'node:http';
import {
  fakeEmbedding,
  pieces,
  startFakeServer,
  type FakeRequest,
  type FakeServerBase,
  type FakeStep,
} from './script.ts';

export type FakeOpenAi = FakeServerBase;

const estimate = (s: string) => Math.max(1, Math.ceil(s.length / 4));

async function respond(
  step: FakeStep,
  req: FakeRequest,
  res: http.ServerResponse,
  route: { model: string; stream: boolean },
) {
  if ('hang' in step && step.hang && !('chunks' in step)) return;
  if ('status' in step && !('raw' in step)) {
    res.writeHead(step.status, {
      'content-type': 'application/json',
      ...(step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {}),
    });
    res.end(
      JSON.stringify({
        error: {
          message: step.message ?? `Fake error ${step.status}`,
          type: step.status >= 500 ? 'server_error' : 'invalid_request_error',
          code: null,
        },
      }),
    );
    return;
  }
  if ('raw' in step) {
    res.writeHead(step.status ?? 200, { 'content-type': step.contentType ?? 'application/json' });
    res.end(step.raw);
    return;
  }
  const text = 'text' in step ? step.text : 'json' in step ? JSON.stringify(step.json) : step.chunks.join('');
  const usage = ('usage' in step && step.usage) || {
    input: estimate(JSON.stringify(req.body?.messages ?? '')),
    output: estimate(text),
  };
  const id = `chatcmpl-fake${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  const usageJson = {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
  };
  if (!route.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model: route.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: usageJson,
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  const base = { id, object: 'chat.completion.chunk', created, model: route.model };
  const parts = 'chunks' in step ? step.chunks : pieces(text);
  parts.forEach((p, i) =>
    send({
      ...base,
      choices: [
        { index: 0, delta: { ...(i === 0 ? { role: 'assistant' } : {}), content: p }, finish_reason: null },
      ],
    }),
  );
  if ('chunks' in step && step.cut) {
    // Let the pieces reach the client, then drop the connection without the final chunk.
    await new Promise<void>((resolve) => res.write('', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
    return;
  }
  if ('chunks' in step && step.hang) return;
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  if (req.body?.stream_options?.include_usage) send({ ...base, choices: [], usage: usageJson });
  res.write('data: [DONE]\n\n');
  res.end();
}

function embed(req: FakeRequest, res: http.ServerResponse) {
  const input: string[] = Array.isArray(req.body?.input) ? req.body.input : [String(req.body?.input ?? '')];
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      object: 'list',
      data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })),
      model: req.model,
      usage: { prompt_tokens: input.join(' ').length, total_tokens: input.join(' ').length },
    }),
  );
}

export function startFakeOpenAi(): Promise<FakeOpenAi> {
  return startFakeServer(
    (req, url) => {
      if (req.method !== 'POST') return null;
      if (url.pathname === '/v1/chat/completions')
        return { method: 'chat', model: '', stream: false, embeddings: false };
      if (url.pathname === '/v1/embeddings')
        return { method: 'embeddings', model: '', stream: false, embeddings: true };
      return null;
    },
    (step, req, res, route) =>
      respond(step, req, res, {
        model: req.body?.model ?? 'unknown',
        stream: req.body?.stream === true && route.method === 'chat',
      }),
    embed,
    '/v1',
  );
}

/** The text of an OpenAI message content (string or parts). */
export const contentText = (content: string | Array<{ type: string; text?: string }>) =>
  typeof content === 'string' ? content : content.map((p) => p.text ?? '').join('');
