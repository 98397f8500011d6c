// Sign-in sessions with GoTrue semantics: short-lived JWT access tokens, opaque rotating refresh
// tokens (stored hashed), reuse detection that revokes the whole session, and a brief cache of
// which sessions are live so each API request does not cost a query.
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { AuthSession } from '@chitchat/contracts';
import type { Database } from '../../platform/db/index.ts';
import { HttpError } from '../../http/errors.ts';
import type { createTokenIssuer } from './tokens.ts';
import { toAuthUser, USER_COLUMNS, type UserRow } from './users.ts';

type Issuer = ReturnType<typeof createTokenIssuer>;

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const newRefreshToken = () => crypto.randomBytes(32).toString('base64url');
/** Supabase Auth's default refresh token reuse interval (GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL). */
const REUSE_INTERVAL_MS = 10_000;

export function createSessions(deps: { db: Database; issuer: Issuer; refreshTtlDays: number }) {
  const { db, issuer } = deps;
  const admin = db.admin;
  // Session liveness, cached briefly so each API request does not cost a query.
  const liveSessions = new LRUCache<string, boolean>({ max: 100_000, ttl: 5_000 });

  /**
   * The same client refreshing twice at once (a reload or a second tab while a refresh is under way)
   * presents the token the first refresh has just rotated. Like Supabase Auth's refresh token reuse
   * interval, that is not a replay when it is the session's latest rotated token and its successor
   * is at most REUSE_INTERVAL_MS old: the session gets one more token instead of being ended.
   */
  async function justRotated(tx: Transaction<any>, sessionId: string, tokenHash: string): Promise<boolean> {
    const { rows } = await sql<{ last_rotated: string | null; newest: Date | null }>`
      select (select token_hash from auth.refresh_tokens where session_id = ${sessionId}::uuid and revoked order by created_at desc limit 1) as last_rotated,
             (select max(created_at) from auth.refresh_tokens where session_id = ${sessionId}::uuid and not revoked) as newest`.execute(
      tx,
    );
    const r = rows[0];
    return (
      !!r?.newest &&
      r.last_rotated === tokenHash &&
      Date.now() - new Date(r.newest).getTime() <= REUSE_INTERVAL_MS
    );
  }

  async function issueSession(user: UserRow, sessionId: string, refreshToken: string): Promise<AuthSession> {
    const { token, expiresAt } = await issuer.sign({
      sub: user.id,
      email: user.email,
      sessionId,
      userMetadata: user.user_metadata ?? {},
    });
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: issuer.ttlSeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: toAuthUser(user),
    };
  }

  async function startSession(user: UserRow, meta: ClientMeta): Promise<AuthSession> {
    const refresh = newRefreshToken();
    const sessionId = await admin.transaction().execute(async (tx) => {
      const s = await tx
        .insertInto('auth.sessions')
        .values({ user_id: user.id, ip: meta.ip ?? null, user_agent: meta.userAgent?.slice(0, 300) ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('auth.refresh_tokens')
        .values({
          token_hash: sha256(refresh),
          session_id: s.id,
          user_id: user.id,
          expires_at: new Date(Date.now() + deps.refreshTtlDays * 86_400_000),
        })
        .execute();
      return s.id;
    });
    return issueSession(user, sessionId, refresh);
  }

  return {
    /** A new session for a user who has just signed up or in. */
    start: startSession,

    async refresh(refreshToken: string) {
      const tokenHash = sha256(refreshToken);
      const next = newRefreshToken();
      const result = await admin.transaction().execute(async (tx) => {
        const rt = await tx
          .selectFrom('auth.refresh_tokens as rt')
          .innerJoin('auth.sessions as s', 's.id', 'rt.session_id')
          .select(['rt.session_id', 'rt.user_id', 'rt.revoked', 'rt.expires_at', 's.revoked_at'])
          .where('rt.token_hash', '=', tokenHash)
          .forUpdate()
          .executeTakeFirst();
        if (!rt || rt.revoked_at) return { error: 'refresh_token_not_found' as const };
        if (rt.revoked && !(await justRotated(tx, rt.session_id, tokenHash))) {
          // A rotated token came back: it was stolen or replayed. End the whole session.
          await tx
            .updateTable('auth.sessions')
            .set({ revoked_at: new Date() })
            .where('id', '=', rt.session_id)
            .execute();
          await tx
            .updateTable('auth.refresh_tokens')
            .set({ revoked: true })
            .where('session_id', '=', rt.session_id)
            .execute();
          return { error: 'refresh_token_already_used' as const, sessionId: rt.session_id };
        }
        if (new Date(rt.expires_at).getTime() < Date.now())
          return { error: 'refresh_token_not_found' as const };
        if (!rt.revoked)
          await tx
            .updateTable('auth.refresh_tokens')
            .set({ revoked: true })
            .where('token_hash', '=', tokenHash)
            .execute();
        await tx
          .insertInto('auth.refresh_tokens')
          .values({
            token_hash: sha256(next),
            session_id: rt.session_id,
            user_id: rt.user_id,
            expires_at: new Date(Date.now() + deps.refreshTtlDays * 86_400_000),
          })
          .execute();
        await tx
          .updateTable('auth.sessions')
          .set({ refreshed_at: new Date() })
          .where('id', '=', rt.session_id)
          .execute();
        const user = await tx
          .selectFrom('auth.users')
          .select(USER_COLUMNS)
          .where('id', '=', rt.user_id)
          .executeTakeFirstOrThrow();
        return { user, sessionId: rt.session_id };
      });
      if ('error' in result) {
        const code = result.error ?? 'refresh_token_not_found';
        if (result.sessionId) liveSessions.delete(result.sessionId);
        throw new HttpError(
          400,
          code,
          code === 'refresh_token_already_used'
            ? 'Invalid Refresh Token: Already Used. The session has been signed out everywhere.'
            : 'Invalid Refresh Token: Refresh Token Not Found',
        );
      }
      return issueSession(result.user, result.sessionId, next);
    },

    async logout(userId: string, sessionId: string | undefined, scope: 'global' | 'local' | 'others') {
      let q = admin
        .updateTable('auth.sessions')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (scope === 'local') q = q.where('id', '=', sessionId ?? '00000000-0000-0000-0000-000000000000');
      if (scope === 'others' && sessionId) q = q.where('id', '!=', sessionId);
      const revoked = await q.returning('id').execute();
      revoked.forEach((r) => liveSessions.delete(r.id));
    },

    /** Drops sessions from the liveness cache (they were revoked); `all`: the whole cache. */
    forget(ids: string[] | 'all') {
      if (ids === 'all') liveSessions.clear();
      else ids.forEach((id) => liveSessions.delete(id));
    },

    /** True while the session exists and has not been revoked (and its user still exists). */
    async isSessionActive(sessionId: string): Promise<boolean> {
      const cached = liveSessions.get(sessionId);
      if (cached !== undefined) return cached;
      const row = await admin
        .selectFrom('auth.sessions')
        .select('id')
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      liveSessions.set(sessionId, !!row);
      return !!row;
    },
  };
}
