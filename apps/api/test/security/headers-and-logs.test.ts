// Headers and transport (OWASP API8): for every route in the table, signed in and not, and for the
// error paths (unknown route, malformed URL, bad JSON, body too large): security headers, a request
// id that matches the error body's, CORS only for configured origins, no cookies, no framework
// fingerprint. Then the logs of all that traffic, plus valid requests carrying secret text in every
// text field of every route, scanned for passwords, tokens and learner text.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signUp, startServer, usingSupabase, type TestUser } from '../harness.ts';
import { fillPath, routeTable, setPath, stringFields, validSample } from './support.ts';

const ALLOWED = 'https://app.chitchat.test';
const server = await startServer({
  env: {
    CORS_ORIGINS: ALLOWED,
    AUTH_RATE_LIMIT_PER_15_MIN: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    LOG_LEVEL: 'trace',
  },
});
afterAll(async () => server?.close());
const routes = routeTable(server.routes);

let user: TestUser;
beforeAll(async () => {
  user = await signUp(server, 'headers');
});

function expectSecurityHeaders(h: Headers, what: string) {
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('content-security-policy') ?? '', what).toMatch(/frame-ancestors 'none'|default-src/);
  expect(h.get('strict-transport-security') ?? '', what).toMatch(/max-age=\d+/);
  expect(h.get('referrer-policy'), what).toBeTruthy();
  expect(h.get('x-request-id'), what).toBeTruthy();
  expect(h.get('x-powered-by'), what).toBeNull();
  expect(h.get('server'), what).toBeNull();
  expect(h.get('set-cookie'), `${what} sets a cookie`).toBeNull();
}

describe('every route, signed in and not', () => {
  for (const r of routes) {
    it(`${r.key}: security headers, a request id, no cookies; errors carry the same request id`, async () => {
      const params = Object.fromEntries(r.params.map((p) => [p, crypto.randomUUID()]));
      for (const api of [client(server.url), client(server.url, user.token)]) {
        const res = await api.call(
          r.method,
          fillPath(r.url, params),
          r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
          { origin: 'https://evil.example' },
        );
        const what = `${r.key} → ${res.status}`;
        expectSecurityHeaders(res.headers, what);
        expect(res.headers.get('access-control-allow-origin'), what).toBeNull();
        if (res.status >= 400) expect(res.body?.error?.requestId, what).toBe(res.headers.get('x-request-id'));
      }
    });
  }
});

// A route that reads a body: the built-in sign-up, or (in supabase mode, where that is Supabase
// Auth's) the signed-in profile update.
const bodyTarget = (usingSupabase ? ['PATCH', '/api/v1/profile'] : ['POST', '/auth/v1/signup']) as [
  string,
  string,
];
// (A fresh user each time there: the route sweep above deletes its own account.)
const bodyRoute = async (token?: string) =>
  usingSupabase ? (await signUp(server, 'body')).api : client(server.url, token);

describe('error paths outside the routes', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: any; headers: Headers }>, number]> = [
    ['unknown route', () => client(server.url).get('/api/v1/no-such-thing'), 404],
    ['malformed URL', () => client(server.url).get('/api/v1/users/%zz'), 400],
    [
      'invalid JSON',
      async () =>
        (await bodyRoute('x')).call(...bodyTarget, '{"email":', { 'content-type': 'application/json' }),
      400,
    ],
    [
      'unsupported content type',
      async () =>
        (await bodyRoute()).call(...bodyTarget, 'a=b', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      415,
    ],
    [
      'body too large',
      async () =>
        (await bodyRoute()).call(...bodyTarget, JSON.stringify({ email: 'x'.repeat(2_000_000) }), {
          'content-type': 'application/json',
        }),
      413,
    ],
  ];
  for (const [name, call, status] of cases) {
    it(`${name}: ${status} in the error shape, with headers and the request id`, async () => {
      const res = await call();
      expect(res.status).toBe(status);
      expect(typeof res.body?.error?.message).toBe('string');
      expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  }
});

describe('CORS', () => {
  it('answers a preflight only for a configured origin', async () => {
    const pre = (origin: string) =>
      fetch(`${server.url}/api/v1/profile`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const ok = await pre(ALLOWED);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await pre('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const nul = await pre('null');
    expect(nul.headers.get('access-control-allow-origin')).toBeNull();
    const lookalike = await pre(`${ALLOWED}.evil.example`);
    expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('logs', () => {
  it('hold no passwords, tokens or learner text after traffic on every route', async () => {
    const secret = `secret-text-${crypto.randomBytes(8).toString('hex')}`;
    const u = await signUp(server, 'logscan');
    // The built-in auth's traffic too (Supabase Auth's own in supabase mode, where the token is Supabase's).
    let api = u.api;
    const issued: string[] = [];
    if (!usingSupabase) {
      const refreshed = await client(server.url).post('/auth/v1/token?grant_type=refresh_token', {
        refresh_token: u.refreshToken,
      });
      expect(refreshed.status).toBe(200);
      const signedIn = await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
      expect(signedIn.status).toBe(200);
      await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: `${secret}-wrong-password`,
      });
      api = client(server.url, signedIn.body.access_token);
      issued.push(signedIn.body.access_token, u.refreshToken, refreshed.body.refresh_token);
    }
    // Every route with a text field, once per field, with the secret text in it.
    let sent = 0;
    for (const r of routes) {
      if (!r.schema.body || r.key === 'PUT /auth/v1/user' || r.url.startsWith('/auth/v1/')) continue;
      const base = (validSample(r.schema.body, 3) ?? {}) as Record<string, unknown>;
      for (const field of stringFields(r.schema.body)) {
        const body = setPath(base, field, `${secret} ${field.join('.')}`, r.schema.body);
        const params = Object.fromEntries(r.params.map((p) => [p, crypto.randomUUID()]));
        const res = await api.call(r.method, fillPath(r.url, params), body);
        expect(res.status, `${r.key} ${JSON.stringify(res.body)}`).toBeLessThan(500);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(0);
    // Query strings too (signed URLs and cursors carry secrets).
    await api.get(`/api/v1/profile?token=${secret}`);
    const logs = server.logs.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    for (const [what, value] of [
      ['password', u.password],
      ['wrong password', `${secret}-wrong-password`],
      ['access token', u.token],
      ['learner text', secret],
      ...issued.map((t) => ['token issued by /auth/v1', t] as const),
    ] as const) {
      expect(logs.includes(value), `the logs contain a ${what}`).toBe(false);
    }
    // Signatures of tokens, in case one is logged in part.
    expect(logs.includes(u.token.split('.')[2]!)).toBe(false);
  });
});
