import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { openSse } from './sse.ts';

describe('Server-Sent Events on a hijacked reply', () => {
  let app: FastifyInstance;
  let url: string;
  let goneCount = 0;
  let release: () => void = () => {};
  /** Socket writes (system calls) the /burst route made. */
  let burstWrites = -1;
  let releaseQuiet: () => void = () => {};
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
    // The headers, then three events in one tick, then more after a pause, then the end.
    app.get('/burst', async (req, reply) => {
      const socket = req.raw.socket as net.Socket & {
        _write: (...args: unknown[]) => void;
        _writev: (...args: unknown[]) => void;
      };
      let writes = 0;
      const { _write, _writev } = socket;
      socket._write = function (...args: unknown[]) {
        writes++;
        return _write.apply(this, args);
      };
      socket._writev = function (...args: unknown[]) {
        writes++;
        return _writev.apply(this, args);
      };
      const sse = openSse(req, reply, () => {});
      sse.send('a', 1);
      sse.send('b', 2);
      sse.send('c', 3);
      await new Promise((r) => setTimeout(r, 20));
      burstWrites = writes;
      sse.end();
    });
    app.get('/quiet', async (req, reply) => {
      const sse = openSse(req, reply, () => {});
      await new Promise<void>((resolve) => (releaseQuiet = resolve));
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

  it('sends the headers with the first event, and events of one tick in one write', async () => {
    const res = await fetch(`${url}/burst`);
    expect(await res.text()).toBe('event: a\ndata: 1\n\nevent: b\ndata: 2\n\nevent: c\ndata: 3\n\n');
    expect(burstWrites).toBe(1);
  });

  it('sends the headers at once when no event follows', async () => {
    // The route ends only after the client has its headers (else this times out).
    const res = await fetch(`${url}/quiet`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    releaseQuiet();
    expect(await res.text()).toBe('');
  });
});
