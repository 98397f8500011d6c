// The connection life cycle of the embedded database. PGlite is ONE PostgreSQL session behind a
// socket: a connection that closes and a new one that opens share that session, so whatever the
// first left behind (named prepared statements) is still there for the second. This used to turn
// every request into a 500 `prepared statement "cc_…" already exists` after 10 s of idle, when the
// pool closed its idle connection and the next one re-prepared the same statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from './index.ts';
import { migrate } from './migrate.ts';

const someone = '00000000-0000-4000-8000-000000000001';
const queryAsUser = (db: Database, n: number) =>
  db.asUser(
    someone,
    async (tx) => (await sql<{ n: number }>`select ${n}::int + 1 as n`.execute(tx)).rows[0]?.n,
  );

describe('embedded database connections', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db.pool);
  });
  afterAll(() => db.close());

  it('keeps answering prepared statements after its connection is closed and reopened', async () => {
    expect(await queryAsUser(db, 1)).toBe(2);
    // What the pool does after idleTimeoutMillis (or after a socket error): the connection goes away.
    const client = await db.pool.connect();
    client.release(true);
    expect(db.pool.totalCount).toBe(0);
    // The next request opens a new connection to the same PGlite session.
    expect(await queryAsUser(db, 2)).toBe(3);
    expect(await db.ready()).toBe(true);
  });

  it('is ready only while a request could run: the authenticated role can read through RLS', async () => {
    expect(await db.ready()).toBe(true);
    await sql`revoke select on public.users from authenticated`.execute(db.admin);
    try {
      expect(await db.ready()).toBe(false);
    } finally {
      await sql`grant select on public.users to authenticated`.execute(db.admin);
    }
    expect(await db.ready()).toBe(true);
  });

  it('does not close its one connection when idle', () => {
    expect(db.pool.options.idleTimeoutMillis).toBe(0);
  });
});
