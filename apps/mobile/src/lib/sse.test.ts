import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { postSse, type SseEvent } from './sse';

/** A response whose body arrives in the given chunks, as a server's stream would. */
function streamed(
  chunks: string[],
  init: ResponseInit = { headers: { 'content-type': 'text/event-stream' } },
) {
  const bytes = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(bytes.encode(c));
      controller.close();
    },
  });
  return new Response(body, init);
}

afterEach(() => vi.unstubAllGlobals());

describe('postSse', () => {
  it('delivers named events split anywhere across chunks, skips heartbeats, and fills the path', async () => {
    const wire =
      'event: message\ndata: {"id":1}\n\n: heartbeat\n\nevent: delta\ndata: {"text":"Hel"}\n\nevent: delta\r\ndata: {"text":"lo"}\r\n\r\nevent: done\ndata: {}\n\n';
    const chunks = wire.match(/[\s\S]{1,7}/g)!;
    const fetch = vi.fn(async () => streamed(chunks));
    vi.stubGlobal('fetch', fetch);
    const events: SseEvent[] = [];
    await postSse('/api/v1/chat/messages/{id}/regenerate/stream', { id: 'a b' }, { x: 1 }, (e) =>
      events.push(e),
    );
    expect(events).toEqual([
      { event: 'message', data: '{"id":1}' },
      { event: 'delta', data: '{"text":"Hel"}' },
      { event: 'delta', data: '{"text":"lo"}' },
      { event: 'done', data: '{}' },
    ]);
    // The stream's request (the client may first ask /api/v1/info where to sign in).
    const calls = fetch.mock.calls as unknown as [unknown, RequestInit][];
    const [url, init] = calls.find(([u]) => typeof u === 'string' && u.includes('/stream'))!;
    expect(url).toMatch(/\/api\/v1\/chat\/messages\/a%20b\/regenerate\/stream$/);
    expect(init).toMatchObject({ method: 'POST', body: '{"x":1}' });
  });

  it('delivers a last event the stream ended without its blank line', async () => {
    vi.stubGlobal('fetch', async () => streamed(['data: a\ndata: b']));
    const events: SseEvent[] = [];
    await postSse('/api/v1/chat/stream', {}, {}, (e) => events.push(e));
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('a JSON error before the stream starts is an ApiError with the server’s code', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'not_found', message: 'Message not found' } }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const failure = postSse('/api/v1/chat/messages/{id}/retry/stream', { id: 'x' }, undefined, () => {});
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
