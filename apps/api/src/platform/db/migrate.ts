// Plain-SQL migrations from /migrations, applied in filename order. Each file runs in its own
// transaction and is recorded with a checksum; an applied file that was edited afterwards stops
// start-up. An advisory lock makes concurrent starts (several API instances) apply each file once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../migrations',
);
const LOCK_KEY = 727_274_001; // arbitrary, constant: "chitchat migrations"

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const body = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file,
        sql: body,
        checksum: crypto.createHash('sha256').update(body).digest('hex'),
      };
    });
}

export class MigrationError extends Error {}

/**
 * Earlier contents of migrations rewritten after release, by version: a database that applied one
 * of these keeps starting. A rewrite is allowed only when it creates exactly what the earlier text
 * created wherever that text could run (checked by comparing schema dumps), so databases migrated
 * before and after it are the same.
 * - 0001: the built-in auth objects became conditional, so that a Supabase database (which already
 *   has auth.users and auth.uid()) can be migrated; on every other database it is unchanged.
 */
export const LEGACY_CHECKSUMS: Record<string, readonly string[]> = {
  '0001': ['0c87f4d291464541b75d9f886122c02e236cb975230c74d3c9e5bb0dc44d91bc'],
};

/**
 * A migration grants exactly what it says. Some databases add grants of their own to every new
 * object: Supabase's default privileges give anon, authenticated and service_role ALL on each
 * table, sequence and function created in `public`, which would let a learner call award_xp or
 * update their own XP through the project's Data API, past the column grants. So while a
 * migration runs, the migrating role's default privileges are lifted, and put back exactly as
 * they were before its transaction commits (so nobody else ever sees them lifted, and the
 * project's other tables keep Supabase's behaviour).
 */
const SUSPEND_DEFAULT_PRIVILEGES = `
create temporary table if not exists chitchat_saved_default_acl on commit drop as
  select d.defaclnamespace, d.defaclobjtype, a.grantee, a.privilege_type, a.is_grantable
    from pg_default_acl d, aclexplode(d.defaclacl) a
   where d.defaclrole = (select oid from pg_roles where rolname = current_user) and a.grantee <> d.defaclrole;
do $$
declare r record;
begin
  for r in select * from chitchat_saved_default_acl loop
    execute format('alter default privileges %s revoke %s on %s from %s',
      case when r.defaclnamespace = 0 then '' else format('in schema %I', r.defaclnamespace::regnamespace::text) end,
      r.privilege_type,
      case r.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' end,
      case when r.grantee = 0 then 'public' else quote_ident(r.grantee::regrole::text) end);
  end loop;
end $$`;
const RESTORE_DEFAULT_PRIVILEGES = `
do $$
declare r record;
begin
  for r in select * from chitchat_saved_default_acl loop
    execute format('alter default privileges %s grant %s on %s to %s%s',
      case when r.defaclnamespace = 0 then '' else format('in schema %I', r.defaclnamespace::regnamespace::text) end,
      r.privilege_type,
      case r.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' end,
      case when r.grantee = 0 then 'public' else quote_ident(r.grantee::regrole::text) end,
      case when r.is_grantable then ' with grant option' else '' end);
  end loop;
end $$;
drop table chitchat_saved_default_acl`;

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(pool: pg.Pool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    // Like every migration, under lifted default privileges: on Supabase the API roles would
    // otherwise get ALL on the migration history through the Data API.
    await client.query('begin');
    await client.query(SUSPEND_DEFAULT_PRIVILEGES);
    await client.query(`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    await client.query(RESTORE_DEFAULT_PRIVILEGES);
    await client.query('commit');
    const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const m of migrations) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.checksum !== m.checksum && !LEGACY_CHECKSUMS[m.version]?.includes(prior.checksum)) {
          throw new MigrationError(
            `Migration ${m.name} was changed after it was applied (checksum mismatch). ` +
              'Applied migrations are immutable: add a new migration instead.',
          );
        }
        continue;
      }
      try {
        await client.query('begin');
        await client.query(SUSPEND_DEFAULT_PRIVILEGES);
        await client.query(m.sql);
        await client.query(RESTORE_DEFAULT_PRIVILEGES);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('commit');
        applied.push(m.name);
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
}
