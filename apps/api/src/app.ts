// buildApp(ctx): the HTTP server, assembled from plugins and feature routes. No globals: tests
// build as many apps as they like from real embedded adapters.
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { frameworkErrorHandler, registerErrorHandling } from './http/errors.ts';
import { authenticate, type RequestUser } from './http/authenticate.ts';
import { createSerializerCompiler } from './http/serialize.ts';
import { authRoutes } from './features/auth/routes.ts';
import { profileRoutes } from './features/profile/routes.ts';
import { learningRoutes } from './features/learning/routes.ts';
import { reviewRoutes } from './features/review/routes.ts';
import { conceptRoutes } from './features/concepts/routes.ts';
import { exchangeRoutes } from './features/review/exchange/routes.ts';
import { xpRoutes } from './features/xp/routes.ts';
import { dashboardRoutes } from './features/dashboard/routes.ts';
import { tutorRoutes } from './features/tutor/routes.ts';
import { libraryRoutes } from './features/library/routes.ts';
import { discoverRoutes } from './features/discover/routes.ts';
import { uploadRoutes } from './features/uploads/routes.ts';
import { storageRoutes } from './features/uploads/storage-routes.ts';
import { chatRoutes } from './features/chat/routes.ts';
import { loggerOptions } from './http/logging.ts';
import { registerMetrics } from './http/metrics.ts';
import { registerSystemRoutes, VERSION } from './http/system-routes.ts';
import { DEFAULT_WEB_DIR, serveWebApp } from './http/web-app.ts';

export { DEFAULT_WEB_DIR, VERSION };

export interface BuildOptions {
  /** Where logs go (tests capture them); defaults to stdout. */
  logStream?: NodeJS.WritableStream;
  /** Sees every route as it is registered (the security tests build their route table from it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL, opts.logStream),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.NODE_ENV === 'production',
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    // Stop waiting for idle keep-alive sockets on close, finish the in-flight requests.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createSerializerCompiler({ validate: ctx.config.NODE_ENV !== 'production' }));
  registerErrorHandling(app);
  // Clients such as supabase-js send `content-type: application/json` with no body on some calls:
  // treat an empty body as absent. Everything else uses Fastify's parser, which refuses
  // __proto__ / constructor.prototype keys.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' ? done(null, undefined) : parseJson(req, body as string, done),
  );
  // Null until the authenticated scope's hook sets it (the property's shape is fixed up front).
  app.decorateRequest('user', null as unknown as RequestUser);
  // While shutting down, responses to in-flight requests close their keep-alive connection, so
  // the server can finish closing instead of waiting for clients to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        // The web app signs in at the Supabase project's Auth when the deployment uses it.
        connectSrc: [
          "'self'",
          ...config.CORS_ORIGINS,
          ...(config.AUTH_MODE === 'supabase' && config.SUPABASE_URL
            ? [new URL(config.SUPABASE_URL).origin]
            : []),
        ],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:', 'https:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // The app is also opened over plain http on a LAN address (a phone, a container): upgrading
        // its script and API requests to https would leave a blank page there.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, !origin ? false : config.CORS_ORIGINS.includes(origin) ? origin : false),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    redis: ctx.store.redis,
    nameSpace: `${config.REDIS_PREFIX}rl-ip:`,
    skipOnError: true, // Redis away: serve rather than refuse
    allowList: () => false,
    errorResponseBuilder: (_req, c) => {
      const err = new Error(`Too many requests: retry in ${Math.ceil(c.ttl / 1000)} s.`) as Error & {
        statusCode: number;
      };
      err.statusCode = 429;
      return err;
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ChitChat API',
        version: VERSION,
        description:
          'AI learning assistant. Auth is Supabase-Auth compatible under /auth/v1; the API is under /api/v1.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  // Request metrics and GET /metrics: after swagger (so the route is documented), before the routes.
  registerMetrics(app, ctx.metrics, config);
  // Public endpoints: health, readiness, the OpenAPI document, server info.
  registerSystemRoutes(app, ctx);

  if (config.AUTH_MODE === 'embedded') await app.register(authRoutes, { prefix: '/auth/v1', ctx });
  await app.register(storageRoutes, { ctx }); // local storage's signed URLs: the signature is the authorisation

  // Authenticated API ---------------------------------------------------------------------------
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req) => {
        req.user = await authenticate(ctx, req);
      });
      await api.register(profileRoutes, { ctx });
      await api.register(chatRoutes, { ctx });
      await api.register(learningRoutes, { ctx });
      await api.register(reviewRoutes, { ctx });
      await api.register(conceptRoutes, { ctx });
      await api.register(exchangeRoutes, { ctx });
      await api.register(xpRoutes, { ctx });
      await api.register(dashboardRoutes, { ctx });
      await api.register(tutorRoutes, { ctx });
      await api.register(libraryRoutes, { ctx });
      await api.register(discoverRoutes, { ctx });
      await api.register(uploadRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );

  await serveWebApp(app, config.WEB_DIR ?? DEFAULT_WEB_DIR, config.SERVE_WEB);
  return app;
}
