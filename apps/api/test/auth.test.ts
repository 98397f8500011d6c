import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import crypto from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { client, expectErrorShape, signUp, startServer, usingSupabase, type TestServer } from './harness.ts';
import {
  createSupabaseAuthUser,
  mintSupabaseToken,
  signTestToken,
  supabaseJwks,
} from './supabase/project.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

const supabase = () =>
  createClient(server.url, 'chitchat-anon-key', {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as any },
  });

describe.skipIf(usingSupabase)(
  'Supabase-compatible auth, driven by the real @supabase/supabase-js (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('signs up, reads the user, updates metadata, refreshes, signs out and signs back in', async () => {
      const sb = supabase();
      const email = `Sb-${Date.now()}@Example.com`;
      const up = await sb.auth.signUp({
        email,
        password: 'a long passphrase',
        options: { data: { display_name: 'Ada' } },
      });
      expect(up.error).toBeNull();
      expect(up.data.user?.email).toBe(email.toLowerCase()); // normalised
      expect(up.data.session?.access_token).toBeTruthy();

      const me = await sb.auth.getUser();
      expect(me.error).toBeNull();
      expect(me.data.user?.id).toBe(up.data.user?.id);
      expect(me.data.user?.user_metadata.display_name).toBe('Ada');

      const upd = await sb.auth.updateUser({ data: { theme: 'dark' } });
      expect(upd.error).toBeNull();
      expect(upd.data.user?.user_metadata).toMatchObject({ display_name: 'Ada', theme: 'dark' });

      const before = (await sb.auth.getSession()).data.session!;
      const refreshed = await sb.auth.refreshSession();
      expect(refreshed.error).toBeNull();
      expect(refreshed.data.session?.refresh_token).not.toBe(before.refresh_token);

      // The profile row exists with the auth user.
      const profile = await client(server.url, refreshed.data.session!.access_token).get('/api/v1/profile');
      expect(profile.status).toBe(200);
      expect(profile.body.displayName).toBe('Ada');

      expect((await sb.auth.signOut()).error).toBeNull();
      const gone = await client(server.url, refreshed.data.session!.access_token).get('/api/v1/profile');
      expect(gone.status).toBe(401);

      const back = await sb.auth.signInWithPassword({
        email: email.toUpperCase(),
        password: 'a long passphrase',
      });
      expect(back.error).toBeNull();
      expect(back.data.user?.id).toBe(up.data.user?.id);
    });

    it('answers a wrong password and an unknown email identically', async () => {
      const u = await signUp(server);
      const sb = supabase();
      const wrong = await sb.auth.signInWithPassword({ email: u.email, password: 'not the password' });
      const unknown = await sb.auth.signInWithPassword({
        email: `nobody-${Date.now()}@example.com`,
        password: 'whatever1',
      });
      expect(wrong.error?.message).toBe('Invalid login credentials');
      expect(unknown.error?.message).toBe(wrong.error?.message);
      expect(wrong.error?.status).toBe(400);
      expect(unknown.error?.status).toBe(400);
    });

    it('refuses a duplicate sign-up and a weak password with clear 4xx errors', async () => {
      const u = await signUp(server);
      const dup = await client(server.url).post('/auth/v1/signup', {
        email: u.email,
        password: 'another password',
      });
      expect(dup.status).toBe(422);
      expectErrorShape(dup.body);
      const weak = await client(server.url).post('/auth/v1/signup', {
        email: `w${Date.now()}@example.com`,
        password: 'short',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.message).toMatch(/password.*at least 8/);
    });
  },
);

describe.skipIf(usingSupabase)(
  'refresh tokens (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('rotates on every use, and reuse of a rotated token revokes the whole session', async () => {
      const u = await signUp(server);
      const anon = client(server.url);
      const r1 = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: u.refreshToken,
      });
      expect(r1.status).toBe(200);
      const r2 = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: r1.body.refresh_token,
      });
      expect(r2.status).toBe(200);

      // The first token again: a replay. The session family ends.
      const replay = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: u.refreshToken,
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error.code).toBe('refresh_token_already_used');
      const latest = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: r2.body.refresh_token,
      });
      expect(latest.status).toBe(400);
      expect((await client(server.url, r2.body.access_token).get('/api/v1/profile')).status).toBe(401);
    });

    it('a refresh racing another (a reload mid-refresh, a second tab) keeps the session; the same token later is a replay', async () => {
      const u = await signUp(server);
      const anon = client(server.url);
      const refresh = (token: string) =>
        anon.post('/auth/v1/token?grant_type=refresh_token', { refresh_token: token });
      const first = await refresh(u.refreshToken);
      expect(first.status).toBe(200);
      // The page reloaded before it stored the new token: it presents the one just rotated.
      const raced = await refresh(u.refreshToken);
      expect(raced.status, JSON.stringify(raced.body)).toBe(200);
      expect(raced.body.refresh_token).not.toBe(first.body.refresh_token);
      for (const s of [first, raced])
        expect((await client(server.url, s.body.access_token).get('/api/v1/profile')).status).toBe(200);
      const next = await refresh(raced.body.refresh_token);
      expect(next.status).toBe(200);

      // Only the latest rotation is forgiven, and only briefly: once its successor is older than the
      // reuse interval (10 s, as Supabase Auth), the rotated token is a replay and ends the session.
      await server.ctx.db.admin
        .updateTable('auth.refresh_tokens')
        .set({ created_at: new Date(Date.now() - 11_000) })
        .where('user_id', '=', u.id)
        .execute();
      const late = await refresh(raced.body.refresh_token);
      expect(late.status).toBe(400);
      expect(late.body.error.code).toBe('refresh_token_already_used');
      expect((await client(server.url, next.body.access_token).get('/api/v1/profile')).status).toBe(401);
      expect((await refresh(first.body.refresh_token)).status).toBe(400);
    });

    it('rejects an unknown refresh token', async () => {
      const res = await client(server.url).post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: 'nope',
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('refresh_token_not_found');
    });
  },
);

describe.skipIf(usingSupabase)(
  'sign-out (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns sessions)',
  () => {
    const secondDevice = async (u: { email: string; password: string }) => {
      const res = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(res.status).toBe(200);
      return client(server.url, res.body.access_token as string);
    };

    it('ends only this device’s session by default and with scope=local; the other device stays signed in', async () => {
      const u = await signUp(server);
      const phone = await secondDevice(u);
      const laptop = await secondDevice(u);
      expect((await u.api.post('/auth/v1/logout')).status).toBe(204);
      expect((await u.api.get('/api/v1/profile')).status).toBe(401);
      expect((await phone.get('/api/v1/profile')).status).toBe(200);
      expect((await phone.post('/auth/v1/logout?scope=local')).status).toBe(204);
      expect((await phone.get('/api/v1/profile')).status).toBe(401);
      expect((await laptop.get('/api/v1/profile')).status).toBe(200);
    });

    it('signing out of all devices (scope=global) ends every session', async () => {
      const u = await signUp(server);
      const phone = await secondDevice(u);
      expect((await u.api.post('/auth/v1/logout?scope=global')).status).toBe(204);
      expect((await u.api.get('/api/v1/profile')).status).toBe(401);
      expect((await phone.get('/api/v1/profile')).status).toBe(401);
    });
  },
);

describe.skipIf(usingSupabase)(
  'password change (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('revokes the other sessions but keeps the current one', async () => {
      const u = await signUp(server);
      const second = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(second.status).toBe(200);
      const changed = await u.api.put('/auth/v1/user', { password: 'a brand new passphrase' });
      expect(changed.status).toBe(200);
      expect((await u.api.get('/api/v1/profile')).status).toBe(200);
      expect((await client(server.url, second.body.access_token).get('/api/v1/profile')).status).toBe(401);
      const old = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(old.status).toBe(400);
    });
  },
);

describe('access tokens', () => {
  const SECRET = 'test-secret-test-secret-test-secret-0123456789';

  it('accepts a valid token and refuses missing, malformed, tampered, unsigned, wrongly signed, expired and future ones', async () => {
    const u = await signUp(server);
    const [h, p, s] = u.token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const other = await signUp(server);
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: other.id })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    // Signed as this server's tokens are (built-in, or Supabase Auth's in supabase mode), with one thing wrong.
    const who = { sub: u.id, sessionId: payload.session_id, email: 'x@example.com' };
    const wrongKey = await signTestToken(who, { builtInSecret: SECRET, wrongKey: true });
    const now = Math.floor(Date.now() / 1000);
    const expired = await signTestToken(who, { builtInSecret: SECRET, iat: now - 7200, exp: now - 3600 });
    const future = await signTestToken(who, { builtInSecret: SECRET, nbf: now + 3600, exp: now + 7200 });

    expect((await u.api.get('/api/v1/profile')).status).toBe(200);
    for (const [name, headers] of [
      ['missing', {}],
      ['malformed', { authorization: 'Token abc' }],
      ['tampered', { authorization: `Bearer ${tampered}` }],
      ['alg none', { authorization: `Bearer ${none}` }],
      ['wrong key', { authorization: `Bearer ${wrongKey}` }],
      ['expired', { authorization: `Bearer ${expired}` }],
      ['not yet valid', { authorization: `Bearer ${future}` }],
    ] as const) {
      const res = await client(server.url).get('/api/v1/profile', headers as Record<string, string>);
      expect(res.status, name).toBe(401);
      expectErrorShape(res.body);
    }
    const exp = await client(server.url).get('/api/v1/profile', { authorization: `Bearer ${expired}` });
    expect(exp.body.error.code).toBe('token_expired');
  });

  it("refuses a deleted user's token", async () => {
    const u = await signUp(server);
    expect((await u.api.delete('/api/v1/profile')).status).toBe(204);
    expect((await u.api.get('/api/v1/profile')).status).toBe(401);
    // Signing in is the built-in auth's (Supabase Auth's own in supabase mode).
    if (!usingSupabase) {
      const again = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(again.status).toBe(400);
    }
  });
});

describe.skipIf(usingSupabase)(
  'brute force (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('slows repeated sign-in attempts on one account with 429 and Retry-After', async () => {
      const u = await signUp(server);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < server.config.AUTH_RATE_LIMIT_PER_15_MIN + 2; i++) {
        last = await client(server.url).post('/auth/v1/token?grant_type=password', {
          email: u.email,
          password: `wrong-${i}`,
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, server.config.AUTH_RATE_LIMIT_PER_15_MIN).every((s) => s === 400)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right password waits out the window: the attacker learns nothing.
      const right = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(right.status).toBe(429);
    });
  },
);

describe('AUTH_MODE=supabase', () => {
  /** The hosted project's user: in auth.users on a Supabase-shaped database, first seen through its token elsewhere. */
  async function hostedUser(hosted: TestServer, email: string) {
    if (!usingSupabase) return { id: crypto.randomUUID(), sessionId: crypto.randomUUID() };
    const { id, sessionId } = await createSupabaseAuthUser(hosted.ctx.db.pool, {
      email,
      password: 'a long passphrase',
    });
    return { id, sessionId };
  }

  it('accepts tokens from a hosted Supabase project signed with its JWT secret, creating the user row', async () => {
    const supabaseSecret = 'super-secret-jwt-token-with-at-least-32-characters-long';
    const hosted = await startServer({ env: { AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET: supabaseSecret } });
    try {
      const email = `hosted-${crypto.randomUUID()}@example.com`;
      const { id: sub, sessionId } = await hostedUser(hosted, email);
      const token = await new SignJWT({ role: 'authenticated', email, session_id: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setAudience('authenticated')
        .setIssuer('https://project.supabase.co/auth/v1')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(supabaseSecret));
      const me = await client(hosted.url, token).get('/api/v1/profile');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: sub, email });
      if (usingSupabase) {
        // On Supabase's database a token lives only as long as its session (signing out deletes it).
        await hosted.ctx.db.pool.query('delete from auth.sessions where id = $1', [sessionId]);
        await new Promise((r) => setTimeout(r, 5_200)); // the liveness cache
        const ended = await client(hosted.url, token).get('/api/v1/profile');
        expect(ended.status).toBe(401);
        expect(ended.body.error.code).toBe('session_revoked');
      }
      // Embedded sign-up is not served in this mode: hosted Supabase Auth owns accounts.
      expect(
        (await client(hosted.url).post('/auth/v1/signup', { email: 'a@b.co', password: 'password123' }))
          .status,
      ).toBe(404);
      // Tokens of another signer (this suite's own server) are not accepted there.
      const local = await signUp(server);
      expect((await client(hosted.url, local.token).get('/api/v1/profile')).status).toBe(401);
    } finally {
      await hosted.close();
    }
  });

  it("accepts ES256 tokens signed with either key of the project's JWKS (a key rotation), and no other", async () => {
    const { url, keys } = await supabaseJwks();
    const hosted = await startServer({ env: { AUTH_MODE: 'supabase', SUPABASE_JWKS_URL: url } });
    try {
      const email = `rotated-${crypto.randomUUID()}@example.com`;
      const user = { ...(await hostedUser(hosted, email)), email };
      for (const key of keys) {
        const token = await mintSupabaseToken(user, { alg: 'ES256', kid: key.kid });
        const me = await client(hosted.url, token).get('/api/v1/profile');
        expect(me.status, key.kid).toBe(200);
        expect(me.body).toMatchObject({ id: user.id, email });
      }
      const { privateKey } = await generateKeyPair('ES256');
      const stranger = await mintSupabaseToken(user, { alg: 'ES256', kid: crypto.randomUUID(), privateKey });
      const forgedKid = await mintSupabaseToken(user, { alg: 'ES256', kid: keys[0]!.kid, privateKey });
      const legacy = await mintSupabaseToken(user, { alg: 'HS256' });
      const expired = await mintSupabaseToken(user, { alg: 'ES256', kid: keys[1]!.kid, expiresIn: -3600 });
      for (const [name, token] of [
        ['unknown key', stranger],
        ['a known kid, another key', forgedKid],
        ['HS256 where the JWKS is configured', legacy],
        ['expired', expired],
      ]) {
        const res = await client(hosted.url, token).get('/api/v1/profile');
        expect(res.status, name).toBe(401);
        expectErrorShape(res.body);
      }
    } finally {
      await hosted.close();
    }
  });
});
