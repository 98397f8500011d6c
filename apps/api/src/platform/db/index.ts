// The database behind one small interface: PGlite embedded on disk by default, PostgreSQL when
// DATABASE_URL is set. Both are reached through node-postgres (`pg.Pool`) and Kysely, so the app
// speaks one dialect and sees the same type parsing on both.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, Kysely, sql, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { UUID } from './values.ts';

export type { DB } from './schema.ts';
export type Tx = Transaction<DB>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Privileged handle (the connection's own role): migrations, auth, jobs' bookkeeping. Bypasses RLS. */
  admin: Kysely<DB>;
  pool: pg.Pool;
  /**
   * Runs `fn` in one transaction as the non-superuser `authenticated` role with the caller's id set,
   * so row-level-security policies apply (`auth.uid()` reads the id).
   */
  asUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Readiness: a request's own path works — a transaction as the `authenticated` role with a
   * caller's claim, running a parameterised (so prepared) statement. A server whose requests fail
   * is never reported ready.
   */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  pgliteDir?: string;
  poolMax?: number;
  /** Named prepared statements (default true); false behind a pooler that cannot keep them (see PreparingClient). */
  prepare?: boolean;
}

// int8 (counts, sums) as JS numbers: every int8 here is far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

// Statement names by SQL text: the app's own queries, so the set is bounded; past the cap a new
// text simply runs unnamed.
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `cc_${crypto.createHash('sha1').update(text).digest('hex')}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs every parameterised query as a named prepared statement, so PostgreSQL parses and plans each
 * distinct SQL text once per connection instead of on every request — planning a page of messages
 * under RLS costs the database ~0.5 ms, more than running it (bench/PERFORMANCE.md §7). Queries
 * without parameters (begin, commit, migrations' multi-statement files) stay on the simple protocol.
 * Turn off (DATABASE_PREPARE=false) behind a transaction-mode pooler without prepared-statement support.
 */
class PreparingClient extends pg.Client {
  // pg's overloads are many; Kysely calls query(text, values).
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(config);
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      ...(opts.prepare === false ? {} : { Client: PreparingClient }),
      connectionString: opts.url,
      max: opts.poolMax ?? 20,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A dropped connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return wrap('postgres', pool, async () => pool.end());
  }
  return openPglite(opts.pgliteDir, opts.prepare !== false);
}

async function openPglite(dir: string | undefined, prepare: boolean): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  // btree_gin: document search's (learner, words) index (migrations/0018_document_ranking.sql).
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (dir && !dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create({ dataDir: dir, extensions: { vector, btree_gin } });
  // PGlite is single-connection. A private Unix socket (in a 0700 temp dir) lets node-postgres talk
  // to it; the pool holds one connection, so transactions are serialised rather than interleaved.
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-pg-'));
  const server = new PGLiteSocketServer({
    db: lite,
    path: path.join(sockDir, '.s.PGSQL.5432'),
    maxConnections: 4,
  });
  await server.start();
  const pool = new pg.Pool({
    ...(prepare ? { Client: PreparingClient } : {}),
    host: sockDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    // The one connection is in-process: closing it when idle saves nothing.
    idleTimeoutMillis: 0,
    // PGlite is ONE session behind the socket, kept across connections: a new connection (after a
    // socket error, say) finds the old one's named prepared statements still there while node-postgres
    // believes none are, and re-preparing them fails with "already exists". Start each connection clean.
    // pg-pool awaits this hook (and drops the connection if it fails); @types/pg still types it void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: async (client) => {
      await client.query('deallocate all');
    },
  });
  pool.on('error', () => {});
  return wrap('pglite', pool, async () => {
    await pool.end();
    await server.stop();
    await lite.close();
    fs.rmSync(sockDir, { recursive: true, force: true });
  });
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Opens an asUser transaction in ONE round trip: `begin` and the role switch + caller claim go as
 * one simple-protocol message instead of two (a request's transaction is then 3 round trips, not
 * 4; see bench/PERFORMANCE.md). The id is a strictly validated UUID, so it can be a literal.
 *
 * The caller is set both ways PostgREST has used: `request.jwt.claim.sub` (read by the built-in
 * auth.uid()) and `request.jwt.claims`, the JSON of the claims (read by Supabase's auth.uid(),
 * auth.role() and auth.jwt() on a Supabase database, and by policies written the Supabase way).
 */
const beginAs = (userId: string) =>
  CompiledQuery.raw(
    `begin; select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', '${userId}', true), ` +
      `set_config('request.jwt.claims', '{"sub":"${userId}","role":"authenticated"}', true)`,
  );

function wrap(kind: Database['kind'], pool: pg.Pool, closeAll: () => Promise<void>): Database {
  const admin = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  // A transaction written out on one connection rather than Kysely's transaction(), whose driver
  // could only learn the user through an AsyncLocalStorage: on Node 20 entering one turns on async
  // hooks for every promise in the process, ~10 µs per streamed piece and ~0.5 ms per chat turn
  // (bench/PERFORMANCE.md §10). The role and the claim die with the transaction.
  const asUser: Database['asUser'] = (userId, fn) => {
    if (!UUID.test(userId)) return Promise.reject(new Error('asUser: the user id must be a UUID'));
    return admin.connection().execute(async (conn) => {
      try {
        await conn.executeQuery(beginAs(userId));
        const result = await fn(conn as unknown as Tx);
        await conn.executeQuery(CompiledQuery.raw('commit'));
        return result;
      } catch (err) {
        // Never hand the connection back inside the transaction (a no-op if it was not begun or already
        // ended). A rollback can only fail on a connection that is gone: the first failure is the news.
        await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
        throw err;
      }
    });
  };
  return {
    kind,
    admin,
    pool,
    asUser,
    async ready() {
      try {
        // As the nil UUID (nobody): reads the users table through RLS, by primary key, so it finds nothing.
        const row = await asUser(NIL_UUID, (tx) =>
          sql<{
            ok: number;
            role: string;
          }>`select ${1}::int as ok, current_user as role from (select count(*) from users where id = ${NIL_UUID}::uuid) seen`.execute(
            tx,
          ),
        );
        return row.rows[0]?.ok === 1 && row.rows[0]?.role === 'authenticated';
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeAll();
    },
  };
}
