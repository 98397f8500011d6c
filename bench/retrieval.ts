// Benchmark 6 — retrieval: the grounded-answer retrieval query (full-text search over a learner's
// document chunks, as apps/api/src/features/documents/grounding.ts runs it, under RLS in the
// request transaction) for a learner with 200 documents (~20,000 chunks) amid other learners'
// chunks, on PostgreSQL and on PGlite. Baseline, same run, same data: the same query forced to a
// sequential scan (index scans off). Target: ≥ 20× faster than the scan (p50).
import crypto from 'node:crypto';
import type pg from 'pg';
import { openDatabase } from '../apps/api/src/platform/db/index.ts';
import { migrate } from '../apps/api/src/platform/db/migrate.ts';
import { createBenchDatabase, fmt, log, newResult, ratio, saveResult, summarise } from './lib/common.ts';
import { renderReport } from './lib/report.ts';

const DOCS = 200;
const CHUNKS_PER_DOC = 100;
const ROUNDS = Number(process.env.BENCH_RETRIEVAL_ROUNDS ?? 8);

// Learner questions, already reduced to their content words OR-ed (grounding.ts documentQuery).
const QUERIES = [
  'chlorophyll | absorb | light',
  'calvin | cycle | carbon | fixation',
  'mitochondria | atp | synthase',
  'photosystem | electron | transport',
  'stomata | water | loss',
  'rubisco | enzyme | oxygen',
  'glycolysis | pyruvate',
  'thylakoid | membrane | proton | gradient',
  'krebs | citric | acid',
  'osmosis | diffusion | cell',
  'term4821 | term77',
  'derivative | integral | limit',
];

/** The retrieval SQL of documents/grounding.ts (ftsSearch), with the user and query as $1, $2. */
export const RETRIEVAL_SQL = `select c.upload_id, u.file_name, c.page, c.text, ts_rank_cd(c.search, q, 32) as score
  from document_chunks c
  join uploads u on u.id = c.upload_id, to_tsquery('english', $2) q
 where c.user_id = $1::uuid and c.search @@ q
 order by score desc, c.ord
 limit 15`;

const TOPIC = `chlorophyll absorb light calvin cycle carbon fixation mitochondria atp synthase photosystem electron transport stomata water loss rubisco enzyme oxygen glycolysis pyruvate thylakoid membrane proton gradient krebs citric acid osmosis diffusion cell derivative integral limit`.split(' ');

async function seed(pool: pg.Pool, userId: string) {
  await pool.query(`insert into users (id, email) values ($1, $2)`, [userId, `${userId}@bench.example.com`]);
  const other = crypto.randomUUID();
  await pool.query(`insert into users (id, email) values ($1, $2)`, [other, `${other}@bench.example.com`]);
  for (const [uid, docs] of [
    [userId, DOCS],
    [other, DOCS / 2],
  ] as const) {
    await pool.query(
      `insert into uploads (user_id, kind, file_name, path, declared_type, declared_size, status)
       select $1::uuid, 'document', 'Notes ' || g || '.pdf', 'user-uploads/' || $1::text || '/documents/' || g || '.pdf', 'application/pdf', 100000, 'ready'
         from generate_series(1, $2) g`,
      [uid, docs],
    );
    // ~90 words a chunk: a long tail of rare terms (Zipf-like) and, one word in seven, the
    // document's own four subject words. A third of the documents take one subject word from the
    // questions' vocabulary (each such word is in ~2 of the learner's documents); the rest from a
    // pool of 1,500 other subject words.
    await pool.query(
      `insert into document_chunks (upload_id, user_id, ord, page, text)
       select d.id, d.user_id, g, 1 + g / 5,
              (select string_agg(case when random() + 0 * w < 0.15 then d.subject[1 + floor(random() * 4)::int]
                                      else 'term' || floor(exp(random() * ln(20000)))::int end, ' ')
                 from generate_series(1, 90) w where w > 0 * g)
         from (select u.id, u.user_id,
                      array[case when n % 3 = 0 then ($3::text[])[1 + (n / 3) % $4] else 'subject' || (n * 7 % 1500) end,
                            'subject' || (n * 11 % 1500), 'subject' || (n * 13 % 1500), 'subject' || (n * 17 % 1500)] as subject
                 from (select id, user_id, row_number() over (order by created_at, id) as n from uploads where user_id = $1::uuid) u) d
        cross join generate_series(0, $2 - 1) g`,
      [uid, CHUNKS_PER_DOC, TOPIC, TOPIC.length],
    );
  }
  // As autovacuum would have by the time anyone asks: flushes GIN's pending list, sets statistics.
  await pool.query('vacuum analyze uploads');
  await pool.query('vacuum analyze document_chunks');
  return (await pool.query(`select count(*)::int as n from document_chunks where user_id = $1`, [userId])).rows[0].n as number;
}

/** The same search through migrations/0007_perf.sql's function, which can use the GIN index. */
export const RETRIEVAL_FN_SQL = `select * from search_document_chunks(to_tsquery('english', $2), 15) where $1::uuid is not null`;

async function measure(pool: pg.Pool, userId: string, forceScan: boolean, sql = RETRIEVAL_SQL) {
  const c = await pool.connect();
  const samples: number[] = [];
  let rows = 0;
  try {
    for (let round = 0; round < ROUNDS + 1; round++) {
      for (const q of QUERIES) {
        await c.query('begin');
        await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', $1, true)`, [userId]);
        if (forceScan) await c.query(`set local enable_indexscan = off; set local enable_bitmapscan = off; set local enable_indexonlyscan = off`);
        const t0 = performance.now();
        const r = await c.query(sql, [userId, q]);
        const ms = performance.now() - t0;
        await c.query('commit');
        rows += r.rowCount ?? 0;
        if (round > 0) samples.push(ms); // round 0 warms the caches
      }
    }
    await c.query('begin');
    await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', $1, true)`, [userId]);
    if (forceScan) await c.query(`set local enable_indexscan = off; set local enable_bitmapscan = off; set local enable_indexonlyscan = off`);
    const plan = await c.query(`explain (analyze, buffers, costs off) ${sql}`, [userId, QUERIES[0]]);
    await c.query('rollback');
    return { ...summarise(samples), rows, plan: plan.rows.map((x) => x['QUERY PLAN']).join('\n') };
  } finally {
    c.release();
  }
}

/** The plan of the function's inner query (a function call's EXPLAIN hides it). */
async function innerPlan(pool: pg.Pool, userId: string) {
  const c = await pool.connect();
  try {
    await c.query('begin');
    await c.query(`select set_config('request.jwt.claim.sub', $1, true)`, [userId]);
    const r = await c.query(
      `explain (analyze, buffers, costs off)
       select c.upload_id, u.file_name, c.page, c.text, ts_rank_cd(c.search, q, 32) as score
         from document_chunks c join uploads u on u.id = c.upload_id, to_tsquery('english', $1) q
        where c.user_id = auth.uid() and u.user_id = auth.uid() and c.search @@ q
        order by 5 desc, c.ord limit 15`,
      [QUERIES[0]],
    );
    await c.query('rollback');
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    c.release();
  }
}

export async function runRetrieval() {
  const result = newResult('retrieval', '6. Retrieval: grounded-answer search over ~20,000 chunks');
  const rows: (string | number)[][] = [];
  const run = async (label: string, pool: pg.Pool) => {
    const userId = crypto.randomUUID();
    const t0 = Date.now();
    const chunks = await seed(pool, userId);
    log(`${label}: seeded ${chunks} chunks for the learner in ${Date.now() - t0} ms`);
    const idx = await measure(pool, userId, false);
    const scan = await measure(pool, userId, true);
    const hasFn = (await pool.query(`select to_regprocedure('public.search_document_chunks(tsquery, integer, uuid[])') as f`)).rows[0].f;
    const fn = hasFn ? await measure(pool, userId, false, RETRIEVAL_FN_SQL) : null;
    rows.push([label, chunks, 'grounding.ts SQL under RLS (planner’s choice)', fmt(idx.p50, 2), fmt(idx.p99, 2), idx.n]);
    if (fn) rows.push([label, chunks, 'search_document_chunks() (0007_perf.sql, GIN usable)', fmt(fn.p50, 2), fmt(fn.p99, 2), fn.n]);
    rows.push([label, chunks, 'baseline: the same SQL, forced sequential scan', fmt(scan.p50, 2), fmt(scan.p99, 2), scan.n]);
    const r = scan.p50 / idx.p50;
    result.targets.push({ name: `${label}: scan p50 ÷ retrieval p50, grounding.ts SQL as it is`, target: '≥ 20×', measured: ratio(r, 1), met: r >= 20 });
    if (fn) {
      const rf = scan.p50 / fn.p50;
      result.targets.push({ name: `${label}: scan p50 ÷ retrieval p50, through search_document_chunks()`, target: '≥ 20×', measured: ratio(rf, 1), met: rf >= 20 });
    }
    result.blocks.push({ title: `${label}: EXPLAIN (ANALYZE, BUFFERS) of grounding.ts SQL under RLS — '${QUERIES[0]}'`, text: idx.plan });
    result.blocks.push({ title: `${label}: EXPLAIN (ANALYZE, BUFFERS) — forced scan baseline`, text: scan.plan });
    if (fn) result.blocks.push({ title: `${label}: the function's inner query, EXPLAIN (ANALYZE, BUFFERS) as its owner with the caller's filter`, text: await innerPlan(pool, userId) });
  };
  const db = await createBenchDatabase('retrieval');
  try {
    if (!(await db.pool.query(`select to_regclass('public.document_chunks') as t`)).rows[0].t) {
      result.notes.push('document_chunks does not exist in this build (the uploads migration has not landed): nothing measured.');
      saveResult(result);
      return result;
    }
    await run('PostgreSQL', db.pool);
  } finally {
    await db.drop();
  }
  const lite = await openDatabase({});
  try {
    await migrate(lite.pool);
    await run('PGlite', lite.pool);
  } finally {
    await lite.close();
  }
  result.settings = {
    learner: `${DOCS} documents × ${CHUNKS_PER_DOC} chunks of ~90 words (a long tail of rare terms with topic words mixed in), plus another learner's ${(DOCS / 2) * CHUNKS_PER_DOC} chunks`,
    query: 'documents/grounding.ts full-text search: to_tsquery OR of content words, ts_rank_cd, top 15, as the learner under RLS',
    'queries × rounds': `${QUERIES.length} questions × ${ROUNDS} rounds after one warm-up round`,
  };
  result.tables.push({ title: 'Retrieval latency (ms, statement only)', columns: ['database', 'learner chunks', 'plan', 'p50', 'p99', 'samples'], rows });
  result.blocks.unshift({ title: 'The retrieval SQL', text: RETRIEVAL_SQL });
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRetrieval();
  renderReport();
}
