// Email + password accounts with GoTrue semantics: argon2id hashes; sign up, sign in, read, edit
// and delete an account. Sessions and their tokens (refresh, reuse detection, logout) are in
// sessions.ts, the user row and its GoTrue shape in users.ts.
import crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Database } from '../../platform/db/index.ts';
import { retryOnConflict } from '../../platform/db/conflict.ts';
import { HttpError } from '../../http/errors.ts';
import type { createTokenIssuer } from './tokens.ts';
import { createSessions, type ClientMeta } from './sessions.ts';
import { toAuthUser, USER_COLUMNS as userColumns } from './users.ts';

type Issuer = ReturnType<typeof createTokenIssuer>;

const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // OWASP's argon2id baseline

const invalidCredentials = () =>
  // Same answer for an unknown email and a wrong password.
  new HttpError(400, 'invalid_credentials', 'Invalid login credentials');

export function createAuthService(deps: { db: Database; issuer: Issuer; refreshTtlDays: number }) {
  const admin = deps.db.admin;
  // Verifying against a real hash for unknown emails keeps both failure paths equally slow.
  const dummyHash = argonHash(crypto.randomBytes(16).toString('hex'), ARGON);
  const sessions = createSessions(deps);
  const startSession = sessions.start;

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
        return u;
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
      return startSession(user, meta);
    },

    refresh: sessions.refresh,

    async getUser(userId: string) {
      const u = await admin
        .selectFrom('auth.users')
        .select(userColumns)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!u) throw new HttpError(404, 'user_not_found', 'User not found');
      return toAuthUser(u);
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
          sessions.forget(revoked.map((r) => r.id));
        }
        return u;
      });
      return toAuthUser(user);
    },

    logout: sessions.logout,

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
      sessions.forget('all');
    },

    isSessionActive: sessions.isSessionActive,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
