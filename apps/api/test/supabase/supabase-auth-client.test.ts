// The app's way in on a Supabase project, at the true outside edge: @supabase/supabase-js (what
// the app runs) signs up, signs in, refreshes and signs out against a fake Supabase Auth
// (fakes/supabase-auth.ts, GoTrue's wire protocol), found through the API's GET /api/v1/info, and
// the API accepts the session's access token. Account deletion removes the Supabase Auth user too:
// - on the project's own database (the Supabase-shaped fixture; runs in .ci/run's supabase
//   passes), the fake writes users into auth.users, ChitChat's trigger gives them their row, and
//   deleting the account deletes the auth.users row;
// - on a database that is not the project's (PGlite, plain PostgreSQL), through Supabase Auth's
//   admin API with the service_role key.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import {
  client,
  createTestDatabase,
  startServer,
  usingSupabase,
  type TestDatabase,
  type TestServer,
} from '../harness.ts';
import { startFakeSupabaseAuth, type FakeSupabaseAuth } from '../fakes/supabase-auth.ts';

const password = 'correct horse battery staple';
let n = 0;
const newEmail = (name: string) => `${name}-${Date.now()}-${n++}@example.com`;

/** A supabase-js client as the app makes it: from the project URL and anon key the API advertises. */
async function appClient(server: TestServer): Promise<SupabaseClient> {
  const info = await client(server.url).get('/api/v1/info');
  expect(info.status).toBe(200);
  const { auth } = info.body;
  expect(auth.provider).toBe('supabase');
  return createClient(auth.url, auth.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never }, // Node 20 has no WebSocket; realtime is never used here
  });
}

function serverEnv(fake: FakeSupabaseAuth, extra: Record<string, string> = {}) {
  return {
    AUTH_MODE: 'supabase',
    SUPABASE_JWT_SECRET: fake.jwtSecret,
    SUPABASE_JWT_ISSUER: fake.issuer,
    SUPABASE_URL: fake.url,
    SUPABASE_ANON_KEY: fake.anonKey,
    ...extra,
  };
}

describe.skipIf(!usingSupabase)(
  "supabase-js against Supabase Auth on the project's own database (needs the Supabase-shaped database: TEST_AUTH_MODE=supabase-*)",
  () => {
    let database: TestDatabase;
    let fake: FakeSupabaseAuth;
    let server: TestServer;
    beforeAll(async () => {
      database = await createTestDatabase();
      fake = await startFakeSupabaseAuth({ pool: database.db.pool });
      server = await startServer({ db: database.db, env: serverEnv(fake) });
    });
    afterAll(async () => {
      await server?.close();
      await fake?.close();
      await database?.drop();
    });

    it('GET /api/v1/info advertises the project URL and anon key, and nothing secret', async () => {
      const res = await client(server.url).get('/api/v1/info');
      expect(res.body.authMode).toBe('supabase');
      expect(res.body.auth).toEqual({ provider: 'supabase', url: fake.url, anonKey: fake.anonKey });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(fake.jwtSecret);
      expect(text).not.toContain(fake.serviceRoleKey);
    });

    it('signs up and in through supabase-js; the API takes the tokens; sign-out revokes at Supabase', async () => {
      const email = newEmail('ada');
      const app = await appClient(server);
      const up = await app.auth.signUp({ email, password, options: { data: { display_name: 'Ada' } } });
      expect(up.error).toBeNull();
      const a = up.data.session!;
      expect(a.user.email).toBe(email);
      // Supabase Auth's row, and ChitChat's from its trigger (migration 0013), display name included.
      const { rows } = await database.db.pool.query(
        `select u.display_name, a.aud from public.users u join auth.users a using (id) where u.id = $1`,
        [a.user.id],
      );
      expect(rows).toEqual([{ display_name: 'Ada', aud: 'authenticated' }]);
      const me = await client(server.url, a.access_token).get('/api/v1/profile');
      expect(me.status, JSON.stringify(me.body)).toBe(200);
      expect(me.body).toMatchObject({ id: a.user.id, email, displayName: 'Ada' });

      // A second device: sign in, refresh (the token rotates), sign out of that session only.
      const other = await appClient(server);
      const b = await other.auth.signInWithPassword({ email, password });
      expect(b.error).toBeNull();
      const refreshed = await other.auth.refreshSession();
      expect(refreshed.error).toBeNull();
      expect(refreshed.data.session!.refresh_token).not.toBe(b.data.session!.refresh_token);
      const bToken = refreshed.data.session!.access_token;
      expect(await fake.liveSessions(a.user.id)).toBe(2);
      expect((await other.auth.signOut({ scope: 'local' })).error).toBeNull();
      expect(await fake.liveSessions(a.user.id)).toBe(1);
      const ended = await client(server.url, bToken).get('/api/v1/profile');
      expect(ended.status).toBe(401);
      expect(ended.body.error.code).toBe('session_revoked');
      // The first device is still signed in.
      expect((await client(server.url, a.access_token).get('/api/v1/profile')).status).toBe(200);

      // Wrong password and a second sign-up: Supabase Auth's codes, as the app's messages expect.
      const wrong = await other.auth.signInWithPassword({ email, password: 'not the password' });
      expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials' });
      const again = await other.auth.signUp({ email, password });
      expect(again.error).toMatchObject({ status: 422, code: 'user_already_exists' });

      // supabase-js sent the anon key and its API version on every call.
      expect(fake.requests.length).toBeGreaterThan(5);
      for (const r of fake.requests) expect(r).toMatchObject({ key: 'anon', apiVersion: '2024-01-01' });
    });

    it("deleting the account deletes the Supabase Auth user (auth.users), so the learner can't sign in again", async () => {
      const email = newEmail('grace');
      const app = await appClient(server);
      const { data, error } = await app.auth.signUp({ email, password });
      expect(error).toBeNull();
      const api = client(server.url, data.session!.access_token);
      expect((await api.patch('/api/v1/profile', { bio: 'Learning about light' })).status).toBe(200);
      expect((await api.delete('/api/v1/profile')).status).toBe(204);
      expect(await fake.findUser(email)).toBeUndefined();
      const { rows } = await database.db.pool.query(
        `select (select count(*) from auth.users where id = $1)::int as auth,
                (select count(*) from public.users where id = $1)::int as app,
                (select count(*) from auth.sessions where user_id = $1)::int as sessions`,
        [data.session!.user.id],
      );
      expect(rows[0]).toEqual({ auth: 0, app: 0, sessions: 0 });
      const signIn = await app.auth.signInWithPassword({ email, password });
      expect(signIn.error).toMatchObject({ code: 'invalid_credentials' });
      const refresh = await app.auth.refreshSession({ refresh_token: data.session!.refresh_token });
      expect(refresh.error).not.toBeNull();
    });
  },
);

describe.skipIf(usingSupabase)(
  "supabase-js against Supabase Auth, the API on a database that is not the project's (skipped on the Supabase-shaped database, where auth.users is the project's)",
  () => {
    let database: TestDatabase;
    let fake: FakeSupabaseAuth;
    let server: TestServer;
    beforeAll(async () => {
      database = await createTestDatabase();
      fake = await startFakeSupabaseAuth();
      server = await startServer({
        db: database.db,
        env: serverEnv(fake, { SUPABASE_SERVICE_ROLE_KEY: fake.serviceRoleKey }),
      });
    });
    afterAll(async () => {
      await server?.close();
      await fake?.close();
      await database?.drop();
    });

    it('signs up through supabase-js, uses the API, and deleting the account deletes the user at Supabase Auth (admin API)', async () => {
      const email = newEmail('alan');
      // The web app may reach the project: its origin is in the Content-Security-Policy's connect-src.
      const csp = (await client(server.url).get('/api/v1/info')).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(new RegExp(`connect-src [^;]*${fake.url.replace(/\./g, '\\.')}`));
      const app = await appClient(server);
      const { data, error } = await app.auth.signUp({
        email,
        password,
        options: { data: { display_name: 'Alan' } },
      });
      expect(error).toBeNull();
      const api = client(server.url, data.session!.access_token);
      const me = await api.get('/api/v1/profile');
      expect(me.status, JSON.stringify(me.body)).toBe(200);
      expect(me.body).toMatchObject({ id: data.session!.user.id, email });
      expect((await api.delete('/api/v1/profile')).status).toBe(204);
      const adminCalls = fake.requests.filter((r) => r.path.startsWith('/auth/v1/admin/'));
      expect(adminCalls).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/auth/v1/admin/users/${data.session!.user.id}`,
          key: 'service_role',
          status: 200,
        }),
      ]);
      expect(await fake.findUser(email)).toBeUndefined();
      expect((await app.auth.signInWithPassword({ email, password })).error).toMatchObject({
        code: 'invalid_credentials',
      });
    });

    it('when Supabase Auth refuses the deletion, nothing is deleted and the learner is told to retry (503)', async () => {
      const { SignJWT } = await import('jose');
      // A service_role key of another project: the gateway refuses it.
      const otherKey = await new SignJWT({ role: 'service_role' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode('another-project-secret-another-project-secret'));
      const refusing = await startServer({
        db: database.db,
        env: serverEnv(fake, { SUPABASE_SERVICE_ROLE_KEY: otherKey }),
      });
      try {
        const email = newEmail('edsger');
        const app = await appClient(refusing);
        const { data } = await app.auth.signUp({ email, password });
        const api = client(refusing.url, data.session!.access_token);
        expect((await api.get('/api/v1/profile')).status).toBe(200);
        const res = await api.delete('/api/v1/profile');
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'auth_provider_unavailable' });
        expect(res.body.error.message).toMatch(/nothing was deleted/);
        expect((await api.get('/api/v1/profile')).status).toBe(200);
        expect(await fake.findUser(email)).toBeDefined();
      } finally {
        await refusing.close();
      }
    });

    it('says where to sign in: the chitchat server itself in built-in mode', async () => {
      const builtIn = await startServer({ db: database.db, env: { AUTH_MODE: 'embedded' } });
      try {
        const res = await client(builtIn.url).get('/api/v1/info');
        expect(res.body.auth).toEqual({ provider: 'chitchat' });
      } finally {
        await builtIn.close();
      }
    });
  },
);
