// The SQL of the read path, exactly as one API request runs it: one transaction that switches to
// the `authenticated` role, sets the caller's id (so RLS applies), then the keyset query. Used by
// the scale benchmark (timed from Node), by pgbench (the database's own limit) and by EXPLAIN.
import pg from 'pg';
import { summarise } from './common.ts';

export const CLAIM_SQL = `select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', $1, true)`;

/** Latest page of a session's messages (newest first), one extra row to know if there is more. */
export const MESSAGES_PAGE_SQL = `select id, session_id, role, content, media_url, media_type, metadata, created_at
  from chat_messages where session_id = $1
  order by created_at desc, id desc limit $2`;
/** The next page after a cursor (created_at, id). */
export const MESSAGES_AFTER_SQL = `select id, session_id, role, content, media_url, media_type, metadata, created_at
  from chat_messages where session_id = $1 and (created_at, id) < ($2::timestamptz, $3::uuid)
  order by created_at desc, id desc limit $4`;
/** A user's sessions, most recently active first. */
export const SESSIONS_PAGE_SQL = `select id, title, created_at, updated_at
  from chat_sessions where user_id = $1
  order by updated_at desc, id desc limit $2`;
export const SESSIONS_AFTER_SQL = `select id, title, created_at, updated_at
  from chat_sessions where user_id = $1 and (updated_at, id) < ($2::timestamptz, $3::uuid)
  order by updated_at desc, id desc limit $4`;

/** pgbench script: one per-request transaction of the messages page (variables :uid, :sid). */
export const PGBENCH_READ_SCRIPT = `begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', :uid, true);
select id, session_id, role, content, media_url, media_type, metadata, created_at
  from chat_messages where session_id = :sid
  order by created_at desc, id desc limit 51;
commit;
`;

export interface TimedQuery {
  label: string;
  sql: string;
  params: unknown[];
}

/**
 * Runs each query `iterations` times inside the per-request transaction, as `userId`, and returns
 * latency (ms) of the query statement alone and of the whole transaction.
 */
export async function timeQueries(url: string, userId: string, queries: TimedQuery[], iterations = 1500, warmup = 200) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out: Record<string, { query: ReturnType<typeof summarise>; txn: ReturnType<typeof summarise>; rows: number }> = {};
  try {
    for (const q of queries) {
      const qs: number[] = [];
      const ts: number[] = [];
      let rows = 0;
      for (let i = 0; i < warmup + iterations; i++) {
        const t0 = performance.now();
        await c.query('begin');
        await c.query(CLAIM_SQL, [userId]);
        const t1 = performance.now();
        const r = await c.query(q.sql, q.params);
        const t2 = performance.now();
        await c.query('commit');
        const t3 = performance.now();
        rows = r.rowCount ?? 0;
        if (i >= warmup) {
          qs.push(t2 - t1);
          ts.push(t3 - t0);
        }
      }
      out[q.label] = { query: summarise(qs), txn: summarise(ts), rows };
    }
  } finally {
    await c.end();
  }
  return out;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query as the user, under RLS, inside the request transaction. */
export async function explain(url: string, userId: string, sql: string, params: unknown[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('begin');
    await c.query(CLAIM_SQL, [userId]);
    const r = await c.query(`explain (analyze, buffers, costs off, summary on) ${sql}`, params);
    await c.query('rollback');
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    await c.end();
  }
}

/** pgbench script mirroring what GET /api/v1/chat/sessions/:id/messages runs (variables :uid, :sid). */
export const CHAT_MESSAGES_PGBENCH = PGBENCH_READ_SCRIPT;
