// A Supabase project as the tests see it: the database shape (fresh-project.sql, loaded into each
// test database) and Supabase Auth's side of a sign-up — the user written into auth.users by
// Supabase Auth's own role, and an access token signed the way Supabase Auth signs it: HS256 with
// the project's JWT secret, or ES256 with a key published in the project's JWKS (two keys, as
// during a key rotation, and tokens signed with either).
//
// TEST_AUTH_MODE=supabase-hs256 | supabase-es256 runs the integration suite this way (with
// TEST_DATABASE_URL: the shape needs PostgreSQL).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type pg from 'pg';

export type TestAuthMode = 'embedded' | 'supabase-hs256' | 'supabase-es256';
const mode = (process.env.TEST_AUTH_MODE ?? 'embedded') as TestAuthMode;
if (!['embedded', 'supabase-hs256', 'supabase-es256'].includes(mode))
  throw new Error(`TEST_AUTH_MODE must be embedded, supabase-hs256 or supabase-es256 (got ${mode})`);
if (mode !== 'embedded' && !process.env.TEST_DATABASE_URL)
  throw new Error(
    `TEST_AUTH_MODE=${mode} needs TEST_DATABASE_URL: the Supabase-shaped database is PostgreSQL`,
  );
export const testAuthMode = mode;
/** The suite runs against a Supabase-shaped database with Supabase Auth's tokens. */
export const usingSupabase = mode !== 'embedded';

export const FIXTURE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fresh-project.sql');
/** Loads the fresh-project fixture into an empty database (as a superuser). */
export async function loadSupabaseFixture(client: pg.Client | pg.PoolClient) {
  const text = fs.readFileSync(FIXTURE_FILE, 'utf8');
  for (let attempt = 1; ; attempt++) {
    try {
      // One simple-protocol batch: one implicit transaction, so a failed load leaves nothing.
      await client.query(text);
      return;
    } catch (err) {
      // Parallel test files creating the same cluster-wide roles at once ("tuple concurrently updated", duplicates).
      const code = (err as { code?: string }).code;
      if (attempt >= 8 || !['XX000', '23505', '42710', '40001', '40P01'].includes(code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** The project's legacy JWT secret (HS256). */
export const SUPABASE_JWT_SECRET = 'test-supabase-project-jwt-secret-with-more-than-32-chars';
export const SUPABASE_ISSUER = 'http://127.0.0.1:54321/auth/v1';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}
let jwks: Promise<{ url: string; keys: SigningKey[] }> | undefined;

/**
 * The project's JWKS endpoint (`/auth/v1/.well-known/jwks.json`), served in this process: two
 * ES256 keys, the current one and the next (or previous) one of a rotation.
 */
export function supabaseJwks() {
  jwks ??= (async () => {
    const keys: SigningKey[] = [];
    for (let i = 0; i < 2; i++) {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = crypto.randomUUID();
      keys.push({
        kid,
        privateKey,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] },
      });
    }
    const body = JSON.stringify({ keys: keys.map((k) => k.publicJwk) });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=600' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    server.unref();
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`, keys };
  })();
  return jwks;
}

/** The server's environment for the chosen mode (empty for the built-in auth). */
export async function supabaseServerEnv(): Promise<Record<string, string>> {
  if (mode === 'supabase-hs256')
    return { AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET, SUPABASE_JWT_ISSUER: SUPABASE_ISSUER };
  if (mode === 'supabase-es256')
    return {
      AUTH_MODE: 'supabase',
      SUPABASE_JWKS_URL: (await supabaseJwks()).url,
      SUPABASE_JWT_ISSUER: SUPABASE_ISSUER,
    };
  return {};
}

let signed = 0;
/** An access token with Supabase Auth's claims, signed as the chosen mode does (ES256 alternates keys). */
export async function mintSupabaseToken(
  user: { id: string; email: string; sessionId: string; userMetadata?: Record<string, unknown> },
  opts: { expiresIn?: number; kid?: string; alg?: 'HS256' | 'ES256'; privateKey?: CryptoKey } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    email: user.email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: user.userMetadata ?? {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: user.sessionId,
    is_anonymous: false,
  })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(SUPABASE_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 3600));
  if ((opts.alg ?? (mode === 'supabase-es256' ? 'ES256' : 'HS256')) === 'ES256') {
    const { keys } = await supabaseJwks();
    const key = (opts.kid && keys.find((k) => k.kid === opts.kid)) || keys[signed++ % keys.length]!;
    return jwt
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: opts.kid ?? key.kid })
      .sign(opts.privateKey ?? key.privateKey);
  }
  return jwt
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(SUPABASE_JWT_SECRET));
}

/**
 * Supabase Auth's side of an email sign-up: the user, their email identity and a session, written
 * as Supabase Auth's own database role (so ChitChat's trigger on auth.users runs as it would there).
 */
export async function createSupabaseAuthUser(
  pool: pg.Pool,
  input: { email: string; password: string; displayName?: string; id?: string },
) {
  const id = input.id ?? crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const userMetadata = input.displayName ? { display_name: input.displayName } : {};
  const c = await pool.connect();
  try {
    await c.query('begin');
    const { rows } = await c.query<{ hash: string }>(
      `select extensions.crypt($1, extensions.gen_salt('bf', 4)) as hash`,
      [input.password],
    );
    await c.query('set local role supabase_auth_admin');
    await c.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
         raw_user_meta_data, created_at, updated_at, last_sign_in_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(),
         '{"provider":"email","providers":["email"]}', $4, now(), now(), now())`,
      [id, input.email, rows[0]!.hash, JSON.stringify(userMetadata)],
    );
    await c.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       values ($1::text, $1::uuid, $2, 'email', now(), now(), now())`,
      [id, JSON.stringify({ sub: id, email: input.email, email_verified: true })],
    );
    await c.query(
      `insert into auth.sessions (id, user_id, created_at, updated_at, aal) values ($1, $2, now(), now(), 'aal1')`,
      [sessionId, id],
    );
    await c.query('commit');
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
  const token = await mintSupabaseToken({ id, email: input.email, sessionId, userMetadata });
  return { id, sessionId, token };
}

let otherEcKey: Promise<CryptoKey> | undefined;
/**
 * A token as the server under test would accept it, with changes: signed with the built-in
 * secret (issuer `chitchat`), or in Supabase mode with the project's secret or first JWKS key
 * (Supabase's issuer). `wrongKey` signs with another secret or EC key under the same header.
 */
export async function signTestToken(
  input: { sub: string; sessionId: string; email?: string; claims?: Record<string, unknown> },
  opts: {
    builtInSecret: string;
    iat?: number;
    exp?: number;
    nbf?: number;
    wrongKey?: boolean | string;
    alg?: string;
    header?: Record<string, unknown>;
  },
) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { email: input.email, role: 'authenticated', session_id: input.sessionId, ...input.claims };
  let jwt = new SignJWT(claims)
    .setSubject(String(input.claims?.sub ?? input.sub))
    .setAudience(String(input.claims?.aud ?? 'authenticated'))
    .setIssuer(String(input.claims?.iss ?? (usingSupabase ? SUPABASE_ISSUER : 'chitchat')))
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 600);
  if (opts.nbf) jwt = jwt.setNotBefore(opts.nbf);
  const alg = opts.alg ?? (mode === 'supabase-es256' ? 'ES256' : 'HS256');
  if (alg === 'ES256') {
    const { keys } = await supabaseJwks();
    otherEcKey ??= generateKeyPair('ES256').then((k) => k.privateKey);
    return jwt
      .setProtectedHeader({ alg, typ: 'JWT', kid: keys[0]!.kid, ...opts.header })
      .sign(opts.wrongKey ? await otherEcKey : keys[0]!.privateKey);
  }
  const secret =
    typeof opts.wrongKey === 'string'
      ? opts.wrongKey
      : opts.wrongKey
        ? 'another-secret-another-secret-another-secret'
        : usingSupabase
          ? SUPABASE_JWT_SECRET
          : opts.builtInSecret;
  return jwt.setProtectedHeader({ alg, typ: 'JWT', ...opts.header }).sign(new TextEncoder().encode(secret));
}
