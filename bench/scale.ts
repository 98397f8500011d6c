// Benchmark 4 — scale: the latest-50-messages page and the sessions list when the tables hold 10
// thousand vs 2 million messages (the user being read grows from 20 to 20,000 sessions, their
// session from 500 to ~50,000 messages). Target: the larger ≤ 1.5× the smaller (keyset pagination
// on the right indexes), with EXPLAIN (ANALYZE, BUFFERS) of each query at 2 M.
import crypto from 'node:crypto';
import { createBenchDatabase, fmt, log, newResult, ratio, saveResult, serverVersions } from './lib/common.ts';
import { renderReport } from './lib/report.ts';
import {
  explain,
  MESSAGES_AFTER_SQL,
  MESSAGES_PAGE_SQL,
  SESSIONS_AFTER_SQL,
  SESSIONS_PAGE_SQL,
  timeQueries,
  type TimedQuery,
} from './lib/queries.ts';

const LARGE = Number(process.env.BENCH_SCALE_MESSAGES ?? 2_000_000);

export async function runScale() {
  const result = newResult('scale', '4. Scale: 10 thousand vs 2 million messages');
  const db = await createBenchDatabase('scale');
  try {
    const pool = db.pool;
    const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
    await q(`set synchronous_commit = off`);
    const target = crypto.randomUUID();
    const session = crypto.randomUUID();
    await q(`insert into users (id, email) values ($1, 'target@bench.example.com')`, [target]);

    // Messages for every session chosen by `where`, `per` each, spaced one second apart.
    const addMessages = async (where: string, per: number, params: unknown[] = [], offset = 0) =>
      q(
        `insert into chat_messages (session_id, user_id, content, role, created_at)
         select s.id, s.user_id,
                'Message ' || g || ' ' || md5(s.id::text || g) || ' about photosynthesis, light reactions and the Calvin cycle.',
                case when g % 2 = 0 then 'assistant' else 'user' end,
                timestamptz '2026-01-01' + make_interval(secs => g + $${params.length + 1})
           from chat_sessions s cross join generate_series(1, ${per}) g
          where ${where}`,
        [...params, offset],
      );
    const addSessions = async (userSql: string, per: number, params: unknown[] = [], tag = 's') =>
      q(
        `insert into chat_sessions (user_id, title, created_at, updated_at)
         select u.id, '${tag} ' || g, timestamptz '2026-01-01' + make_interval(mins => g),
                timestamptz '2026-01-01' + make_interval(mins => g) + make_interval(secs => (random() * 59)::int)
           from users u cross join generate_series(1, ${per}) g where ${userSql}`,
        params,
      );

    // Small: 10,000 messages. The target user has 20 sessions; their session S has 500 messages.
    let t0 = Date.now();
    await q(
      `insert into chat_sessions (id, user_id, title, updated_at) values ($1, $2, 'target session', '2026-06-01')`,
      [session, target],
    );
    await addSessions('u.id = $1', 19, [target], 'target');
    await q(
      `insert into users (id, email) select gen_random_uuid(), 'small' || g || '@bench.example.com' from generate_series(1, 19) g`,
    );
    await addSessions(`u.email like 'small%'`, 4);
    await addMessages('s.id = $1', 500, [session]);
    await addMessages(`s.user_id = $1 and s.id <> $2`, 100, [target, session]);
    await addMessages(`s.user_id <> $1`, 100, [target]);
    await q('vacuum analyze chat_messages');
    await q('vacuum analyze chat_sessions');
    const count = async () => Number((await q('select count(*) from chat_messages')).rows[0].count);
    const smallCount = await count();
    log(`small seed: ${smallCount} messages in ${Date.now() - t0} ms`);

    const queriesFor = async () => {
      const mid = (
        await q(
          `select created_at, id from chat_messages where session_id = $1 order by created_at desc, id desc offset (select count(*) / 2 from chat_messages where session_id = $1) limit 1`,
          [session],
        )
      ).rows[0];
      const midS = (
        await q(
          `select updated_at, id from chat_sessions where user_id = $1 order by updated_at desc, id desc offset (select count(*) / 2 from chat_sessions where user_id = $1) limit 1`,
          [target],
        )
      ).rows[0];
      const list: TimedQuery[] = [
        { label: 'messages: latest 50', sql: MESSAGES_PAGE_SQL, params: [session, 51] },
        {
          label: 'messages: 50 after a cursor halfway back',
          sql: MESSAGES_AFTER_SQL,
          params: [session, mid.created_at, mid.id, 51],
        },
        { label: 'sessions: latest 20', sql: SESSIONS_PAGE_SQL, params: [target, 21] },
        {
          label: 'sessions: 20 after a cursor halfway back',
          sql: SESSIONS_AFTER_SQL,
          params: [target, midS.updated_at, midS.id, 21],
        },
      ];
      return list;
    };
    const sizes = async () =>
      (
        await q(
          `select (select count(*) from chat_sessions where user_id = $1) as target_sessions,
                        (select count(*) from chat_messages where session_id = $2) as session_messages,
                        (select count(*) from chat_sessions) as sessions,
                        pg_size_pretty(pg_total_relation_size('chat_messages')) as size`,
          [target, session],
        )
      ).rows[0];

    const smallQueries = await queriesFor();
    const smallSizes = await sizes();
    const small = await timeQueries(db.url, target, smallQueries);
    const smallExplain = await explain(db.url, target, MESSAGES_PAGE_SQL, [session, 51]);

    // Large: grow to 2 M messages. The target gets 20,000 sessions, S ~50,000 messages, and 1,000
    // other users 20 sessions each hold the rest.
    t0 = Date.now();
    const targetExtraSessions = 19_980;
    const perTargetSession = Math.max(1, Math.round((LARGE * 0.4) / 20_000));
    await addSessions('u.id = $1', targetExtraSessions, [target], 'target-more');
    await q(
      `insert into users (id, email) select gen_random_uuid(), 'large' || g || '@bench.example.com' from generate_series(1, 1000) g`,
    );
    await addSessions(`u.email like 'large%'`, 20);
    await addMessages(`s.user_id = $1 and s.title like 'target-more%'`, perTargetSession, [target]);
    log(`large seed: target sessions done (${Date.now() - t0} ms)`);
    const inS = Math.round(LARGE * 0.025);
    const others = LARGE - (await count()) - inS;
    await addMessages(
      `s.user_id in (select id from users where email like 'large%')`,
      Math.max(1, Math.floor(others / 20_000)),
      [],
    );
    const rest = LARGE - (await count());
    await addMessages('s.id = $1', Math.max(1, rest), [session], 1000);
    await q('vacuum analyze chat_messages');
    await q('vacuum analyze chat_sessions');
    const largeCount = await count();
    log(`large seed: ${largeCount} messages in ${Date.now() - t0} ms`);
    const largeQueries = await queriesFor();
    const largeSizes = await sizes();
    const large = await timeQueries(db.url, target, largeQueries);

    for (const tq of largeQueries) {
      result.blocks.push({
        title: `EXPLAIN (ANALYZE, BUFFERS) at ${largeCount.toLocaleString('en')} messages, as the user under RLS — ${tq.label}`,
        text: `${tq.sql}\n\n${await explain(db.url, target, tq.sql, tq.params)}`,
      });
    }
    result.blocks.push({
      title: `EXPLAIN (ANALYZE, BUFFERS) at ${smallCount.toLocaleString('en')} messages — messages: latest 50`,
      text: smallExplain,
    });

    const v = await serverVersions(db.url);
    result.settings = {
      postgres: v.version,
      shared_buffers: v.shared_buffers,
      'small: messages / sessions / target user sessions / target session messages': `${smallCount} / ${smallSizes.sessions} / ${smallSizes.target_sessions} / ${smallSizes.session_messages} (${smallSizes.size})`,
      'large: messages / sessions / target user sessions / target session messages': `${largeCount} / ${largeSizes.sessions} / ${largeSizes.target_sessions} / ${largeSizes.session_messages} (${largeSizes.size})`,
      'iterations per query':
        '1,500 (after 200 warm-up), one per-request transaction each (role switch + claim + query)',
    };
    result.tables.push({
      title:
        'Query latency inside the per-request transaction (ms, statement only; whole transaction in brackets)',
      columns: ['query', 'rows', 'p50 @10k', 'p99 @10k', 'p50 @2M', 'p99 @2M', 'p50 ratio 2M/10k'],
      rows: smallQueries.map((sq) => {
        const a = small[sq.label];
        const b = large[sq.label];
        return [
          sq.label,
          b.rows,
          `${fmt(a.query.p50, 3)} (${fmt(a.txn.p50, 3)})`,
          fmt(a.query.p99, 3),
          `${fmt(b.query.p50, 3)} (${fmt(b.txn.p50, 3)})`,
          fmt(b.query.p99, 3),
          ratio(b.query.p50 / a.query.p50),
        ];
      }),
    });
    for (const label of ['messages: latest 50', 'sessions: latest 20']) {
      const r = large[label].query.p50 / small[label].query.p50;
      result.targets.push({
        name: `${label}: p50 at 2 M ÷ p50 at 10 k`,
        target: '≤ 1.5×',
        measured: ratio(r),
        met: r <= 1.5,
      });
    }
    result.notes.push(
      'Both sizes are measured in the same run, on the same database, with the same connection: the small figures first, then the tables are grown and measured again.',
    );
  } finally {
    await db.drop();
  }
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runScale();
  renderReport();
}
