// The SQL of the read path, exactly as one API request runs it: one transaction that switches to
// the `authenticated` role, sets the caller's id (so RLS applies), then the keyset query. Used by
// the scale benchmark (timed from Node), by pgbench (the database's own limit) and by EXPLAIN.
import pg from 'pg';
import { summarise } from './common.ts';

export const CLAIM_SQL = `select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', $1, true)`;

// As apps/api/src/features/chat/sessions.ts writes them (messages(), listSessions()).
const MESSAGE_COLUMNS = `m.id, m.session_id, m.role, m.content, m.media_url, m.media_type, m.metadata, m.created_at,
  to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k`;
/** The session check the messages route runs first (a foreign or unknown session is a 404). */
export const SESSION_CHECK_SQL = `select "id" from "chat_sessions" where "id" = $1`;
/** Latest page of a session's messages (newest first), one extra row to know if there is more. */
export const MESSAGES_PAGE_SQL = `select ${MESSAGE_COLUMNS} from chat_messages m
 where m.session_id = $1::uuid
 order by m.created_at desc, m.id desc
 limit $2`;
/** The next page after a cursor (created_at, id). */
export const MESSAGES_AFTER_SQL = `select ${MESSAGE_COLUMNS} from chat_messages m
 where m.session_id = $1::uuid and (m.created_at, m.id) < ($2::timestamptz, $3::uuid)
 order by m.created_at desc, m.id desc
 limit $4`;
const SESSION_COLUMNS = `s.id, s.title, s.created_at, s.updated_at,
  to_char(s.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k,
  (select left(m.content, 160) from chat_messages m where m.session_id = s.id order by m.created_at desc, m.id desc limit 1) as last_message`;
/** A user's sessions, most recently active first, each with the start of its latest message. */
export const SESSIONS_PAGE_SQL = `select ${SESSION_COLUMNS} from chat_sessions s
 where s.user_id = $1::uuid
 order by s.updated_at desc, s.id desc
 limit $2`;
export const SESSIONS_AFTER_SQL = `select ${SESSION_COLUMNS} from chat_sessions s
 where s.user_id = $1::uuid and (s.updated_at, s.id) < ($2::timestamptz, $3::uuid)
 order by s.updated_at desc, s.id desc
 limit $4`;

/**
 * pgbench reads `:name` as a variable even inside string literals, so the time format's colons are
 * spelled chr(58); the expression is constant-folded at plan time, so the work is the same.
 */
const PGBENCH_SAFE = (sqlText: string) =>
  sqlText
    .replace(/\n/g, ' ')
    .replace(
      /'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'/g,
      `'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'`,
    );

/**
 * pgbench script: one GET /api/v1/chat/sessions/:id/messages?limit=50 transaction, statement for
 * statement (variables :uid, :sid).
 */
export const PGBENCH_READ_SCRIPT = `begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', :uid, true);
select "id" from "chat_sessions" where "id" = :sid;
select ${PGBENCH_SAFE(MESSAGE_COLUMNS)} from chat_messages m where m.session_id = :sid::uuid order by m.created_at desc, m.id desc limit 51;
commit;
`;

/**
 * pgbench script: the write path's database work, save_chat_message twice in one transaction, into
 * session sessionUuid(:n) (the write benchmark creates sessions with those ids; :n is set by
 * a `\\set n random(…)` line before this).
 */
export const PGBENCH_WRITE_SCRIPT = `begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', :uid, true);
select public.save_chat_message(overlay(overlay(md5('s' || :n) placing '4' from 13) placing '8' from 17)::uuid, :uid::uuid, 'What does chlorophyll do?', 'user', null, null, '{"status":"pending"}'::jsonb);
select public.save_chat_message(overlay(overlay(md5('s' || :n) placing '4' from 13) placing '8' from 17)::uuid, :uid::uuid, 'Chlorophyll absorbs red and blue light and passes the energy on.', 'assistant', null, null, '{"status":"answered"}'::jsonb);
commit;
`;

/** A valid (version 4 shaped) UUID from a number, computable in SQL by the API seed and pgbench alike. */
export const SESSION_UUID_SQL = (n: string) =>
  `overlay(overlay(md5('s' || ${n}) placing '4' from 13) placing '8' from 17)::uuid`;

/** `count` chat sessions for the user, with SESSION_UUID_SQL ids (so pgbench can address them); returns the ids. */
export async function seedSessions(pool: pg.Pool, userId: string, count: number): Promise<string[]> {
  const { rows } = await pool.query(
    `insert into chat_sessions (id, user_id, title) select ${SESSION_UUID_SQL('g')}, $1, 'Session ' || g from generate_series(1, $2) g returning id`,
    [userId, count],
  );
  return rows.map((r) => r.id as string);
}

export interface TimedQuery {
  label: string;
  sql: string;
  params: unknown[];
}

/**
 * Runs each query `iterations` times inside the per-request transaction, as `userId`, and returns
 * latency (ms) of the query statement alone and of the whole transaction.
 */
export async function timeQueries(
  url: string,
  userId: string,
  queries: TimedQuery[],
  iterations = 1500,
  warmup = 200,
) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out: Record<
    string,
    { query: ReturnType<typeof summarise>; txn: ReturnType<typeof summarise>; rows: number }
  > = {};
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
