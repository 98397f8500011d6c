// Server-Sent Events on a hijacked reply: Fastify's serializer, compression and error handler stay
// out of the way, so the headers Fastify's hooks already set (CORS, security headers, request id)
// are copied here, and errors are sent as `error` events.
// Each write to the socket is a system call, a large share of a streamed turn's CPU (bench/turn.ts):
// the headers go out with the first event when one follows at once (else at the end of the tick).
// Events sent in one tick already share a write (Node corks a response's socket until the next tick).
import type { FastifyReply, FastifyRequest } from 'fastify';

export const HEARTBEAT_MS = 15_000;

export interface SseStream {
  send(event: string, data: unknown): void;
  /** True once the client has gone away. */
  readonly closed: boolean;
  end(): void;
}

export function openSse(
  req: FastifyRequest,
  reply: FastifyReply,
  onClientGone: () => void,
  heartbeatMs = HEARTBEAT_MS,
): SseStream {
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(reply.getHeaders()))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v : String(v);
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx: do not buffer the stream
    'x-request-id': req.id,
  });
  // Headers alone only if no event is sent in this tick (one usually is: the route's first).
  let wrote = false;
  process.nextTick(() => {
    if (!wrote && !res.destroyed) res.flushHeaders();
  });
  let closed = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      closed = true;
      onClientGone();
    }
  });
  // Comments keep proxies and load balancers from closing an idle-looking connection.
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  return {
    send(event, data) {
      if (closed || res.writableEnded) return;
      wrote = true;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
    end() {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    },
  };
}
