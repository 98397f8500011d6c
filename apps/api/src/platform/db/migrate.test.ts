import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './index.ts';
import { LEGACY_CHECKSUMS, migrate, MigrationError, readMigrations } from './migrate.ts';

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await openDatabase({});
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migs-'));
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, sql: string) => fs.writeFileSync(path.join(dir, name), sql);

describe('migration runner', () => {
  it('applies files in order, once, each in a transaction', async () => {
    write('0001_a.sql', 'create table t1 (id int);');
    write('0002_b.sql', 'insert into t1 values (1);');
    expect(await migrate(db.pool, readMigrations(dir))).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(await migrate(db.pool, readMigrations(dir))).toEqual([]);
    const { rows } = await db.pool.query('select count(*)::int as n from t1');
    expect(rows[0].n).toBe(1);
  });

  it('rolls back a failing file completely', async () => {
    write('0003_bad.sql', 'create table t3 (id int); select no_such_function();');
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toThrow(/0003_bad.sql failed/);
    const { rows } = await db.pool.query("select to_regclass('t3') as t");
    expect(rows[0].t).toBeNull();
    fs.rmSync(path.join(dir, '0003_bad.sql'));
  });

  it('refuses an applied migration that was edited', async () => {
    write('0001_a.sql', 'create table t1 (id int, extra text);');
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toThrow(MigrationError);
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toThrow(/changed after it was applied/);
  });

  it('grants only what a migration says, whatever default privileges the database adds, and leaves those as they were', async () => {
    await db.pool.query(
      `do $$ begin create role cc_default_grantee nologin; exception when duplicate_object then null; end $$`,
    );
    await db.pool.query(
      'alter default privileges in schema public grant all on tables to cc_default_grantee',
    );
    write('0001_a.sql', 'create table t1 (id int);');
    write(
      '0004_grants.sql',
      'create table t4 (id int); create table t5 (id int); grant select on t5 to cc_default_grantee;',
    );
    expect(await migrate(db.pool, readMigrations(dir))).toEqual(['0004_grants.sql']);
    const { rows } = await db.pool
      .query(`select has_table_privilege('cc_default_grantee', 't4', 'select') as t4_select,
      has_table_privilege('cc_default_grantee', 't5', 'select') as t5_select, has_table_privilege('cc_default_grantee', 't5', 'delete') as t5_delete`);
    expect(rows[0]).toEqual({ t4_select: false, t5_select: true, t5_delete: false });
    // The database's own default stays for everything else created outside migrations.
    await db.pool.query('create table t6 (id int)');
    const after = await db.pool.query(
      `select has_table_privilege('cc_default_grantee', 't6', 'delete') as d`,
    );
    expect(after.rows[0].d).toBe(true);
    await db.pool.query(
      'drop table t6; alter default privileges in schema public revoke all on tables from cc_default_grantee',
    );
  });

  it('the real migrations apply cleanly', async () => {
    const fresh = await openDatabase({});
    try {
      const applied = await migrate(fresh.pool);
      expect(applied[0]).toBe('0001_foundation.sql');
      expect(applied.length).toBe(readMigrations().length);
      // A database migrated with 0001's first text (before its Supabase-aware rewrite) keeps starting.
      const [legacy] = LEGACY_CHECKSUMS['0001']!;
      await fresh.pool.query(`update schema_migrations set checksum = $1 where version = '0001'`, [legacy]);
      expect(await migrate(fresh.pool)).toEqual([]);
      await fresh.pool.query(
        `update schema_migrations set checksum = 'not-a-known-text' where version = '0001'`,
      );
      await expect(migrate(fresh.pool)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await fresh.close();
    }
  });
});
