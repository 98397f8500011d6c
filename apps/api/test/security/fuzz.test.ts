// Hostile-input fuzzing of every route in the app's route table (OWASP API8 / API4): bodies, query
// strings, path parameters and headers generated from each route's zod contract, and mutations of
// it (wrong types, huge strings, deep nesting, unicode edge cases, prototype-pollution keys,
// non-JSON and wrong content types). Every answer must be a 4xx in the error shape or a 2xx that
// matches the route's response contract; never a 5xx, never a stack trace or SQL; and the server
// keeps serving. FUZZ_RUNS scales the number of cases (default 12 per route and kind).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { client, expectErrorShape, signUp, startServer, type TestUser } from '../harness.ts';
import {
  arbitraryFor,
  encodePart,
  fillPath,
  leaks,
  routeTable,
  setPath,
  stringFields,
  validSample,
  type ApiRoute,
} from './support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const server = await startServer({
  env: {
    AUTH_RATE_LIMIT_PER_15_MIN: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
  },
});
afterAll(async () => server?.close());
const routes = routeTable(server.routes);

// ------------------------------------------------------------------------------------------------
// Hostile values

const nasty = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil\u202C',
  '\uFEFF\u200B\u200D',
  'e\u0301'.repeat(300),
  '👩‍👩‍👧‍👦'.repeat(50),
  '𝕳𝖊𝖑𝖑𝖔',
  "'; drop table users; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '\r\nSet-Cookie: pwned=1',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  'true',
  'null',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const hostileString = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1e308, 1e308, 0.1, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.integer({ min: 500, max: 2000 }).map((n) => Array(n).fill('x')),
);
const protoKeys = fc.constantFrom('__proto__', 'constructor', 'prototype');

/** A raw JSON text: (mutations of) a valid body. */
function hostileBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ text: string; type?: string }> {
  const json = (v: unknown) => ({ text: JSON.stringify(v) ?? 'null' });
  return fc.oneof(
    // A valid body with one field replaced by something of the wrong type/size/content.
    fc.tuple(valid, hostileValue, fc.nat()).map(([v, bad, i]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return json(bad);
      const keys = Object.keys(v);
      const key = keys.length ? keys[i % keys.length]! : 'extra';
      return json({ ...v, [key]: bad });
    }),
    // Unknown keys, including prototype pollution, at the top or one level down.
    fc.tuple(valid, protoKeys, fc.boolean()).map(([v, k, nested]) => {
      const inner = `{"${k}":{"isAdmin":true,"polluted":1}}`;
      const base = JSON.stringify(v && typeof v === 'object' && !Array.isArray(v) ? v : {});
      const extra = nested ? `"data":${inner}` : inner.slice(1, -1);
      return { text: base === '{}' ? `{${extra}}` : base.replace(/^\{/, `{${extra},`) };
    }),
    // The whole body replaced.
    hostileValue.map(json),
    // Deep nesting.
    fc.integer({ min: 100, max: 20_000 }).map((n) => ({ text: '['.repeat(n) + ']'.repeat(n) })),
    fc.integer({ min: 100, max: 5_000 }).map((n) => ({ text: '{"a":'.repeat(n) + '1' + '}'.repeat(n) })),
    // Not JSON, or not what the route takes.
    fc.string({ maxLength: 200 }).map((text) => ({ text })),
    fc
      .constantFrom('{', '{"a":', '[1,]', '{"a":1}}', '\u0000', '\uFEFF{}', 'null', '""')
      .map((text) => ({ text })),
    fc
      .tuple(
        valid,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'application/xml',
          'application/json; charset=utf-16',
          'application/octet-stream',
          '*/*',
          'application/json, text/plain',
        ),
      )
      .map(([v, type]) => ({ text: JSON.stringify(v ?? {}), type })),
  );
}

const headerSafe = fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
const hostileQuery = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom(
        'limit',
        'cursor',
        'q',
        'scope',
        'grant_type',
        'topic',
        'kind',
        'status',
        '__proto__',
        'constructor[prototype][x]',
        'a[]',
      ),
      hostileString,
      { maxKeys: 4 },
    )
    .map((d) => new URLSearchParams(Object.entries(d).map(([k, v]) => [k, v.slice(0, 5000)])).toString()),
  fc.constantFrom(
    'limit=-1',
    'limit=0',
    'limit=1e9',
    'limit=abc',
    'limit=1&limit=2',
    'cursor=%zz',
    'cursor=' + 'A'.repeat(5000),
    '%E0%A4%A',
    'a=%00',
    '=&=&',
    '?&&',
    'limit[]=1',
  ),
);
const hostileParam = fc.oneof(
  fc.constantFrom(...nasty).map(encodePart),
  fc.constantFrom(
    '%zz',
    '%',
    '%ED%A0%80',
    '%C0%AF',
    '%FF',
    '..',
    '%2e%2e',
    '%2F',
    'null',
    'undefined',
    '-1',
    '1.5',
    'a'.repeat(250),
  ),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.string({ maxLength: 60 }).map(encodePart),
);

// ------------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  url: string;
  body?: string;
  headers: Record<string, string>;
}

async function send(req: Sent) {
  const res = await fetch(server.url + req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

/** The property every answer must have. */
/** A file download the route declares (`produces`, e.g. an .apkg or a CSV): not JSON, not checked as JSON. */
function isDeclaredFile(route: ApiRoute, contentType: string | null) {
  const produces = route.produces ?? [];
  const type = (contentType ?? '').split(';')[0]!.trim();
  return !!type && type !== 'application/json' && produces.includes(type);
}

function check(route: ApiRoute, req: Sent, res: { status: number; text: string; headers: Headers }) {
  const where = `${req.method} ${req.url.slice(0, 200)} body=${(req.body ?? '').slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  const leak = leaks(res.text);
  expect(leak, where).toBeUndefined();
  expect(res.headers.get('x-request-id'), where).toBeTruthy();
  if (res.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new Error(`not JSON: ${where}`);
    }
    expectErrorShape(body);
  } else if (
    res.status >= 200 &&
    res.status < 300 &&
    res.text &&
    !(res.headers.get('content-type') ?? '').includes('text/event-stream') &&
    !isDeclaredFile(route, res.headers.get('content-type'))
  ) {
    const schema = route.schema.response?.[String(res.status)];
    if (schema) {
      const parsed = schema.safeParse(JSON.parse(res.text));
      expect(parsed.success, `${where}\n${parsed.error?.message}`).toBe(true);
    }
  }
}

const emptyObject = fc.constant({} as unknown);
function parts(route: ApiRoute) {
  const params = route.schema.params ? arbitraryFor(route.schema.params) : fc.constant({});
  const query = route.schema.querystring ? arbitraryFor(route.schema.querystring) : fc.constant({});
  const body = route.schema.body ? arbitraryFor(route.schema.body) : emptyObject;
  return { params, query, body };
}
const toQuery = (q: unknown) => {
  if (!q || typeof q !== 'object') return '';
  const s = new URLSearchParams(
    Object.entries(q as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'object')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return s ? `?${s}` : '';
};
const hasBody = (m: string) => m !== 'GET' && m !== 'DELETE';

describe('hostile input, route by route, from the contracts', () => {
  it('covers every route in the table', () => {
    expect(routes.length).toBeGreaterThan(8);
  });

  for (const route of routes) {
    // Signing out ends the fuzzing user's session: it is fuzzed like the rest, with its own user.
    it(`${route.key} answers every generated and mutated request with a 4xx or a valid 2xx`, async () => {
      let user: TestUser | undefined;
      const auth = async () => {
        // A fresh user per route (and again if a case deleted or signed out the last one).
        if (!user || (await client(server.url, user.token).get('/api/v1/profile')).status === 401)
          user = await signUp(server, 'fuzz');
        return { authorization: `Bearer ${user.token}` };
      };
      const { params, query, body } = parts(route);
      const url = (p: unknown, q: string) =>
        fillPath(
          route.url,
          Object.fromEntries(
            Object.entries((p ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
          ),
        ) + q;

      // 1. Shaped like the contract.
      await fc.assert(
        fc.asyncProperty(params, query, body, async (p, q, b) => {
          const req: Sent = {
            method: route.method,
            url: url(p, toQuery(q)),
            headers: {
              ...(await auth()),
              ...(hasBody(route.method) ? { 'content-type': 'application/json' } : {}),
            },
          };
          if (hasBody(route.method)) req.body = JSON.stringify(b ?? {});
          check(route, req, await send(req));
        }),
        { numRuns: RUNS, seed: 1 },
      );

      // 2. Mutated bodies (for routes that take one; the others must ignore or refuse a body).
      await fc.assert(
        fc.asyncProperty(params, hostileBody(body), async (p, b) => {
          const method = hasBody(route.method) ? route.method : route.method;
          const req: Sent = {
            method,
            url: url(p, ''),
            headers: { ...(await auth()), 'content-type': b.type ?? 'application/json' },
          };
          if (hasBody(route.method)) req.body = b.text;
          check(route, req, await send(req));
        }),
        { numRuns: RUNS * 2, seed: 2 },
      );

      // 3. Every nasty string in every text field of an otherwise valid body and query (exhaustive,
      // not sampled: NUL characters, lone surrogates, bidi overrides, injection strings, ...).
      const p0 = Object.fromEntries(route.params.map((n) => [n, '00000000-0000-4000-8000-000000000000']));
      for (const [part, schema] of [
        ['body', route.schema.body],
        ['query', route.schema.querystring],
      ] as const) {
        if (!schema || (part === 'body' && !hasBody(route.method))) continue;
        const base = (validSample(schema, 11) ?? {}) as Record<string, unknown>;
        for (const field of stringFields(schema)) {
          for (const value of nasty) {
            const v = setPath(base, field, value, schema);
            const req: Sent =
              part === 'body'
                ? {
                    method: route.method,
                    url: url(p0, ''),
                    headers: { ...(await auth()), 'content-type': 'application/json' },
                    body: JSON.stringify(v),
                  }
                : {
                    method: route.method,
                    url: url(
                      p0,
                      `?${new URLSearchParams(Object.entries(v).map(([k, x]) => [k, String(x)]))}`,
                    ),
                    headers: await auth(),
                  };
            check(route, req, await send(req));
          }
        }
      }

      // 4. Hostile query strings and path parameters.
      await fc.assert(
        fc.asyncProperty(params, hostileQuery, async (p, q) => {
          const req: Sent = { method: route.method, url: `${url(p, '')}?${q}`, headers: await auth() };
          check(route, req, await send(req));
        }),
        { numRuns: RUNS, seed: 3 },
      );
      if (route.params.length) {
        await fc.assert(
          fc.asyncProperty(
            fc.array(hostileParam, { minLength: route.params.length, maxLength: route.params.length }),
            async (values) => {
              let i = 0;
              const req: Sent = {
                method: route.method,
                url: route.url.replace(/:(\w+)/g, () => values[i++]!),
                headers: await auth(),
              };
              if (hasBody(route.method)) {
                req.body = '{}';
                req.headers['content-type'] = 'application/json';
              }
              check(route, req, await send(req));
            },
          ),
          { numRuns: RUNS, seed: 4 },
        );
      }

      // 5. Hostile headers: authorization, request ids, accept, encodings.
      await fc.assert(
        fc.asyncProperty(
          params,
          fc.record(
            {
              authorization: fc.oneof(
                headerSafe,
                headerSafe.map((s) => `Bearer ${s}`),
                fc.constant('Bearer '),
                fc.constant(`Bearer ${'a'.repeat(4000)}`),
              ),
              'x-request-id': headerSafe,
              accept: fc.oneof(
                headerSafe,
                fc.constantFrom('text/event-stream', 'application/xml', '*/*;q=0'),
              ),
              'accept-encoding': fc.oneof(
                headerSafe,
                fc.constantFrom('br;q=1000', 'gzip, deflate, br, zstd', 'identity;q=0'),
              ),
              'accept-language': headerSafe,
            },
            { requiredKeys: [] },
          ),
          async (p, h) => {
            const headers: Record<string, string> = {
              ...(h.authorization === undefined ? await auth() : {}),
              ...h,
            } as Record<string, string>;
            const req: Sent = { method: route.method, url: url(p, ''), headers };
            if (hasBody(route.method)) {
              req.body = '{}';
              headers['content-type'] = 'application/json';
            }
            check(route, req, await send(req));
          },
        ),
        { numRuns: RUNS, seed: 5 },
      );

      // Still serving.
      expect((await client(server.url).get('/health')).status).toBe(200);
    });
  }

  it('a body over the limit is a 413 in the error shape', async () => {
    const u = await signUp(server, 'big');
    const res = await send({
      method: 'PATCH',
      url: '/api/v1/profile',
      body: JSON.stringify({ bio: 'x'.repeat(server.config.BODY_LIMIT_BYTES + 10) }),
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expectErrorShape(JSON.parse(res.text));
  });

  it('prototype-pollution keys change no object in the server', async () => {
    const u = await signUp(server, 'proto');
    for (const key of ['__proto__', 'constructor']) {
      const res = await send({
        method: 'PATCH',
        url: '/api/v1/profile',
        body: `{"preferences":{"${key}":{"polluted":true}},"${key}":{"prototype":{"polluted":true}}}`,
        headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the server still answers normally after all of it', async () => {
    const u = await signUp(server, 'after');
    expect((await u.api.get('/api/v1/profile')).status).toBe(200);
    expect((await client(server.url).get('/ready')).status).toBe(200);
    const fatal = server.logs.filter((l) => /"level":(50|60)/.test(l) && /request failed/.test(l));
    expect(fatal.map((l) => l.slice(0, 400))).toEqual([]);
  });
});

describe('local storage URLs', () => {
  it('refuse path traversal, forged and stripped signatures, in the error shape', async () => {
    // The harness's server stores on local disk, so these routes must be there.
    expect(
      routes.some((r) => r.url.startsWith('/storage/')),
      'no /storage/ routes: local storage is not serving its signed URLs',
    ).toBe(true);
    const u = await signUp(server, 'storage');
    const bytes = Buffer.from('hello storage\n');
    const init = await u.api.post('/api/v1/uploads/init', {
      fileName: 'a.txt',
      fileType: 'text/plain',
      fileSize: bytes.length,
    });
    expect(init.status).toBe(201);
    const signed = new URL(init.body.uploadUrl, server.url);
    const key = signed.pathname.replace('/storage/v1/object/', '');
    const evil = [
      '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '..%5C..%5Cetc%5Cpasswd',
      `${key}%00.txt`,
      `${key}/../../../../etc/passwd`,
      encodeURIComponent('/etc/passwd'),
    ];
    const attempts: Array<[string, string]> = [
      ...evil.flatMap(
        (k) =>
          [
            ['GET', `/storage/v1/object/${k}${signed.search}`],
            ['PUT', `/storage/v1/object/${k}${signed.search}`],
          ] as Array<[string, string]>,
      ),
      ['PUT', `/storage/v1/object/${key}`], // no signature
      ['PUT', `/storage/v1/object/${key}${signed.search.replace(/sig=[^&]+/, 'sig=AAAA')}`],
      ['GET', `/storage/v1/object/${key}${signed.search}`], // an upload URL is not a download URL
      ['GET', `/storage/v1/public/avatars/..%2F..%2F..%2Fetc%2Fpasswd`],
    ];
    for (const [method, url] of attempts) {
      const res = await send({
        method,
        url,
        headers: { 'content-type': 'text/plain' },
        body: method === 'PUT' ? bytes.toString() : undefined,
      });
      const where = `${method} ${url} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, where).toBeGreaterThanOrEqual(400);
      expect(res.status, where).toBeLessThan(500);
      expect(res.text, where).not.toMatch(/root:|hello storage/);
      expectErrorShape(JSON.parse(res.text));
    }
    // The genuine URL still works (the refusals above were not for some other reason).
    const ok = await send({
      method: 'PUT',
      url: `${signed.pathname}${signed.search}`,
      headers: init.body.headers,
      body: bytes.toString(),
    });
    expect(ok.status, ok.text).toBe(200);
  });
});
