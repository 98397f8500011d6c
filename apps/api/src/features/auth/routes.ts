// /auth/v1: the subset of Supabase Auth (GoTrue) that @supabase/supabase-js uses for email accounts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuthSession,
  AuthUser,
  AuthErrorBody,
  LogoutQuery,
  PasswordGrantBody,
  RefreshGrantBody,
  SignUpBody,
  TokenQuery,
  UpdateUserBody,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { authenticate } from '../../http/authenticate.ts';
import { HttpError } from '../../http/errors.ts';

const errors = { 400: AuthErrorBody, 401: AuthErrorBody, 422: AuthErrorBody, 429: AuthErrorBody };

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { auth, config, store } = ctx;
  const meta = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
  });

  /** Slows brute force: per account and per client address, shared across instances via Redis. */
  async function throttle(kind: string, email: string | undefined, ip: string) {
    const windowS = 15 * 60;
    const limit = config.AUTH_RATE_LIMIT_PER_15_MIN;
    const checks = [store.limiter.hit(`${kind}:ip:${ip}`, limit * 5, windowS)];
    if (email) checks.push(store.limiter.hit(`${kind}:email:${email}`, limit, windowS));
    for (const r of await Promise.all(checks)) {
      if (!r.allowed)
        throw new HttpError(
          429,
          'over_request_rate_limit',
          `Too many attempts: try again in ${Math.ceil(r.retryAfter / 60)} min.`,
          undefined,
          {
            'retry-after': String(r.retryAfter),
          },
        );
    }
  }

  app.get('/settings', { schema: { tags: ['auth'], hide: true } }, async () => ({
    external: { email: true },
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
  }));

  app.post(
    '/signup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account (email + password) and start a session',
        body: SignUpBody,
        response: { 200: AuthSession, ...errors },
      },
    },
    async (req) => {
      await throttle('signup', undefined, req.ip);
      return auth.signUp(req.body.email, req.body.password, req.body.data, meta(req));
    },
  );

  app.post(
    '/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a password, or exchange a refresh token (rotated on every use)',
        querystring: TokenQuery,
        body: z.union([PasswordGrantBody, RefreshGrantBody]),
        response: { 200: AuthSession, ...errors },
      },
    },
    async (req) => {
      if (req.query.grant_type === 'password') {
        const body = PasswordGrantBody.safeParse(req.body);
        if (!body.success) throw new HttpError(400, 'validation_failed', 'Send email and password.');
        await throttle('signin', body.data.email, req.ip);
        return auth.signInWithPassword(body.data.email, body.data.password, meta(req));
      }
      const body = RefreshGrantBody.safeParse(req.body);
      if (!body.success) throw new HttpError(400, 'validation_failed', 'Send refresh_token.');
      await throttle('refresh', undefined, req.ip);
      return auth.refresh(body.data.refresh_token);
    },
  );

  app.get(
    '/user',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: AuthUser, ...errors } } },
    async (req) => auth.getUser((await authenticate(ctx, req)).id),
  );

  app.put(
    '/user',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change email, password (signs out other sessions) or metadata',
        body: UpdateUserBody,
        response: { 200: AuthUser, ...errors },
      },
    },
    async (req) => {
      const user = await authenticate(ctx, req);
      return auth.updateUser(user.id, user.sessionId, req.body);
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session (scope=local), all (global) or the others',
        querystring: LogoutQuery,
      },
    },
    async (req, reply) => {
      const user = await authenticate(ctx, req);
      await auth.logout(user.id, user.sessionId, req.query.scope);
      return reply.status(204).send();
    },
  );
};
