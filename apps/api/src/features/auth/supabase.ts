// AUTH_MODE=supabase on Supabase's own database: Supabase Auth's tables are right here, so an
// access token is honoured only while its session exists, as Supabase Auth's own endpoints do
// (signing out, a password change ending other sessions, or deleting the user removes the
// session row). Elsewhere (a separate database) tokens are checked by signature and expiry only.
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../platform/db/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when auth.users is Supabase Auth's table (the same test as migrations 0001 and 0013). */
export async function hasSupabaseAuth(db: Database): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_attribute
     where attrelid = to_regclass('auth.users') and attname in ('aud', 'raw_user_meta_data') and not attisdropped`.execute(
    db.admin,
  );
  return rows[0]?.n === 2;
}

/** Is this Supabase Auth session live? Remembered for 5 s (the built-in auth's liveness cache too). */
export function supabaseSessionCheck(db: Database) {
  const live = new LRUCache<string, boolean>({ max: 100_000, ttl: 5_000 });
  return async (sessionId: string | undefined): Promise<boolean> => {
    if (!sessionId || !UUID.test(sessionId)) return false;
    const cached = live.get(sessionId);
    if (cached !== undefined) return cached;
    const { rows } = await sql<{ ok: boolean }>`
      select exists (select 1 from auth.sessions where id = ${sessionId}::uuid and (not_after is null or not_after > now())) as ok`.execute(
      db.admin,
    );
    const ok = rows[0]?.ok === true;
    live.set(sessionId, ok);
    return ok;
  };
}
