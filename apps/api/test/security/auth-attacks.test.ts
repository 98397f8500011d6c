// Authentication attacks (OWASP API2), against every authenticated route in the route table:
// forged, unsigned, wrongly signed, expired, not-yet-valid and mis-addressed tokens; a deleted
// user's token; refresh-token replay ending the whole session; brute force and credential stuffing
// slowed by limits; unknown email vs wrong password indistinguishable (answer and timing); password
// change and global sign-out revoking the other sessions; no privilege through user metadata.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsecuredJWT } from 'jose';
import { client, expectErrorShape, signUp, startServer, usingSupabase, type TestUser } from '../harness.ts';
import { signTestToken, SUPABASE_ISSUER } from '../supabase/project.ts';
import { fillPath, routeTable } from './support.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const server = await startServer({
  env: { JWT_SECRET: SECRET, AUTH_RATE_LIMIT_PER_15_MIN: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' },
});
// A second instance over the same database with the brute-force limit turned down to 4.
const limited = await startServer({
  db: server.ctx.db,
  env: { JWT_SECRET: SECRET, AUTH_RATE_LIMIT_PER_15_MIN: '4' },
});
afterAll(async () => {
  await limited?.close();
  await server?.close();
});

const protectedRoutes = routeTable(server.routes).filter((r) => r.url.startsWith('/api/v1/') && !r.public);
const now = () => Math.floor(Date.now() / 1000);

/** A token like the server's own (built-in, or Supabase Auth's in TEST_AUTH_MODE=supabase-*), with `change` applied. */
async function forge(
  u: TestUser,
  change: {
    secret?: string;
    claims?: Record<string, unknown>;
    iat?: number;
    exp?: number;
    nbf?: number;
    alg?: string;
    header?: Record<string, unknown>;
  } = {},
) {
  return signTestToken(
    { sub: u.id, sessionId: sessionOf(u), email: u.email, claims: change.claims },
    {
      builtInSecret: SECRET,
      iat: change.iat,
      exp: change.exp,
      nbf: change.nbf,
      alg: change.alg,
      header: change.header,
      wrongKey: change.secret,
    },
  );
}
const sessionOf = (u: TestUser) =>
  JSON.parse(Buffer.from(u.token.split('.')[1]!, 'base64url').toString()).session_id as string;

async function expect401Everywhere(token: string | undefined, what: string, authorization?: string) {
  for (const r of protectedRoutes) {
    const params = Object.fromEntries(r.params.map((p) => [p, crypto.randomUUID()]));
    const res = await client(server.url).call(
      r.method,
      fillPath(r.url, params),
      r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      {
        ...(authorization !== undefined
          ? { authorization }
          : token
            ? { authorization: `Bearer ${token}` }
            : {}),
      },
    );
    expect(res.status, `${what}: ${r.key} → ${res.status} ${JSON.stringify(res.body)}`).toBe(401);
    expectErrorShape(res.body);
  }
}

describe('forged and unusable access tokens are refused by every authenticated route', () => {
  it('covers the authenticated routes of the table', () => {
    expect(protectedRoutes.length).toBeGreaterThan(2);
  });

  it('a genuine token works (so the refusals below mean something)', async () => {
    const u = await signUp(server);
    expect((await u.api.get('/api/v1/profile')).status).toBe(200);
    expect((await client(server.url, await forge(u)).get('/api/v1/profile')).status).toBe(200);
  });

  const cases: Array<[string, (u: TestUser) => Promise<string | { header: string }>]> = [
    ['no token', async () => ({ header: '' })],
    [
      'not a bearer token',
      async (u) => ({ header: `Basic ${Buffer.from(`${u.email}:${u.password}`).toString('base64')}` }),
    ],
    ['garbage', async () => 'not.a.jwt'],
    [
      'tampered payload (sub changed, signature kept)',
      async (u) => {
        const other = await signUp(server);
        const [h, , s] = u.token.split('.');
        return `${h}.${other.token.split('.')[1]}.${s}`;
      },
    ],
    [
      'alg: none',
      async (u) =>
        new UnsecuredJWT({
          sub: u.id,
          aud: 'authenticated',
          iss: usingSupabase ? SUPABASE_ISSUER : 'chitchat',
          role: 'authenticated',
          session_id: sessionOf(u),
        })
          .setIssuedAt()
          .setExpirationTime('10m')
          .encode(),
    ],
    [
      'signed with another secret',
      async (u) => forge(u, { secret: 'another-secret-another-secret-another-secret' }),
    ],
    [
      usingSupabase
        ? 'HS512 with the project secret (algorithm not allowed)'
        : 'HS512 with the right secret (algorithm not allowed)',
      async (u) => forge(u, { alg: 'HS512' }),
    ],
    ['expired', async (u) => forge(u, { iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid (nbf in the future)', async (u) => forge(u, { nbf: now() + 3600 })],
    ['wrong audience', async (u) => forge(u, { claims: { aud: 'service_role' } })],
    ['wrong issuer', async (u) => forge(u, { claims: { iss: 'someone-else' } })],
    ['subject not a user id', async (u) => forge(u, { claims: { sub: "' or 1=1 --" } })],
    [
      'a session id that does not exist',
      async (u) => forge(u, { claims: { session_id: crypto.randomUUID() } }),
    ],
    [
      'a kid header pointing elsewhere',
      async (u) => forge(u, { secret: 'x'.repeat(40), header: { kid: '../../../../dev/null' } }),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name} → 401 on every route`, async () => {
      const u = await signUp(server);
      const t = await make(u);
      if (typeof t === 'string') await expect401Everywhere(t, name);
      else await expect401Everywhere(undefined, name, t.header);
    });
  }

  it('an access token in the query string is not accepted', async () => {
    const u = await signUp(server);
    const res = await client(server.url).get(`/api/v1/profile?access_token=${u.token}`);
    expect(res.status).toBe(401);
  });

  it("a deleted user's token is refused everywhere, and cannot sign in or refresh", async () => {
    const u = await signUp(server);
    expect((await u.api.delete('/api/v1/profile')).status).toBe(204);
    await expect401Everywhere(u.token, 'deleted user');
    const forged = await forge(u); // even a freshly signed token for the same id and session
    expect((await client(server.url, forged).get('/api/v1/profile')).status).toBe(401);
    // Signing in and refreshing are the built-in auth's (Supabase Auth's own in supabase mode).
    if (!usingSupabase) {
      expect(
        (
          await client(server.url).post('/auth/v1/token?grant_type=refresh_token', {
            refresh_token: u.refreshToken,
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await client(server.url).post('/auth/v1/token?grant_type=password', {
            email: u.email,
            password: u.password,
          })
        ).status,
      ).toBe(400);
    }
  });
});

describe.skipIf(usingSupabase)(
  'sessions (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('replaying a rotated refresh token ends the whole session family: its tokens stop working', async () => {
      const u = await signUp(server);
      const anon = client(server.url);
      const r1 = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: u.refreshToken,
      });
      expect(r1.status).toBe(200);
      // The thief replays the old one, later than the reuse interval (10 s) that forgives a client
      // racing its own refresh.
      await server.ctx.db.admin
        .updateTable('auth.refresh_tokens')
        .set({ created_at: new Date(Date.now() - 11_000) })
        .where('user_id', '=', u.id)
        .execute();
      const replay = await anon.post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: u.refreshToken,
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error_code).toBe('refresh_token_already_used');
      // The legitimate holder's newer refresh token and access token are dead too.
      expect(
        (await anon.post('/auth/v1/token?grant_type=refresh_token', { refresh_token: r1.body.refresh_token }))
          .status,
      ).toBe(400);
      expect((await client(server.url, r1.body.access_token).get('/api/v1/profile')).status).toBe(401);
      expect((await u.api.get('/api/v1/profile')).status).toBe(401);
      // Other sessions of the same user are untouched.
      const again = await anon.post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(again.status).toBe(200);
      expect((await client(server.url, again.body.access_token).get('/api/v1/profile')).status).toBe(200);
    });

    it('changing the password ends every other session (access and refresh), keeps this one', async () => {
      const u = await signUp(server);
      const anon = client(server.url);
      const other = await anon.post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(other.status).toBe(200);
      expect((await u.api.put('/auth/v1/user', { password: 'a brand new passphrase' })).status).toBe(200);
      expect((await client(server.url, other.body.access_token).get('/api/v1/profile')).status).toBe(401);
      expect(
        (
          await anon.post('/auth/v1/token?grant_type=refresh_token', {
            refresh_token: other.body.refresh_token,
          })
        ).status,
      ).toBe(400);
      expect((await u.api.get('/api/v1/profile')).status).toBe(200);
      expect(
        (await anon.post('/auth/v1/token?grant_type=password', { email: u.email, password: u.password }))
          .status,
      ).toBe(400);
    });

    it('global sign-out ends every session', async () => {
      const u = await signUp(server);
      const other = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect((await u.api.post('/auth/v1/logout?scope=global')).status).toBe(204);
      expect((await u.api.get('/api/v1/profile')).status).toBe(401);
      expect((await client(server.url, other.body.access_token).get('/api/v1/profile')).status).toBe(401);
    });

    it('sign-up metadata grants no privilege (role, tutor flag, XP are not user-settable)', async () => {
      const email = `meta-${crypto.randomUUID()}@example.com`;
      const res = await client(server.url).post('/auth/v1/signup', {
        email,
        password: 'correct horse battery staple',
        data: { role: 'service_role', is_tutor: true, xp: 1_000_000, app_metadata: { provider: 'admin' } },
      });
      expect(res.status).toBe(200);
      const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
      expect(claims.role).toBe('authenticated');
      expect(claims.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
      const me = await client(server.url, res.body.access_token).get('/api/v1/profile');
      expect(me.status).toBe(200);
      expect(me.body.xp ?? 0).toBe(0);
      expect(me.body.isTutor ?? false).toBe(false);
      const upd = await client(server.url, res.body.access_token).put('/auth/v1/user', {
        data: { role: 'service_role', xp: 5 },
      });
      expect(upd.status).toBe(200);
      const me2 = await client(server.url, res.body.access_token).get('/api/v1/profile');
      expect(me2.body.xp ?? 0).toBe(0);
    });
  },
);

describe.skipIf(usingSupabase)(
  'guessing passwords (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('brute force on one account is slowed with 429 + Retry-After, even for the right password', async () => {
      const u = await signUp(server);
      const anon = client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (
            await anon.post('/auth/v1/token?grant_type=password', {
              email: u.email,
              password: `guess-${i}-wrong`,
            })
          ).status,
        );
      expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
      expect(statuses.slice(4)).toEqual([429, 429]);
      const right = await anon.post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(right.status).toBe(429); // no oracle while locked out
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      expectErrorShape(right.body);
    });

    it('credential stuffing (many accounts, one client) is slowed per address', async () => {
      const anon = client(limited.url);
      const statuses: number[] = [];
      // The per-address limit is 5x the per-account one (4): 20 tries pass, then 429.
      for (let i = 0; i < 22; i++)
        statuses.push(
          (
            await anon.post('/auth/v1/token?grant_type=password', {
              email: `stuff-${i}-${crypto.randomUUID()}@example.com`,
              password: 'password123',
            })
          ).status,
        );
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    });
  },
);

describe.skipIf(usingSupabase)(
  'unknown email vs wrong password (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    it('take the same time (medians within a factor of 2) and give the same answer', async () => {
      const s2 = server;
      {
        const u = await signUp(s2);
        const anon = client(s2.url);
        const time = async (email: string) => {
          const t0 = process.hrtime.bigint();
          const res = await anon.post('/auth/v1/token?grant_type=password', {
            email,
            password: 'definitely wrong',
          });
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          return {
            ms,
            status: res.status,
            body: JSON.stringify({ ...res.body, error: { ...res.body.error, requestId: undefined } }),
          };
        };
        const known: number[] = [];
        const unknown: number[] = [];
        const answers = new Set<string>();
        await time(u.email); // warm up both paths
        await time(`warm-${crypto.randomUUID()}@example.com`);
        for (let i = 0; i < 12; i++) {
          const a = await time(u.email);
          const b = await time(`nobody-${crypto.randomUUID()}@example.com`);
          known.push(a.ms);
          unknown.push(b.ms);
          answers.add(`${a.status} ${a.body}`);
          answers.add(`${b.status} ${b.body}`);
        }
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
        const ratio = median(known)! / median(unknown)!;
        expect(
          ratio,
          `median wrong-password ${median(known)!.toFixed(1)} ms vs unknown-email ${median(unknown)!.toFixed(1)} ms`,
        ).toBeGreaterThan(0.5);
        expect(ratio).toBeLessThan(2);
        expect([...answers]).toHaveLength(1);
      }
    });
  },
);
