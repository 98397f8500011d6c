import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './index.ts';
import { migrate, MigrationError, readMigrations } from './migrate.ts';

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

  it('the real migrations apply cleanly', async () => {
    const fresh = await openDatabase({});
    try {
      const applied = await migrate(fresh.pool);
      expect(applied[0]).toBe('0001_foundation.sql');
      expect(applied.length).toBe(readMigrations().length);
    } finally {
      await fresh.close();
    }
  });
});
