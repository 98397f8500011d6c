// The HTTP contract every endpoint shares: error shape, status codes, headers, docs, health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  expectErrorShape,
  signUp,
  startServer,
  usingSupabase,
  type TestServer,
  type TestUser,
} from './harness.ts';

let server: TestServer;
let user: TestUser;
beforeAll(async () => {
  server = await startServer({ env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT_BYTES: '4096' } });
  user = await signUp(server);
});
afterAll(async () => server?.close());

describe('health and readiness', () => {
  it('answers /health and /ready', async () => {
    const h = await client(server.url).get('/health');
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('ok');
    const r = await client(server.url).get('/ready');
    expect(r.body).toEqual({ status: 'ready', database: true });
  });

  it('reports server capabilities, including offline AI mode', async () => {
    const info = await client(server.url).get('/api/v1/info');
    expect(info.status).toBe(200);
    expect(info.body.ai).toEqual({
      provider: 'offline',
      offline: true,
      status: { state: 'offline', message: 'Offline mode: no AI model is configured.' },
    });
  });
});

describe('the request log', () => {
  it('has a line per request, but none for probes and the app’s status polling', async () => {
    const from = server.logs.length;
    const api = client(server.url);
    for (const url of ['/health', '/ready', '/api/v1/info']) expect((await api.get(url)).status).toBe(200);
    expect((await user.api.get('/api/v1/profile')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50)); // the log stream is written asynchronously
    const urls = server.logs.slice(from).flatMap((l) => [...l.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]));
    expect(urls).toContain('/api/v1/profile');
    expect(urls.filter((u) => ['/health', '/ready', '/api/v1/info'].includes(u!))).toEqual([]);
  });
});

describe('bad input gets a 4xx in the one error shape', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, RegExp?]> = [
    [
      'malformed JSON',
      () => user.api.call('PATCH', '/api/v1/profile', '{"displayName": "x"'),
      400,
      /not valid JSON/,
    ],
    ['wrong type', () => user.api.patch('/api/v1/profile', { displayName: 42 }), 400, /displayName/],
    [
      'unknown preference key',
      () => user.api.patch('/api/v1/profile', { preferences: { colour: 'red' } }),
      400,
    ],
    ['empty patch', () => user.api.patch('/api/v1/profile', {}), 400, /at least one/],
    [
      'bad enum',
      () => user.api.patch('/api/v1/profile', { preferences: { preferredDifficulty: 'expert' } }),
      400,
    ],
    [
      'bad time zone',
      () => user.api.patch('/api/v1/profile', { preferences: { timezone: 'Mars/Olympus' } }),
      400,
      /IANA/,
    ],
    ['oversized body', () => user.api.patch('/api/v1/profile', { bio: 'x'.repeat(10_000) }), 413],
    ['bad uuid param', () => user.api.get('/api/v1/users/not-a-uuid'), 400, /UUID/],
    ['unknown route', () => user.api.get('/api/v1/nope'), 404],
    [
      'wrong content type',
      () =>
        user.api.call('PATCH', '/api/v1/profile', 'displayName=x', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      415,
    ],
    [
      'prototype pollution',
      () => user.api.call('PATCH', '/api/v1/profile', '{"__proto__": {"admin": true}, "bio": "x"}'),
      400,
    ],
  ];
  for (const [name, run, status, message] of cases) {
    it(name, async () => {
      const res = await run();
      expect(res.status).toBe(status);
      expectErrorShape(res.body);
      expect(res.body.error.requestId).toBeTruthy();
      if (message) expect(res.body.error.message).toMatch(message);
    });
  }

  it('strips HTML from profile text and keeps the rest', async () => {
    const res = await user.api.patch('/api/v1/profile', {
      displayName: '<b>Ada</b> L',
      bio: '<script>x</script>Hi',
    });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Ada L');
    expect(res.body.bio).toBe('xHi');
  });

  it('merges preferences key by key', async () => {
    await user.api.patch('/api/v1/profile', { preferences: { interests: ['maths'], dailyGoal: 30 } });
    const res = await user.api.patch('/api/v1/profile', { preferences: { preferredDifficulty: 'advanced' } });
    expect(
      res.status,
      JSON.stringify(res.body) + server.logs.filter((l) => l.includes('"level":50')).join(''),
    ).toBe(200);
    expect(res.body.preferences).toEqual({
      interests: ['maths'],
      dailyGoal: 30,
      preferredDifficulty: 'advanced',
    });
  });
});

describe.skipIf(usingSupabase)(
  'bad input at sign-up gets a 4xx in the one error shape (built-in /auth/v1: skipped in supabase mode, where Supabase Auth owns accounts)',
  () => {
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, RegExp?]> = [
      [
        'missing fields at sign-up',
        () => client(server.url).post('/auth/v1/signup', { email: 'a@b.co' }),
        400,
        /password/,
      ],
      [
        'invalid email',
        () => client(server.url).post('/auth/v1/signup', { email: 'nope', password: 'password123' }),
        400,
        /email/,
      ],
      ['unsupported grant', () => client(server.url).post('/auth/v1/token?grant_type=magic', {}), 400],
    ];
    for (const [name, run, status, message] of cases) {
      it(name, async () => {
        const res = await run();
        expect(res.status).toBe(status);
        expectErrorShape(res.body);
        expect(res.body.error.requestId).toBeTruthy();
        if (message) expect(res.body.error.message).toMatch(message);
      });
    }
  },
);

describe('public profiles', () => {
  it('show only public fields of another user', async () => {
    const other = await signUp(server, 'other');
    const res = await user.api.get(`/api/v1/users/${other.id}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'avatarUrl',
      'bio',
      'createdAt',
      'displayName',
      'id',
      'isTutor',
      'xp',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(other.email);
    expect((await user.api.get(`/api/v1/users/${crypto.randomUUID()}`)).status).toBe(404);
  });
});

describe('headers', () => {
  it('sets security headers and a request id on every response', async () => {
    const res = await fetch(`${server.url}/api/v1/profile`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('echoes a sane client request id', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
  });

  it('allows CORS only for configured origins', async () => {
    const ok = await fetch(`${server.url}/api/v1/info`, { headers: { origin: 'https://app.example.com' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const evil = await fetch(`${server.url}/api/v1/info`, { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/v1/profile`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('compresses large responses', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('OpenAPI', () => {
  it('describes the API as OpenAPI 3.1 from the zod contracts, with a docs page', async () => {
    const spec = (await client(server.url).get('/api/v1/openapi.json')).body;
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/api/v1/profile'].patch.requestBody).toBeTruthy();
    // The built-in auth's endpoints are described where they are served (not in supabase mode).
    expect(!!spec.paths['/auth/v1/signup']?.post).toBe(!usingSupabase);
    expect(spec.components.schemas.Profile).toBeTruthy();
    // The streaming answer is described as what it is: Server-Sent Events, not a JSON string.
    const stream = spec.paths['/api/v1/chat/stream'].post.responses['200'];
    expect(Object.keys(stream.content)).toEqual(['text/event-stream']);
    expect(spec.paths['/api/v1/chat/stream'].post.responses['404'].content['application/json']).toBeTruthy();
    const docs = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});

describe('keyset cursors', () => {
  it('a well-formed cursor with a forged key or id is a 400 on every paged route, never a 500', async () => {
    const u = await signUp(server, 'pager');
    const spec = (await client(server.url).get('/api/v1/openapi.json')).body;
    const paged = Object.entries<any>(spec.paths)
      .filter(
        ([path, ops]) =>
          !path.includes('{') &&
          ops.get?.parameters?.some((p: any) => p.name === 'cursor' && p.in === 'query'),
      )
      .map(([path]) => path);
    expect(paged.length).toBeGreaterThanOrEqual(8);
    const forged = (key: unknown, id: unknown) =>
      Buffer.from(JSON.stringify([key, id])).toString('base64url');
    const uuid = '6f1c1a9e-3f7a-4a39-9a51-0c5c0f1e2d3b';
    for (const path of paged) {
      for (const cursor of [
        forged('not a time', uuid),
        forged('2026-11-25T10:00:00.000000Z', 'not-a-uuid-but-36-characters-long---'),
        forged(12, uuid),
      ]) {
        // Some routes need a query of their own (search): give them one.
        const res = await u.api.get(
          `${path}?cursor=${cursor}${path.endsWith('/search') ? '&q=photosynthesis' : ''}${path.includes('discover/paths') ? '&topic=x' : ''}`,
        );
        expect(res.status, `${path} with a forged cursor`).toBe(400);
        expectErrorShape(res.body);
      }
    }
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or profile text', async () => {
    const u = await signUp(server, 'logged');
    await u.api.patch('/api/v1/profile', { bio: 'my-very-private-bio-text' });
    if (!usingSupabase)
      await client(server.url).post('/auth/v1/token?grant_type=password', {
        email: u.email,
        password: u.password,
      });
    const logs = server.logs.join('');
    expect(logs).toContain('request completed');
    expect(logs).not.toContain(u.password);
    expect(logs).not.toContain(u.token);
    if (u.refreshToken) expect(logs).not.toContain(u.refreshToken);
    expect(logs).not.toContain('my-very-private-bio-text');
  });
});
