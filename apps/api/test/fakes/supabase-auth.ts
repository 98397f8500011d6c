// A small Supabase Auth (GoTrue) server for tests, speaking the wire protocol as
// @supabase/supabase-js uses it for email accounts, written from supabase/auth's handlers
// (internal/api/signup.go, token.go, user.go, logout.go, admin.go, errors.go) and auth-js's
// request code — none of their code is copied:
//   POST   /auth/v1/signup                          email + password (+ data): a session (autoconfirm)
//   POST   /auth/v1/token?grant_type=password       a session, or 400 invalid_credentials
//   POST   /auth/v1/token?grant_type=refresh_token  a new session; refresh tokens rotate, a reused one is refused
//   GET    /auth/v1/user                            the user of a Bearer access token whose session is live
//   POST   /auth/v1/logout?scope=global|local|others ends sessions (204)
//   DELETE /auth/v1/admin/users/{id}                with the service_role key: deletes the user ({} or 404 user_not_found)
//   GET    /auth/v1/settings, /auth/v1/health
// Every request needs the project's API key in `apikey` (the anon key, or the service_role key),
// as Supabase's gateway demands; answers carry `x-supabase-api-version: 2024-01-01` and errors the
// `{ code, message }` shape of that version; CORS is open (the app's web build calls it).
// Access tokens are signed as Supabase Auth signs them with the project's legacy JWT secret:
// HS256, claims iss, sub, aud=authenticated, exp, iat, email, phone, app_metadata, user_metadata,
// role=authenticated, aal, amr, session_id, is_anonymous.
//
// Where users live: with `pool` (a Supabase-shaped database, fresh-project.sql), in auth.users,
// auth.identities and auth.sessions, written as Supabase Auth's own role supabase_auth_admin — so
// ChitChat's trigger on auth.users (migration 0013) creates public.users, and the API's session
// check and account deletion act on the same rows. Without one, in memory (a project whose
// database is not the API's). Refresh tokens are the fake's own either way. Only for 127.0.0.1.
import crypto from 'node:crypto';
import http from 'node:http';
import { promisify } from 'node:util';
import { SignJWT, jwtVerify } from 'jose';
import type pg from 'pg';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: string, len: number) => Promise<Buffer>;

export interface FakeAuthUser {
  id: string;
  email: string;
  userMetadata: Record<string, unknown>;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface FakeSupabaseAuthRequest {
  method: string;
  path: string;
  status: number;
  /** Which key came in `apikey`: the anon key, the service_role key, or neither. */
  key: 'anon' | 'service_role' | 'none' | 'wrong';
  apiVersion: string | undefined;
}

export interface FakeSupabaseAuth {
  /** The project URL (what SUPABASE_URL / supabase-js's first argument is). */
  url: string;
  /** The issuer of its tokens: `<url>/auth/v1`. */
  issuer: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  requests: FakeSupabaseAuthRequest[];
  /** The user with this email, wherever users live. */
  findUser(email: string): Promise<FakeAuthUser | undefined>;
  /** Sessions still live for the user. */
  liveSessions(userId: string): Promise<number>;
  close(): Promise<void>;
}

interface Store {
  createUser(email: string, password: string, meta: Record<string, unknown>): Promise<FakeAuthUser | null>;
  /** The user if the password is theirs. */
  checkPassword(email: string, password: string): Promise<FakeAuthUser | undefined>;
  findUser(by: { id?: string; email?: string }): Promise<FakeAuthUser | undefined>;
  createSession(userId: string): Promise<string>;
  sessionLive(sessionId: string): Promise<boolean>;
  endSessions(userId: string, scope: 'global' | 'local' | 'others', sessionId: string): Promise<void>;
  liveSessions(userId: string): Promise<number>;
  deleteUser(userId: string): Promise<boolean>;
}

function memoryStore(): Store {
  const users = new Map<string, FakeAuthUser & { salt: string; hash: string }>();
  const sessions = new Map<string, string>(); // session id → user id
  const byEmail = (email: string) => [...users.values()].find((u) => u.email === email);
  const plain = ({ salt: _s, hash: _h, ...u }: FakeAuthUser & { salt: string; hash: string }) => u;
  return {
    async createUser(email, password, meta) {
      if (byEmail(email)) return null;
      const salt = crypto.randomBytes(16).toString('hex');
      const hash = (await scrypt(password, salt, 32)).toString('hex');
      const now = new Date().toISOString();
      const user = { id: crypto.randomUUID(), email, userMetadata: meta, createdAt: now, lastSignInAt: now };
      users.set(user.id, { ...user, salt, hash });
      return user;
    },
    async checkPassword(email, password) {
      const u = byEmail(email);
      if (!u) return undefined;
      const hash = await scrypt(password, u.salt, 32);
      if (!crypto.timingSafeEqual(hash, Buffer.from(u.hash, 'hex'))) return undefined;
      u.lastSignInAt = new Date().toISOString();
      return plain(u);
    },
    async findUser({ id, email }) {
      const u = id ? users.get(id) : email ? byEmail(email) : undefined;
      return u && plain(u);
    },
    async createSession(userId) {
      const id = crypto.randomUUID();
      sessions.set(id, userId);
      return id;
    },
    async sessionLive(id) {
      return sessions.has(id);
    },
    async endSessions(userId, scope, sessionId) {
      for (const [id, owner] of sessions)
        if (owner === userId && (scope === 'global' || (scope === 'local') === (id === sessionId)))
          sessions.delete(id);
    },
    async liveSessions(userId) {
      return [...sessions.values()].filter((u) => u === userId).length;
    },
    async deleteUser(userId) {
      for (const [id, owner] of sessions) if (owner === userId) sessions.delete(id);
      return users.delete(userId);
    },
  };
}

/** Users in a Supabase-shaped database's auth schema, written as Supabase Auth's own role. */
function databaseStore(pool: pg.Pool): Store {
  async function asAuthAdmin<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query('set local role supabase_auth_admin');
      const result = await fn(c);
      await c.query('commit');
      return result;
    } catch (err) {
      await c.query('rollback').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }
  const columns = `id, email, raw_user_meta_data as meta, created_at, last_sign_in_at`;
  const toUser = (r: any): FakeAuthUser => ({
    id: r.id,
    email: r.email,
    userMetadata: r.meta ?? {},
    createdAt: new Date(r.created_at).toISOString(),
    lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
  });
  return {
    async createUser(email, password, meta) {
      // GoTrue hashes with bcrypt; pgcrypto's crypt() with a bf salt writes the same format.
      const { rows: h } = await pool.query<{ hash: string }>(
        `select extensions.crypt($1, extensions.gen_salt('bf', 4)) as hash`,
        [password],
      );
      return asAuthAdmin(async (c) => {
        const exists = await c.query(`select 1 from auth.users where email = $1 and is_sso_user = false`, [
          email,
        ]);
        if (exists.rowCount) return null;
        const id = crypto.randomUUID();
        const { rows } = await c.query(
          `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
             raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at)
           values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(),
             '{"provider":"email","providers":["email"]}', $4, now(), now(), now())
           returning ${columns}`,
          [id, email, h[0]!.hash, JSON.stringify(meta)],
        );
        await c.query(
          `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
           values ($1::text, $1::uuid, $2, 'email', now(), now(), now())`,
          [id, JSON.stringify({ sub: id, email, email_verified: false, phone_verified: false })],
        );
        return toUser(rows[0]);
      });
    },
    async checkPassword(email, password) {
      // GoTrue compares the bcrypt hash in Go; here pgcrypto does it (as the pool's user: Supabase
      // Auth's role has no access to the extensions schema).
      const { rows: match } = await pool.query<{ ok: boolean }>(
        `select encrypted_password = extensions.crypt($2, encrypted_password) as ok from auth.users where email = $1`,
        [email, password],
      );
      if (!match[0]?.ok) return undefined;
      return asAuthAdmin(async (c) => {
        const { rows } = await c.query(
          `update auth.users set last_sign_in_at = now() where email = $1 returning ${columns}`,
          [email],
        );
        return rows[0] ? toUser(rows[0]) : undefined;
      });
    },
    async findUser({ id, email }) {
      const { rows } = await pool.query(
        `select ${columns} from auth.users where ${id ? 'id = $1::uuid' : 'email = $1'}`,
        [id ?? email],
      );
      return rows[0] ? toUser(rows[0]) : undefined;
    },
    async createSession(userId) {
      const id = crypto.randomUUID();
      await asAuthAdmin((c) =>
        c.query(
          `insert into auth.sessions (id, user_id, created_at, updated_at, aal) values ($1, $2, now(), now(), 'aal1')`,
          [id, userId],
        ),
      );
      return id;
    },
    async sessionLive(id) {
      const { rowCount } = await pool.query(`select 1 from auth.sessions where id = $1`, [id]);
      return !!rowCount;
    },
    async endSessions(userId, scope, sessionId) {
      const where =
        scope === 'global'
          ? 'user_id = $1'
          : scope === 'local'
            ? 'user_id = $1 and id = $2'
            : 'user_id = $1 and id <> $2';
      await asAuthAdmin((c) =>
        c.query(
          `delete from auth.sessions where ${where}`,
          scope === 'global' ? [userId] : [userId, sessionId],
        ),
      );
    },
    async liveSessions(userId) {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from auth.sessions where user_id = $1`,
        [userId],
      );
      return rows[0]!.n;
    },
    async deleteUser(userId) {
      return asAuthAdmin(
        async (c) => !!(await c.query(`delete from auth.users where id = $1`, [userId])).rowCount,
      );
    },
  };
}

class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function startFakeSupabaseAuth(
  opts: { pool?: pg.Pool; jwtSecret?: string; accessTokenTtlSeconds?: number } = {},
): Promise<FakeSupabaseAuth> {
  const jwtSecret = opts.jwtSecret ?? `fake-supabase-jwt-secret-${crypto.randomBytes(16).toString('hex')}`;
  const key = new TextEncoder().encode(jwtSecret);
  const ttl = opts.accessTokenTtlSeconds ?? 3600;
  const store = opts.pool ? databaseStore(opts.pool) : memoryStore();
  // The legacy API keys: long-lived JWTs signed with the project secret, role anon / service_role.
  const apiKey = (role: string) =>
    new SignJWT({ iss: 'supabase', ref: 'fakeproject', role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('10y')
      .sign(key);
  const anonKey = await apiKey('anon');
  const serviceRoleKey = await apiKey('service_role');
  /** Refresh token → its session and whether it has been used (rotated). */
  const refreshTokens = new Map<string, { sessionId: string; userId: string; used: boolean }>();
  const requests: FakeSupabaseAuthRequest[] = [];
  let issuer = '';

  const toUserJson = (u: FakeAuthUser) => ({
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: u.createdAt,
    phone: '',
    confirmed_at: u.createdAt,
    last_sign_in_at: u.lastSignInAt,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: u.userMetadata,
    identities: [
      {
        identity_id: crypto.randomUUID(),
        id: u.id,
        user_id: u.id,
        identity_data: { email: u.email, email_verified: false, phone_verified: false, sub: u.id },
        provider: 'email',
        last_sign_in_at: u.createdAt,
        created_at: u.createdAt,
        updated_at: u.createdAt,
        email: u.email,
      },
    ],
    created_at: u.createdAt,
    updated_at: u.lastSignInAt ?? u.createdAt,
    is_anonymous: false,
  });

  async function session(user: FakeAuthUser, sessionId: string, method: string) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: user.userMetadata,
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method, timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(user.id)
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(key);
    const refreshToken = crypto.randomBytes(9).toString('base64url'); // GoTrue's are 12 characters
    refreshTokens.set(refreshToken, { sessionId, userId: user.id, used: false });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttl,
      expires_at: now + ttl,
      refresh_token: refreshToken,
      user: toUserJson(user),
    };
  }

  /** The caller of a Bearer access token whose session is live (GoTrue's requireAuthentication). */
  async function caller(req: http.IncomingMessage) {
    const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(m[1]!, key, { issuer, audience: 'authenticated' }));
    } catch {
      throw new AuthError(
        403,
        'bad_jwt',
        'invalid JWT: unable to parse or verify signature, token is invalid',
      );
    }
    const user = await store.findUser({ id: String(claims.sub) });
    if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    const sessionId = String(claims.session_id ?? '');
    if (!(await store.sessionLive(sessionId)))
      throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    return { user, sessionId };
  }

  async function readJson(req: http.IncomingMessage): Promise<Record<string, any>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!chunks.length) return {};
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body && typeof body === 'object') return body;
    } catch {
      /* below */
    }
    throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
  }

  const validEmail = (e: unknown): e is string =>
    typeof e === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e);

  async function route(req: http.IncomingMessage, url: URL, keyKind: FakeSupabaseAuthRequest['key']) {
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/auth/v1/health')
      return { status: 200, body: { version: 'fake', name: 'GoTrue', description: 'fake' } };
    if (req.method === 'GET' && path === '/auth/v1/settings')
      return {
        status: 200,
        body: {
          external: { email: true },
          disable_signup: false,
          mailer_autoconfirm: true,
          phone_autoconfirm: false,
        },
      };
    if (req.method === 'POST' && path === '/auth/v1/signup') {
      const body = await readJson(req);
      if (!validEmail(body.email))
        throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
      if (typeof body.password !== 'string' || body.password.length < 6)
        throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', {
          weak_password: { reasons: ['length'] },
        });
      const email = body.email.toLowerCase();
      // GoTrue adds the email identity's claims to the metadata the client sent.
      const meta = { ...(body.data ?? {}), email, email_verified: false, phone_verified: false };
      const user = await store.createUser(email, body.password, meta);
      if (!user) throw new AuthError(422, 'user_already_exists', 'User already registered');
      const withSub = { ...user, userMetadata: { ...user.userMetadata, sub: user.id } };
      return { status: 200, body: await session(withSub, await store.createSession(user.id), 'password') };
    }
    if (req.method === 'POST' && path === '/auth/v1/token') {
      const grant = url.searchParams.get('grant_type');
      const body = await readJson(req);
      if (grant === 'password') {
        const email = typeof body.email === 'string' ? body.email.toLowerCase() : '';
        const user = email && (await store.checkPassword(email, String(body.password ?? '')));
        if (!user) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
        return { status: 200, body: await session(user, await store.createSession(user.id), 'password') };
      }
      if (grant === 'refresh_token') {
        const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
        if (!token) throw new AuthError(400, 'validation_failed', 'refresh_token required');
        const found = refreshTokens.get(token);
        const user = found && (await store.findUser({ id: found.userId }));
        if (!found || !user || !(await store.sessionLive(found.sessionId)))
          throw new AuthError(
            400,
            'refresh_token_not_found',
            'Invalid Refresh Token: Refresh Token Not Found',
          );
        if (found.used) {
          // Reuse of a rotated token: the whole session is revoked (GoTrue's reuse detection).
          await store.endSessions(found.userId, 'local', found.sessionId);
          throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        }
        found.used = true;
        return { status: 200, body: await session(user, found.sessionId, 'token_refresh') };
      }
      throw new AuthError(400, 'unsupported_grant_type', 'unsupported_grant_type');
    }
    if (req.method === 'GET' && path === '/auth/v1/user') {
      const { user } = await caller(req);
      return { status: 200, body: toUserJson(user) };
    }
    if (req.method === 'POST' && path === '/auth/v1/logout') {
      const scope = url.searchParams.get('scope') ?? 'global';
      if (!['global', 'local', 'others'].includes(scope))
        throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
      const { user, sessionId } = await caller(req);
      await store.endSessions(user.id, scope as 'global', sessionId);
      return { status: 204, body: undefined };
    }
    const admin = /^\/auth\/v1\/admin\/users\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && admin) {
      // The admin API needs the service_role key as the Bearer token (its role claim is checked).
      const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (keyKind !== 'service_role' || bearer !== serviceRoleKey)
        throw new AuthError(403, 'not_admin', 'User not allowed');
      const id = decodeURIComponent(admin[1]!);
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AuthError(404, 'user_not_found', 'User not found');
      await readJson(req); // { should_soft_delete }
      if (!(await store.deleteUser(id))) throw new AuthError(404, 'user_not_found', 'User not found');
      for (const [t, v] of refreshTokens) if (v.userId === id) refreshTokens.delete(t);
      return { status: 200, body: {} };
    }
    throw new AuthError(404, 'not_found', 'Not found');
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers':
        'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
      'access-control-expose-headers': 'x-supabase-api-version',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const given = req.headers.apikey;
    const keyKind =
      given === undefined
        ? 'none'
        : given === anonKey
          ? 'anon'
          : given === serviceRoleKey
            ? 'service_role'
            : 'wrong';
    let status: number;
    let body: unknown;
    try {
      // Supabase's gateway: no API key, or not this project's, and the request never reaches Auth.
      if (keyKind === 'none') throw new AuthError(401, 'no_api_key', 'No API key found in request');
      if (keyKind === 'wrong') throw new AuthError(401, 'invalid_api_key', 'Invalid API key');
      ({ status, body } = await route(req, url, keyKind));
    } catch (err) {
      if (err instanceof AuthError) {
        status = err.status;
        body = { code: err.code, message: err.message, ...err.extra };
      } else {
        status = 500;
        body = { code: 'unexpected_failure', message: String((err as Error)?.message ?? err) };
      }
    }
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      status,
      key: keyKind,
      apiVersion: req.headers['x-supabase-api-version'] as string | undefined,
    });
    const headers = { ...cors, 'x-supabase-api-version': '2024-01-01' };
    if (body === undefined) res.writeHead(status, headers).end();
    else res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  issuer = `${url}/auth/v1`;
  return {
    url,
    issuer,
    jwtSecret,
    anonKey,
    serviceRoleKey,
    requests,
    findUser: (email) => store.findUser({ email: email.toLowerCase() }),
    liveSessions: (userId) => store.liveSessions(userId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
