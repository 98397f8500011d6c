// The operator's view: every response counted by route pattern and status, the model calls of a
// request added to its completion log line, and GET /metrics in Prometheus format — on the public
// port with `Authorization: Bearer $METRICS_TOKEN`, and/or without a token on an internal port
// (METRICS_PORT, bound to METRICS_HOST = 127.0.0.1 by default). With neither set, /metrics on the
// public port is a 404 like any unknown route.
import crypto from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from '@chitchat/contracts';
import type { Config } from '../config.ts';
import type { AiCall } from '../platform/ai/index.ts';
import type { Metrics } from '../platform/metrics/index.ts';
import { HttpError } from './errors.ts';

/** The label of a request no route matched (404s for made-up paths): one value, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What the completion log line says about a request's model calls (totals, then each call). */
export function aiLogSummary(calls: AiCall[]) {
  const sum = (f: (c: AiCall) => number | undefined) => calls.reduce((n, c) => n + (f(c) ?? 0), 0);
  return {
    calls: calls.length,
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    latencyMs: sum((c) => c.latencyMs),
    attempts: sum((c) => c.attempts),
    usage: calls.map((c) => ({
      task: c.task,
      provider: c.provider,
      ...(c.model ? { model: c.model } : {}),
      ...(c.inputTokens !== undefined ? { inputTokens: c.inputTokens } : {}),
      ...(c.outputTokens !== undefined ? { outputTokens: c.outputTokens } : {}),
      latencyMs: c.latencyMs,
      attempts: c.attempts,
      ...(c.error ? { error: c.error } : {}),
      ...(c.cancelled ? { cancelled: true } : {}),
    })),
  };
}

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function hasToken(req: FastifyRequest, token: string): boolean {
  const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
  // Hashing first gives equal lengths, so timingSafeEqual reveals neither the token nor its length.
  return m?.[1] !== undefined && crypto.timingSafeEqual(digest(m[1]), digest(token));
}

/** Registers the request instrumentation and the /metrics endpoints. Call before the routes. */
export function registerMetrics(
  app: FastifyInstance,
  metrics: Metrics,
  config: Pick<Config, 'METRICS_TOKEN' | 'METRICS_PORT' | 'METRICS_HOST'>,
) {
  // onResponse hooks run before Fastify writes "request completed", so bindings set here land on
  // that line (and only on lines after it).
  app.addHook('onResponse', async (req, reply) => {
    metrics.request(
      req.method,
      req.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    const calls = metrics.takeAiCalls(req.log);
    if (calls) (req.log as { setBindings?: (b: object) => void }).setBindings?.({ ai: aiLogSummary(calls) });
  });

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics, for the operator’s scraper (not the app)',
        description:
          'Requests by route pattern and status, AI calls (latency, tokens, errors, retries), jobs, the database pool and the model’s state, in the Prometheus text format. Needs `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN configured this is a 404 (serve it on the internal METRICS_PORT instead).',
        security: [{ bearer: [] }],
        response: {
          200: {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: z.string().describe('# HELP / # TYPE lines and samples') } },
          },
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const token = config.METRICS_TOKEN;
      if (!token) {
        // Exactly the answer an unknown route gets: nothing tells a visitor the endpoint exists.
        throw new HttpError(404, 'route_not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`);
      }
      if (!hasToken(req, token))
        throw new HttpError(
          401,
          'unauthorized',
          'Send Authorization: Bearer <METRICS_TOKEN> to read metrics.',
          undefined,
          { 'www-authenticate': 'Bearer realm="metrics"' },
        );
      const { contentType, body } = await metrics.scrape();
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    },
  );

  if (config.METRICS_PORT === undefined) return;
  // The internal port: a plain HTTP server with /metrics only, started and stopped with the app.
  const internal = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          error: { code: 'route_not_found', message: 'Only GET /metrics is served on this port.' },
        }),
      );
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
      },
      (err) => {
        app.log.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }),
        );
      },
    );
  });
  app.decorate('metricsServer', internal);
  // onReady (before the app listens) rather than onListen: a port already taken stops start-up
  // with its error instead of being logged and ignored.
  app.addHook('onReady', async () => {
    await new Promise<void>((resolve, reject) => {
      internal.once('error', reject);
      internal.listen(config.METRICS_PORT, config.METRICS_HOST, () => {
        internal.off('error', reject);
        const a = internal.address() as { address: string; port: number };
        app.log.info(
          { metrics: `http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}/metrics` },
          'metrics served on the internal port',
        );
        resolve();
      });
    });
  });
  app.addHook('onClose', async () => {
    if (!internal.listening) return;
    internal.closeAllConnections();
    await new Promise<void>((resolve) => internal.close(() => resolve()));
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The internal metrics server (METRICS_PORT), listening once the app is ready. */
    metricsServer?: http.Server;
  }
}
