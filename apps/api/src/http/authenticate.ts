// Bearer-token authentication for /api/v1, plus the per-user rate limit.
import type { FastifyRequest } from 'fastify';
import { errors as joseErrors } from 'jose';
import { HttpError, unauthorized } from './errors.ts';
import type { AppContext } from '../context.ts';

export interface RequestUser {
  id: string;
  email?: string;
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller. Every feature's routes are registered inside the authenticated scope of
     * app.ts, whose onRequest hook sets it or refuses the request (401/429), so their handlers
     * read it without a check. Routes outside that scope (auth, storage, health, info) never read it.
     */
    user: RequestUser;
  }
}

/** Returns the caller; throws 401 with a message saying what to do. */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<RequestUser> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized();
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Malformed Authorization header: expected "Bearer <access token>".');
  let claims;
  try {
    claims = await ctx.tokens.verify(match[1]);
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      throw new HttpError(
        401,
        'token_expired',
        'The access token has expired: refresh the session and retry.',
      );
    throw new HttpError(401, 'invalid_token', 'The access token is invalid.');
  }
  if (!/^[0-9a-f-]{36}$/i.test(claims.sub))
    throw new HttpError(401, 'invalid_token', 'The access token is invalid.');
  if (ctx.config.AUTH_MODE === 'embedded') {
    if (!claims.session_id || !(await ctx.auth.isSessionActive(claims.session_id)))
      throw new HttpError(401, 'session_revoked', 'This session has ended: sign in again.');
  } else {
    if (ctx.supabaseSessionActive && !(await ctx.supabaseSessionActive(claims.session_id)))
      throw new HttpError(401, 'session_revoked', 'This session has ended: sign in again.');
    await ctx.ensureUserRow(claims.sub, claims.email);
  }
  const user: RequestUser = { id: claims.sub, email: claims.email, sessionId: claims.session_id };
  const { allowed, retryAfter } = await ctx.store.limiter.hit(
    `user:${user.id}`,
    ctx.config.RATE_LIMIT_USER_PER_MINUTE,
    60,
  );
  if (!allowed)
    throw new HttpError(429, 'rate_limited', `Too many requests: retry in ${retryAfter} s.`, undefined, {
      'retry-after': String(retryAfter),
    });
  return user;
}
