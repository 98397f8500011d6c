// The public system endpoints: liveness (/health), readiness (/ready), the OpenAPI document, and
// /api/v1/info (what the app shows of the server: auth mode, AI status, storage, limits).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Health, Ready, ServerInfo } from '@chitchat/contracts';
import type { AppContext } from '../context.ts';
import { aiStatus } from '../platform/ai/index.ts';

export const VERSION = '0.1.0';

export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext) {
  const { config } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();
  // Probes and the app's status polling (every 3 s while the local model is set up) log only what
  // goes wrong: at info level they would bury the log (and break the terminal's progress bar).
  const quiet = { logLevel: 'warn' } as const;
  api.get(
    '/health',
    { ...quiet, schema: { tags: ['system'], summary: 'Liveness', security: [], response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }),
  );
  api.get(
    '/ready',
    {
      ...quiet,
      schema: {
        tags: ['system'],
        summary:
          "Readiness: a request's own database path works (a prepared statement as the authenticated role)",
        security: [],
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const database = await ctx.db.ready();
      return reply
        .status(database ? 200 : 503)
        .send({ status: database ? 'ready' : 'unavailable', database });
    },
  );
  api.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  api.get(
    '/api/v1/info',
    {
      ...quiet,
      schema: {
        tags: ['system'],
        summary:
          'Server capabilities the app shows, and what the AI is doing (offline, setting up the local model, ready)',
        security: [],
        response: { 200: ServerInfo },
      },
    },
    async (_req, reply) => {
      const { provider, ...status } = aiStatus(ctx.ai);
      // Progress changes while the local model downloads: never cache it then.
      reply.header(
        'cache-control',
        status.state === 'ready' || status.state === 'offline' ? 'no-cache' : 'no-store',
      );
      return {
        name: 'ChitChat' as const,
        version: VERSION,
        authMode: config.AUTH_MODE,
        auth:
          config.AUTH_MODE === 'supabase'
            ? {
                provider: 'supabase' as const,
                ...(config.SUPABASE_URL && { url: config.SUPABASE_URL, anonKey: config.SUPABASE_ANON_KEY }),
              }
            : { provider: 'chitchat' as const },
        ai: { provider, offline: status.state !== 'ready', status },
        storage: config.S3_ENDPOINT ? ('s3' as const) : ('local' as const),
        limits: {
          maxUploadBytes: config.UPLOAD_MAX_BYTES,
          maxVideoBytes: config.VIDEO_MAX_BYTES,
          maxMessageChars: 10_000,
        },
      };
    },
  );
}
