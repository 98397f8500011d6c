// Email + password accounts with GoTrue semantics: argon2id hashes, short-lived JWT access tokens,
// opaque rotating refresh tokens (stored hashed), reuse detection that revokes the whole session.
import crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { sql, type Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { AuthSession, AuthUser } from '@chitchat/contracts';
import type { Database } from '../../platform/db/index.ts';
import { retryOnConflict } from '../../platform/db/conflict.ts';
import { HttpError } from '../../http/errors.ts';
import type { createTokenIssuer } from './tokens.ts';

type Issuer = ReturnType<typeof createTokenIssuer>;

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // OWASP's argon2id baseline

const invalidCredentials = () =>
  // Same answer for an unknown email and a wrong password.
  new HttpError(400, 'invalid_credentials', 'Invalid login credentials');

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const newRefreshToken = () => crypto.randomBytes(32).toString('base64url');
/** Supabase Auth's default refresh token reuse interval (GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL). */
const REUSE_INTERVAL_MS = 10_000;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

interface UserRow {
  id: string;
  email: string;
  user_metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
}

export function toAuthUser(u: UserRow): AuthUser {
  const created = iso(u.created_at)!;
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: created,
    confirmed_at: created,
    phone: '',
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: u.user_metadata ?? {},
    identities: [],
    created_at: created,
    updated_at: iso(u.updated_at)!,
    is_anonymous: false,
  };
}

export function createAuthService(deps: { db: Database; issuer: Issuer; refreshTtlDays: number }) {
  const { db, issuer } = deps;
  const admin = db.admin;
  // Verifying against a real hash for unknown emails keeps both failure paths equally slow.
  const dummyHash = argonHash(crypto.randomBytes(16).toString('hex'), ARGON);
  // Session liveness, cached briefly so each API request does not cost a query.
  const liveSessions = new LRUCache<string, boolean>({ max: 100_000, ttl: 5_000 });

  const userColumns = [
    'id',
    'email',
    'user_metadata',
    'created_at',
    'updated_at',
    'last_sign_in_at',
  ] as const;

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
    async signUp(
      email: string,
      password: string,
      data: Record<string, unknown> | undefined,
      meta: ClientMeta,
    ) {
      const encrypted = await argonHash(password, ARGON);
      const user = await admin.transaction().execute(async (tx) => {
        const u = await tx
          .insertInto('auth.users')
          .values({
            email,
            encrypted_password: encrypted,
            user_metadata: JSON.stringify(data ?? {}),
            last_sign_in_at: new Date(),
          })
          .onConflict((oc) => oc.column('email').doNothing())
          .returning(userColumns)
          .executeTakeFirst();
        if (!u) throw new HttpError(422, 'user_already_exists', 'User already registered');
        const displayName = typeof data?.display_name === 'string' ? data.display_name.slice(0, 80) : null;
        await tx
          .insertInto('users')
          .values({ id: u.id, email, display_name: displayName, preferences: '{}' })
          .execute();
        return u as UserRow;
      });
      return startSession(user, meta);
    },

    async signInWithPassword(email: string, password: string, meta: ClientMeta) {
      const row = await admin
        .selectFrom('auth.users')
        .select([...userColumns, 'encrypted_password'])
        .where('email', '=', email)
        .executeTakeFirst();
      const ok = await argonVerify(row?.encrypted_password ?? (await dummyHash), password).catch(() => false);
      if (!row || !ok) throw invalidCredentials();
      const user = await admin
        .updateTable('auth.users')
        .set({ last_sign_in_at: new Date() })
        .where('id', '=', row.id)
        .returning(userColumns)
        .executeTakeFirstOrThrow();
      return startSession(user as UserRow, meta);
    },

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
          .select(userColumns)
          .where('id', '=', rt.user_id)
          .executeTakeFirstOrThrow();
        return { user: user as UserRow, sessionId: rt.session_id };
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

    async getUser(userId: string) {
      const u = await admin
        .selectFrom('auth.users')
        .select(userColumns)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!u) throw new HttpError(404, 'user_not_found', 'User not found');
      return toAuthUser(u as UserRow);
    },

    async updateUser(
      userId: string,
      sessionId: string | undefined,
      patch: { email?: string; password?: string; data?: Record<string, unknown> },
    ) {
      const encrypted = patch.password ? await argonHash(patch.password, ARGON) : undefined;
      const user = await admin.transaction().execute(async (tx) => {
        const current = await tx
          .selectFrom('auth.users')
          .select(['user_metadata'])
          .where('id', '=', userId)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw new HttpError(404, 'user_not_found', 'User not found');
        if (patch.email) {
          const taken = await tx
            .selectFrom('auth.users')
            .select('id')
            .where('email', '=', patch.email)
            .where('id', '!=', userId)
            .executeTakeFirst();
          if (taken)
            throw new HttpError(
              422,
              'email_exists',
              'A user with this email address has already been registered',
            );
          await tx.updateTable('users').set({ email: patch.email }).where('id', '=', userId).execute();
        }
        const u = await tx
          .updateTable('auth.users')
          .set({
            ...(patch.email ? { email: patch.email } : {}),
            ...(encrypted ? { encrypted_password: encrypted } : {}),
            ...(patch.data
              ? { user_metadata: JSON.stringify({ ...current.user_metadata, ...patch.data }) }
              : {}),
            updated_at: new Date(),
          })
          .where('id', '=', userId)
          .returning(userColumns)
          .executeTakeFirstOrThrow();
        if (encrypted) {
          // A new password signs out every other session (a stolen session ends with it).
          const revoked = await tx
            .updateTable('auth.sessions')
            .set({ revoked_at: new Date() })
            .where('user_id', '=', userId)
            .where('revoked_at', 'is', null)
            .$if(!!sessionId, (q) => q.where('id', '!=', sessionId as string))
            .returning('id')
            .execute();
          revoked.forEach((r) => liveSessions.delete(r.id));
        }
        return u as UserRow;
      });
      return toAuthUser(user);
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

    /** Deletes the account and everything it owns (cascades), ending every session. */
    async deleteUser(userId: string) {
      // The cascade locks rows a running job may hold while it waits on the user's row (an upload
      // being read, cards being linked): PostgreSQL breaks that deadlock by aborting one side.
      await retryOnConflict(() =>
        admin.transaction().execute(async (tx) => {
          await tx.deleteFrom('users').where('id', '=', userId).execute();
          await tx.deleteFrom('auth.users').where('id', '=', userId).execute();
        }),
      );
      liveSessions.clear();
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

export type AuthService = ReturnType<typeof createAuthService>;
