// Integration-test harness: a real server on a real port, over a real database.
// - Database: PGlite in memory by default; a fresh throwaway PostgreSQL database (created and
//   dropped here) when TEST_DATABASE_URL is set.
// - Cache/limits: in-memory by default; Redis under a unique key prefix when TEST_REDIS_URL is set.
// - AI: the offline engine, unless a test asks for another provider; with TEST_AI_PROVIDER=local
//   every server runs the local provider on a tiny random-weight model written here (never a
//   download), so the feature suites can run once more through the local path.
// Tests isolate themselves by creating their own users, never by relying on earlier state.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import { createContext, closeContext, type AppContext } from '../src/context.ts';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { connectRedis } from '../src/platform/cache/index.ts';
import type { LocalProvider } from '../src/platform/ai/local/index.ts';
import { writeTinyGguf } from './local/tiny-gguf.ts';
import { afterAll, beforeEach } from 'vitest';
import { startFakeGemini, type FakeGemini } from './fakes/gemini.ts';
import {
  createSupabaseAuthUser,
  loadSupabaseFixture,
  supabaseServerEnv,
  testAuthMode,
  usingSupabase,
} from './supabase/project.ts';

export { testAuthMode, usingSupabase };

export const usingPostgres = !!process.env.TEST_DATABASE_URL;
export const usingRedis = !!process.env.TEST_REDIS_URL;
export const usingLocalModel = process.env.TEST_AI_PROVIDER === 'local';

let tinyModels:
  | { chat: ReturnType<typeof writeTinyGguf>; embed: ReturnType<typeof writeTinyGguf>; dir: string }
  | undefined;
/** The tiny chat and embedding models (written once per test process). */
export function tinyModelFiles() {
  if (!tinyModels) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-tiny-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    tinyModels = {
      dir,
      chat: writeTinyGguf(path.join(dir, 'tiny-chat.gguf'), { embedding: 64 }),
      embed: writeTinyGguf(path.join(dir, 'tiny-embed.gguf'), { embedding: 32, layers: 1, seed: 2 }),
    };
  }
  return tinyModels;
}

/** Environment for a server on the local provider with the tiny models (one thread: CI is busy). */
export function localModelEnv(): Record<string, string> {
  const m = tinyModelFiles();
  return {
    AI_PROVIDER: 'local',
    AI_MODEL_PATH: m.chat.file,
    AI_EMBED_MODEL_PATH: m.embed.file,
    AI_LOCAL_THREADS: '1',
    AI_LOCAL_GPU: 'off',
    AI_LOCAL_CONTEXT_TOKENS: '4096',
  };
}

export interface TestDatabase {
  db: Database;
  url?: string;
  drop(): Promise<void>;
}

/** A migrated database of its own: PGlite in memory, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const db = await openDatabase({});
    await migrate(db.pool);
    return { db, drop: () => db.close() };
  }
  const name = `chitchat_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  if (usingSupabase) {
    // What a fresh Supabase project's database holds before ChitChat's first migration.
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await loadSupabaseFixture(c);
    } finally {
      await c.end();
    }
  }
  const db = await openDatabase({ url: url.toString(), poolMax: 10 });
  await migrate(db.pool);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  config: Config;
  logs: string[];
  dataDir: string;
  /** Every route the app registered (method, url, zod schema): the security tests' route table. */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/**
 * Starts the whole API on 127.0.0.1:<random port>. Pass `db` to share one database between
 * servers in a file (PGlite costs ~0.5 GB and ~2 s per instance).
 */
export async function startServer(
  opts: { env?: Record<string, string>; db?: Database; waitForAi?: boolean } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-test-'));
  const prefix = `chitchat-test:${crypto.randomBytes(6).toString('hex')}:`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SERVE_WEB: 'false',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    // Never the default (a download of a real model): offline, or the tiny local model, unless the
    // test chose a provider itself (a Gemini or OpenAI-compatible fake, AI_PROVIDER).
    ...(['AI_PROVIDER', 'GEMINI_API_KEY', 'AI_BASE_URL'].some((k) => opts.env?.[k])
      ? {}
      : usingLocalModel
        ? localModelEnv()
        : { AI_PROVIDER: 'offline' }),
    ...(usingRedis ? { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_PREFIX: prefix } : {}),
    // TEST_AUTH_MODE=supabase-*: Supabase Auth's tokens, unless the test chose an auth mode itself.
    ...(['AUTH_MODE', 'SUPABASE_JWT_SECRET', 'SUPABASE_JWKS_URL'].some((k) => opts.env?.[k])
      ? {}
      : await supabaseServerEnv()),
    ...opts.env,
  });
  const ownDb = opts.db ? undefined : await createTestDatabase();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  // The local provider logs its set-up (one line on failure) into the same list.
  const line = (level: number) => (obj: object, msg: string) =>
    logs.push(JSON.stringify({ level, ...obj, msg }));
  const aiLog = { info: line(30), warn: line(40), error: line(50) };
  const ctx = await createContext(config, {
    db: opts.db ?? ownDb!.db,
    skipMigrations: true,
    aiOptions: { local: { log: aiLog } },
  });
  // A local model is set up in the background; tests start once it has finished (or failed).
  if (opts.waitForAi !== false) await (ctx.ai as Partial<LocalProvider>).settled;
  const routes: RouteOptions[] = [];
  const app = await buildApp(ctx, { logStream, onRoute: (r) => routes.push(r) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  serverPools.set(url, ctx.db.pool);
  return {
    app,
    ctx,
    config,
    logs,
    dataDir,
    routes,
    url,
    async close() {
      serverPools.delete(url);
      await app.close();
      await ctx.ai.close?.();
      if (usingRedis) await deleteRedisKeys(prefix);
      await ctx.store.close();
      if (ownDb) await ownDb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function deleteRedisKeys(prefix: string) {
  const redis = connectRedis(process.env.TEST_REDIS_URL!);
  try {
    await new Promise((r) => redis.once('ready', r));
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export { closeContext };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client bound to one server and (optionally) one user's access token. */
export function client(baseUrl: string, token?: string) {
  async function call<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(baseUrl + url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
  return {
    get: <T = any>(url: string, headers?: Record<string, string>) => call<T>('GET', url, undefined, headers),
    post: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', url, body ?? {}, headers),
    put: <T = any>(url: string, body?: unknown) => call<T>('PUT', url, body ?? {}),
    patch: <T = any>(url: string, body?: unknown) => call<T>('PATCH', url, body ?? {}),
    delete: <T = any>(url: string) => call<T>('DELETE', url),
    call,
    /** Fetches a URL the API handed out (signed storage URLs: absolute, or relative to the API's origin), without the token. */
    fetchUrl: (url: string, init?: RequestInit) => fetch(new URL(url, baseUrl), init),
  };
}

/**
 * A users row written straight into the database (tests below the HTTP API). On a Supabase-shaped
 * database it comes, as there, from the auth user Supabase Auth creates.
 */
export async function insertTestUser(
  db: Database,
  values: { id: string; email: string; preferences?: string },
) {
  if (usingSupabase) {
    await createSupabaseAuthUser(db.pool, {
      id: values.id,
      email: values.email,
      password: 'correct horse battery staple',
    });
    if (values.preferences)
      await db.admin
        .updateTable('users')
        .set({ preferences: values.preferences })
        .where('id', '=', values.id)
        .execute();
    return;
  }
  await db.admin
    .insertInto('users')
    .values({ preferences: '{}', ...values })
    .execute();
}

/** Each running test server's database, by URL: in Supabase mode sign-up writes auth.users there. */
const serverPools = new Map<string, pg.Pool>();

let counter = 0;
/**
 * Signs up a fresh user; returns their id, token and a client bound to them. With the built-in
 * auth through POST /auth/v1/signup; with TEST_AUTH_MODE=supabase-* as Supabase Auth would (the
 * user in auth.users, a token signed with the project's secret or key), since Supabase Auth, not
 * this server, owns sign-up there. `refreshToken` is then empty: refreshing is Supabase's.
 */
export async function signUp(server: { url: string }, name = 'learner') {
  const email = `${name}-${Date.now()}-${counter++}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  if (usingSupabase) {
    const pool = serverPools.get(server.url);
    if (!pool)
      throw new Error(
        `signUp: ${server.url} is not a server started by startServer(), so its database is unknown`,
      );
    const { id, token } = await createSupabaseAuthUser(pool, { email, password, displayName: name });
    return { id, email, password, token, refreshToken: '', api: client(server.url, token) };
  }
  const res = await client(server.url).post('/auth/v1/signup', {
    email,
    password,
    data: { display_name: name },
  });
  if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token: string = res.body.access_token;
  return {
    id: res.body.user.id as string,
    email,
    password,
    token,
    refreshToken: res.body.refresh_token as string,
    api: client(server.url, token),
  };
}
export type TestUser = Awaited<ReturnType<typeof signUp>>;

/** The error shape every failure must have. */
export function expectErrorShape(body: any) {
  if (
    !body ||
    typeof body !== 'object' ||
    !body.error ||
    typeof body.error.code !== 'string' ||
    typeof body.error.message !== 'string'
  )
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
}

/**
 * For a test file whose AI is the real Gemini provider against the fake Gemini server: starts both
 * (top-level await), closes them after the file and resets the fake's script before each test.
 */
export async function startServerWithFakeGemini(): Promise<{ gemini: FakeGemini; server: TestServer }> {
  const gemini = await startFakeGemini();
  const server = await startServer({
    env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_RETRY_BASE_MS: '1' },
  });
  afterAll(async () => {
    await server.close();
    await gemini.close();
  });
  beforeEach(() => gemini.reset());
  return { gemini, server };
}
