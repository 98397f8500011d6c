// Scratch PostgreSQL databases for the crash and load scripts.
import pg from 'pg';

/** `url` when a PostgreSQL server answers there within 2 s, else undefined. */
export async function reachable(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return url;
  } catch {
    return undefined;
  }
}

async function admin(base: string, sql: string[]) {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    for (const q of sql) await c.query(q);
  } finally {
    await c.end();
  }
}

/** (Re)creates database `name` on the server at `base`; returns its connection URL. */
export async function createDatabase(base: string, name: string): Promise<string> {
  await admin(base, [`drop database if exists ${name} with (force)`, `create database ${name}`]);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(base: string, name: string) {
  await admin(base, [`drop database if exists ${name} with (force)`]);
}
