import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { openSse } from './sse.ts';

describe('Server-Sent Events on a hijacked reply', () => {
  let app: FastifyInstance;
  let url: string;
  let goneCount = 0;
  let release: () => void = () => {};
  beforeAll(async () => {
    app = Fastify({ forceCloseConnections: true });
    app.addHook('onRequest', async (_req, reply) => {
      reply.header('x-from-hook', 'kept');
    });
    app.get('/events', async (req, reply) => {
      const sse = openSse(req, reply, () => goneCount++, 10);
      sse.send('hello', { n: 1 });
      // Wait (no timers asserted) until the test has seen a heartbeat, then finish.
      await new Promise<void>((resolve) => (release = resolve));
      sse.send('bye', { n: 2 });
      sse.end();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => app?.close());

  it('sends events and heartbeat comments, with the hooks’ headers and the request id', async () => {
    const res = await fetch(`${url}/events`, { headers: { 'x-request-id': 'abc' } });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-from-hook')).toBe('kept');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': heartbeat'))
      text += decoder.decode((await reader.read()).value, { stream: true });
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text.startsWith('event: hello\ndata: {"n":1}\n\n')).toBe(true);
    expect(text).toContain(': heartbeat\n\n');
    expect(text.endsWith('event: bye\ndata: {"n":2}\n\n')).toBe(true);
    expect(goneCount).toBe(0);
  });

  it('tells when the client goes away', async () => {
    const ac = new AbortController();
    const res = await fetch(`${url}/events`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    while (goneCount === 0) await new Promise((r) => setTimeout(r, 5));
    release();
    expect(goneCount).toBe(1);
  });
});
