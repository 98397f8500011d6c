// A fake Google Gemini API (generativelanguage.googleapis.com/v1beta) on a local port, speaking
// the real wire protocol, for tests that go through the real @ai-sdk/google provider:
//   POST /v1beta/models/{model}:generateContent                -> GenerateContentResponse JSON
//   POST /v1beta/models/{model}:streamGenerateContent?alt=sse  -> SSE, one GenerateContentResponse per `data:` event
//   POST /v1beta/models/{model}:embedContent | :batchEmbedContents -> embeddings
// Errors use Google's shape { error: { code, message, status } }.
//
// Use:
//   const gemini = await startFakeGemini();
//   const server = await startServer({ env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url } });
//   gemini.enqueue({ status: 429, retryAfter: '0' }, { text: 'Photosynthesis is ...' });
//   ... call the API ...
//   gemini.modelRequests[1].body.systemInstruction.parts[0].text   // what was sent
//   gemini.modelRequests[1].body.contents                          // [{ role: 'user'|'model', parts: [...] }]
//   gemini.modelRequests[1].body.generationConfig.responseSchema   // structured calls
// Steps (FakeStep in script.ts): { text } | { json } | { chunks, cut?, hang? } | { status, retryAfter? }
// | { hang: true } | { raw }. Each step answers one model request in order; `fallback` answers
// when the queue is empty. `requests[i].aborted` tells whether the client hung up.
import type http from 'node:http';
import {
  fakeEmbedding,
  pieces,
  startFakeServer,
  type FakeRequest,
  type FakeServerBase,
  type FakeStep,
} from './script.ts';

export type FakeGemini = FakeServerBase;

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function chunk(
  model: string,
  text: string | null,
  final?: { finishReason: string; usage: { input: number; output: number } },
) {
  return {
    candidates: [
      {
        content: { role: 'model', parts: text === null ? [] : [{ text }] },
        ...(final ? { finishReason: final.finishReason } : {}),
        index: 0,
      },
    ],
    ...(final
      ? {
          usageMetadata: {
            promptTokenCount: final.usage.input,
            candidatesTokenCount: final.usage.output,
            totalTokenCount: final.usage.input + final.usage.output,
          },
        }
      : {}),
    modelVersion: model,
    responseId: `fake-${Math.random().toString(36).slice(2)}`,
  };
}

const estimate = (s: string) => Math.max(1, Math.ceil(s.length / 4));

async function respond(
  step: FakeStep,
  req: FakeRequest,
  res: http.ServerResponse,
  route: { model: string; stream: boolean },
) {
  if ('hang' in step && step.hang && !('chunks' in step)) return; // never answers
  if ('status' in step && !('raw' in step)) {
    res.writeHead(step.status, {
      'content-type': 'application/json; charset=UTF-8',
      ...(step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {}),
    });
    res.end(
      JSON.stringify({
        error: {
          code: step.status,
          message: step.message ?? `Fake error ${step.status}`,
          status: STATUS[step.status] ?? 'UNKNOWN',
        },
      }),
    );
    return;
  }
  if ('raw' in step) {
    res.writeHead(step.status ?? 200, {
      'content-type': step.contentType ?? 'application/json; charset=UTF-8',
    });
    res.end(step.raw);
    return;
  }
  const text = 'text' in step ? step.text : 'json' in step ? JSON.stringify(step.json) : step.chunks.join('');
  const prompt = JSON.stringify(req.body?.contents ?? '');
  const usage = ('usage' in step && step.usage) || { input: estimate(prompt), output: estimate(text) };
  const finishReason = ('finishReason' in step && step.finishReason) || 'STOP';
  if (!route.stream) {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(chunk(route.model, text, { finishReason, usage })));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const parts = 'chunks' in step ? step.chunks : pieces(text);
  for (const p of parts) res.write(`data: ${JSON.stringify(chunk(route.model, p))}\r\n\r\n`);
  if ('chunks' in step && step.cut) {
    // Let the pieces reach the client, then drop the connection without the final chunk.
    await new Promise<void>((resolve) => res.write('', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
    return;
  }
  if ('chunks' in step && step.hang) return;
  res.write(`data: ${JSON.stringify(chunk(route.model, null, { finishReason, usage }))}\r\n\r\n`);
  res.end();
}

function embed(req: FakeRequest, res: http.ServerResponse) {
  const texts: string[] =
    req.method === 'batchEmbedContents'
      ? (req.body?.requests ?? []).map((r: any) => r.content?.parts?.map((p: any) => p.text).join('') ?? '')
      : [req.body?.content?.parts?.map((p: any) => p.text).join('') ?? ''];
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(
    JSON.stringify(
      req.method === 'batchEmbedContents'
        ? { embeddings: texts.map((t) => ({ values: fakeEmbedding(t) })) }
        : { embedding: { values: fakeEmbedding(texts[0]!) } },
    ),
  );
}

export function startFakeGemini(): Promise<FakeGemini> {
  return startFakeServer(
    (req, url) => {
      const m =
        /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/.exec(
          url.pathname,
        );
      if (!m || req.method !== 'POST') return null;
      const method = m[2]!;
      return {
        method,
        model: decodeURIComponent(m[1]!),
        stream: method === 'streamGenerateContent' && url.searchParams.get('alt') === 'sse',
        embeddings: /embed/i.test(method),
      };
    },
    respond,
    embed,
    '/v1beta',
  );
}

/** The text of every part of a Gemini `contents` entry. */
export const partsText = (content: { parts: Array<{ text?: string }> }) =>
  content.parts.map((p) => p.text ?? '').join('');
