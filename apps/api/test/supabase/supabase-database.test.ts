// ChitChat's migrations on a database shaped like a fresh Supabase project's (fresh-project.sql):
// they apply from empty and again on the migrated database, use Supabase's auth as it is (never
// creating, altering or replacing what Supabase owns), grant exactly what they grant on plain
// PostgreSQL, and tie ChitChat's users to Supabase Auth's: created with them, deleted with them.
// Needs PostgreSQL (TEST_DATABASE_URL); runs in every PostgreSQL pass, whatever TEST_AUTH_MODE.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';
import { createSupabaseAuthUser, loadSupabaseFixture } from './project.ts';

const base = process.env.TEST_DATABASE_URL;

async function createDatabase(withFixture: boolean) {
  const name = `chitchat_supa_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base!);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
  if (withFixture) {
    const c = await pool.connect();
    try {
      await loadSupabaseFixture(c);
    } finally {
      c.release();
    }
  }
  return {
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Everything Supabase owns that ChitChat must leave as it found it. */
async function supabaseObjects(pool: pg.Pool) {
  const q = async (text: string) => (await pool.query(text)).rows;
  return {
    functions:
      await q(`select p.oid::regprocedure::text as f, pg_get_functiondef(p.oid) as def, p.proowner::regrole::text as owner,
        coalesce(p.proacl::text, '') as acl
      from pg_proc p where p.pronamespace in ('auth'::regnamespace, 'storage'::regnamespace) order by 1`),
    relations:
      await q(`select c.oid::regclass::text as rel, c.relowner::regrole::text as owner, coalesce(c.relacl::text, '') as acl,
        c.relrowsecurity as rls, (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || coalesce(' ' || a.attacl::text, ''), ', ' order by a.attnum)
          from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
        (select string_agg(pg_get_constraintdef(k.oid), ', ' order by k.conname) from pg_constraint k where k.conrelid = c.oid) as constraints
      from pg_class c where c.relnamespace in ('auth'::regnamespace, 'storage'::regnamespace) order by 1`),
    policies: await q(
      `select schemaname, tablename, policyname from pg_policies where schemaname in ('auth', 'storage') order by 1, 2, 3`,
    ),
    schemas:
      await q(`select nspname, nspowner::regrole::text as owner, coalesce(nspacl::text, '') as acl from pg_namespace
      where nspname in ('auth', 'storage', 'extensions', 'public') order by 1`),
    defaultAcl:
      await q(`select defaclrole::regrole::text as role, defaclnamespace::regnamespace::text as nsp, defaclobjtype, defaclacl::text as acl
      from pg_default_acl order by 1, 2, 3`),
    roles:
      await q(`select rolname, rolsuper, rolinherit, rolcreaterole, rolcanlogin, rolbypassrls, coalesce(rolconfig::text, '') as config
      from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin')
      order by 1`),
    memberships:
      await q(`select m.roleid::regrole::text as role, m.member::regrole::text as member from pg_auth_members m
      where m.roleid::regrole::text in ('anon', 'authenticated', 'service_role') and m.member::regrole::text in ('authenticator', 'postgres')
      order by 1, 2`),
    // Triggers on Supabase's tables other than the ones ChitChat adds (the guide's sign-up trigger).
    foreignTriggers: await q(`select tgrelid::regclass::text as rel, tgname from pg_trigger
      where tgrelid in (select oid from pg_class where relnamespace in ('auth'::regnamespace, 'storage'::regnamespace))
        and not tgisinternal and tgname not like 'chitchat\\_%' order by 1, 2`),
  };
}

/** The grants on ChitChat's own objects in public (tables, views, sequences, columns, functions). */
async function publicGrants(pool: pg.Pool) {
  const { rows } = await pool.query(`
    select c.relname as name, coalesce(c.relacl::text, '') as acl,
           coalesce((select string_agg(a.attname || ':' || a.attacl::text, ',' order by a.attname) from pg_attribute a
                      where a.attrelid = c.oid and a.attacl is not null), '') as columns
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'S', 'm', 'p')
    union all
    select p.oid::regprocedure::text, coalesce(p.proacl::text, ''), ''
      from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname <> 'chitchat_on_auth_user'
    order by 1`);
  return rows;
}

describe.skipIf(!base)('a fresh Supabase database (needs PostgreSQL: TEST_DATABASE_URL)', () => {
  let supa: Awaited<ReturnType<typeof createDatabase>>;
  let plain: Awaited<ReturnType<typeof createDatabase>>;
  let before: Awaited<ReturnType<typeof supabaseObjects>>;

  beforeAll(async () => {
    [supa, plain] = await Promise.all([createDatabase(true), createDatabase(false)]);
    before = await supabaseObjects(supa.pool);
  });
  afterAll(async () => {
    await Promise.all([supa?.drop(), plain?.drop()]);
  });

  it('migrates from empty, then again on the migrated database (nothing left to apply)', async () => {
    const all = readMigrations().map((m) => m.name);
    expect(await migrate(supa.pool)).toEqual(all);
    expect(await migrate(supa.pool)).toEqual([]);
    expect(await migrate(plain.pool)).toEqual(all);
  });

  it("leaves every object Supabase owns as it was: auth.uid(), auth.jwt(), auth's and storage's tables, roles, grants, default privileges", async () => {
    expect(await supabaseObjects(supa.pool)).toEqual(before);
    // The built-in auth objects were not created beside Supabase's.
    const { rows } = await supa.pool.query(
      `select count(*)::int as n from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'user_metadata'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('grants on ChitChat’s tables, columns and functions are exactly those on plain PostgreSQL (Supabase’s grant-everything defaults do not apply)', async () => {
    const [s, p] = await Promise.all([publicGrants(supa.pool), publicGrants(plain.pool)]);
    expect(s).toEqual(p);
    const { rows } = await supa.pool
      .query(`select has_table_privilege('anon', 'public.users', 'select') as anon_reads,
      has_column_privilege('authenticated', 'public.users', 'xp', 'update') as writes_xp,
      has_table_privilege('authenticated', 'public.schema_migrations', 'delete') as edits_history`);
    expect(rows[0]).toEqual({ anon_reads: false, writes_xp: false, edits_history: false });
  });

  it("a user Supabase Auth creates gets their users row at once (as Supabase Auth's role), and email changes follow", async () => {
    const email = `Supa-${crypto.randomUUID()}@Example.com`;
    const { id } = await createSupabaseAuthUser(supa.pool, {
      email,
      password: 'a long passphrase',
      displayName: 'Ada',
    });
    const row = await supa.pool.query('select email, display_name from public.users where id = $1', [id]);
    expect(row.rows[0]).toEqual({ email: email.toLowerCase(), display_name: 'Ada' });
    const next = `moved-${crypto.randomUUID()}@example.com`;
    await supa.pool.query('update auth.users set email = $2 where id = $1', [id, next]);
    expect((await supa.pool.query('select email from public.users where id = $1', [id])).rows[0].email).toBe(
      next,
    );
  });

  it("policies read the caller the Supabase way: PostgREST's request.jwt.claims alone is enough", async () => {
    const { id } = await createSupabaseAuthUser(supa.pool, {
      email: `claims-${crypto.randomUUID()}@example.com`,
      password: 'a long passphrase',
    });
    const c = await supa.pool.connect();
    try {
      await c.query('begin');
      await c.query(
        `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [JSON.stringify({ sub: id, role: 'authenticated', aud: 'authenticated' })],
      );
      const { rows } = await c.query('select id from public.users');
      expect(rows).toEqual([{ id }]);
      const who = await c.query(
        `select auth.uid()::text as uid, auth.role() as role, auth.jwt() ->> 'aud' as aud`,
      );
      expect(who.rows[0]).toEqual({ uid: id, role: 'authenticated', aud: 'authenticated' });
      await c.query('rollback');
      await c.query('begin');
      await c.query(`set local role anon`);
      await expect(c.query('select id from public.users')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.query('rollback').catch(() => {});
      c.release();
    }
  });

  it('deleting the user in Supabase deletes their ChitChat data and queues their files for the purge job', async () => {
    const { id } = await createSupabaseAuthUser(supa.pool, {
      email: `gone-${crypto.randomUUID()}@example.com`,
      password: 'a long passphrase',
    });
    const session = crypto.randomUUID();
    const c = await supa.pool.connect();
    try {
      await c.query('begin');
      await c.query(
        `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [JSON.stringify({ sub: id, role: 'authenticated' })],
      );
      await c.query(`select public.save_chat_message($1, $2, 'hello', 'user')`, [session, id]);
      await c.query('commit');
      // As Supabase Auth deletes (dashboard, admin API): its own role, on its own table.
      await c.query('begin');
      await c.query('set local role supabase_auth_admin');
      await c.query('delete from auth.users where id = $1', [id]);
      await c.query('commit');
    } finally {
      c.release();
    }
    const left = await supa.pool.query(
      `select (select count(*) from public.users where id = $1)::int as users, (select count(*) from public.chat_messages where user_id = $1)::int as messages,
              (select count(*) from public.chat_sessions where id = $2)::int as sessions, (select count(*) from public.storage_purges where user_id = $1)::int as purges`,
      [id, session],
    );
    expect(left.rows[0]).toEqual({ users: 0, messages: 0, sessions: 0, purges: 1 });
  });
});
