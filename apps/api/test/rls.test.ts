// Row-level security is what keeps learners apart, not WHERE clauses: these queries run as the
// app's database role (`authenticated`) with a caller's id, exactly as requests do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import crypto from 'node:crypto';
import { createTestDatabase, insertTestUser, type TestDatabase } from './harness.ts';

let t: TestDatabase;
const A = crypto.randomUUID();
const B = crypto.randomUUID();
let sessionA: string;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [id, email] of [
    [A, `a-${A}@example.com`],
    [B, `b-${B}@example.com`],
  ] as const) {
    await insertTestUser(t.db, { id, email });
  }
  sessionA = crypto.randomUUID();
  await t.db.asUser(A, async (tx) => {
    await sql`select save_chat_message(${sessionA}::uuid, ${A}::uuid, 'hello from A', 'user')`.execute(tx);
    await tx.insertInto('learning_paths').values({ user_id: A, title: 'A path', lessons: '[]' }).execute();
  });
  await t.db.asUser(B, async (tx) => {
    await sql`select save_chat_message(${crypto.randomUUID()}::uuid, ${B}::uuid, 'hello from B', 'user')`.execute(
      tx,
    );
  });
});
afterAll(async () => t?.drop());

describe('row-level security', () => {
  it('runs requests as the non-superuser authenticated role', async () => {
    const who = await t.db.asUser(A, (tx) =>
      sql<{ u: string; uid: string }>`select current_user as u, auth.uid()::text as uid`.execute(tx),
    );
    expect(who.rows[0]).toEqual({ u: 'authenticated', uid: A });
  });

  it('a query that forgets its user_id filter still returns only the caller’s rows', async () => {
    const rows = await t.db.asUser(A, (tx) =>
      tx.selectFrom('chat_messages').select(['user_id', 'content']).execute(),
    );
    expect(rows).toEqual([{ user_id: A, content: 'hello from A' }]);
    const sessions = await t.db.asUser(B, (tx) => tx.selectFrom('chat_sessions').select('user_id').execute());
    expect(sessions.map((s) => s.user_id)).toEqual([B]);
    const users = await t.db.asUser(B, (tx) => tx.selectFrom('users').select('id').execute());
    expect(users.map((u) => u.id)).toEqual([B]);
    const paths = await t.db.asUser(B, (tx) => tx.selectFrom('learning_paths').select('id').execute());
    expect(paths).toEqual([]);
  });

  it('without a caller id, nothing is visible', async () => {
    const rows = await t.db.admin.transaction().execute(async (tx) => {
      await sql`select set_config('role', 'authenticated', true)`.execute(tx);
      return tx.selectFrom('chat_messages').select('id').execute();
    });
    expect(rows).toEqual([]);
  });

  it('B cannot insert a message as A, nor into A’s session', async () => {
    await expect(
      t.db.asUser(B, (tx) =>
        tx
          .insertInto('chat_messages')
          .values({ session_id: sessionA, user_id: A, content: 'x', role: 'user', metadata: '{}' })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(B, (tx) =>
        tx
          .insertInto('chat_messages')
          .values({ session_id: sessionA, user_id: B, content: 'x', role: 'user', metadata: '{}' })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(B, (tx) =>
        tx.insertInto('learning_paths').values({ user_id: A, title: 'planted', lessons: '[]' }).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('B cannot update or delete A’s rows (they are invisible, so nothing changes)', async () => {
    const upd = await t.db.asUser(B, (tx) =>
      tx.updateTable('chat_messages').set({ content: 'pwned' }).executeTakeFirst(),
    );
    const del = await t.db.asUser(B, (tx) => tx.deleteFrom('learning_paths').executeTakeFirst());
    const upUser = await t.db.asUser(B, (tx) =>
      tx.updateTable('users').set({ bio: 'pwned' }).where('id', '=', A).executeTakeFirst(),
    );
    expect(Number(upUser.numUpdatedRows)).toBe(0);
    expect(Number(del.numDeletedRows)).toBe(0);
    // B's own message was the only one B could touch.
    expect(Number(upd.numUpdatedRows)).toBe(1);
    const a = await t.db.admin
      .selectFrom('chat_messages')
      .select('content')
      .where('user_id', '=', A)
      .execute();
    expect(a).toEqual([{ content: 'hello from A' }]);
    expect(
      (await t.db.admin.selectFrom('learning_paths').select('id').where('user_id', '=', A).execute()).length,
    ).toBe(1);
  });

  it('a learner cannot write their own XP or tutor flag directly', async () => {
    await expect(
      t.db.asUser(A, (tx) =>
        tx
          .updateTable('users')
          .set({ xp: 999999 } as any)
          .where('id', '=', A)
          .execute(),
      ),
    ).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      t.db.asUser(A, (tx) =>
        tx
          .updateTable('users')
          .set({ is_tutor: true } as any)
          .where('id', '=', A)
          .execute(),
      ),
    ).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('cannot read the auth schema', async () => {
    await expect(
      t.db.asUser(A, (tx) => tx.selectFrom('auth.users').select('email').execute()),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('save_chat_message and increment_user_xp check auth.uid()', () => {
  it('refuses to save a message for someone else, or into someone else’s session', async () => {
    await expect(
      t.db.asUser(B, (tx) =>
        sql`select save_chat_message(${crypto.randomUUID()}::uuid, ${A}::uuid, 'x', 'user')`.execute(tx),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(B, (tx) =>
        sql`select save_chat_message(${sessionA}::uuid, ${B}::uuid, 'takeover', 'user')`.execute(tx),
      ),
    ).rejects.toMatchObject({ code: 'CC404' });
    const msgs = await t.db.admin
      .selectFrom('chat_messages')
      .select('content')
      .where('session_id', '=', sessionA)
      .execute();
    expect(msgs).toEqual([{ content: 'hello from A' }]);
  });

  it('creates the session when absent and bumps updated_at', async () => {
    const sid = crypto.randomUUID();
    const id = await t.db.asUser(A, async (tx) => {
      const r = await sql<{
        id: string;
      }>`select save_chat_message(${sid}::uuid, ${A}::uuid, 'new', 'user') as id`.execute(tx);
      return r.rows[0]!.id;
    });
    const row = await t.db.admin
      .selectFrom('chat_messages')
      .select(['session_id', 'user_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ session_id: sid, user_id: A });
  });

  it('increments only the caller’s XP (through the award_xp ledger; increment_user_xp is not callable directly)', async () => {
    const xp = await t.db.asUser(A, (tx) =>
      sql<{ xp: number }>`select xp from award_xp(${A}::uuid, 'rls-test', 15, 'bonus')`.execute(tx),
    );
    expect(xp.rows[0]!.xp).toBe(15);
    await expect(
      t.db.asUser(A, (tx) => sql`select increment_user_xp(${A}::uuid, 15)`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(B, (tx) => sql`select award_xp(${A}::uuid, 'rls-test-b', 15, 'bonus')`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    const a = await t.db.admin.selectFrom('users').select('xp').where('id', '=', A).executeTakeFirstOrThrow();
    expect(a.xp).toBe(15);
  });
});
