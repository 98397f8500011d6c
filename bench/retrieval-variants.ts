// The retrieval ranking variants of bench/PERFORMANCE.md §11, each timed and scored as the product's
// search is in bench/retrieval.ts (same data, same questions, same recall set, same scan baseline):
// `node --import tsx bench/retrieval-variants.ts` (BENCH_RETRIEVAL_ROUNDS, ~1 minute). Each variant
// is a copy of search_document_chunks() with another body; all are timed interleaved, question by
// question, so the shared machine's load falls on each alike. Prints a table; saves nothing.
import crypto from 'node:crypto';
import type pg from 'pg';
import { openDatabase } from '../apps/api/src/platform/db/index.ts';
import { migrate } from '../apps/api/src/platform/db/migrate.ts';
import { createBenchDatabase, fmt, log, summarise } from './lib/common.ts';
import { RECALL_PAIRS } from './lib/recall-pairs.ts';
import { functionSql, measure, QUERIES, recallAt5, SCAN_SQL, seed, topTexts } from './retrieval.ts';

const ROUNDS = Number(process.env.BENCH_RETRIEVAL_ROUNDS ?? 8);
const body = (file: string) => functionSql(file).split('return query')[1].split(';\nend')[0];
const JOIN = `join document_chunks c on c.id = best.id
      join uploads u on u.id = c.upload_id and u.user_id = auth.uid()`;
const MINE = 'm.user_id = auth.uid() and m.search @@ p_query';
/** Cover density over ts_rank's best `window` × limit (0009), with `where` as the filter. */
const coverDensity = (where: string, window: number) =>
  `select c.upload_id, u.file_name, c.page, c.text, ts_rank_cd(c.search, p_query, 32) as score
     from (select m.id from document_chunks m where ${where}
            order by ts_rank(m.search, p_query) desc limit v_limit * ${window}) best ${JOIN}
    order by 5 desc, c.ord limit v_limit`;
/** ts_rank over the matches of `q` (0018's ranking). */
const tsRank = (q: string, extra = '') =>
  `select c.upload_id, u.file_name, c.page, c.text, best.score
     from (select m.id, m.ord, ts_rank(m.search, ${q}) as score from document_chunks m
            where m.user_id = auth.uid() and m.search @@ ${q} ${extra}
            order by 3 desc, m.ord limit v_limit) best ${JOIN}
    order by best.score desc, best.ord`;
const AND = `replace(p_query::text, ' | ', ' & ')::tsquery`;

const VARIANTS: Record<string, string> = {
  '0009: ts_rank → best 4 × limit re-ranked by cover density': body('0009_search.sql'),
  '0009 without the learner-index bitmap (filter on the heap)': coverDensity(
    '(m.user_id = auth.uid()) is true and m.search @@ p_query',
    4,
  ),
  '0009 with a 2 × limit rescoring window': coverDensity(MINE, 2),
  'AND of the words first, the OR when it finds < limit (ts_rank)': `select * from (${tsRank(AND)}) a
     where (select count(*) from (select 1 from document_chunks m where m.user_id = auth.uid() and m.search @@ ${AND} limit v_limit) n) >= v_limit
    union all
    select * from (${tsRank('p_query')}) o
     where (select count(*) from (select 1 from document_chunks m where m.user_id = auth.uid() and m.search @@ ${AND} limit v_limit) n) < v_limit
    order by 5 desc`,
  'document-level first stage: best 10 documents by ts_rank, then their chunks': tsRank(
    'p_query',
    `and m.upload_id in (select d.upload_id from variant_documents d where d.user_id = auth.uid() and d.search @@ p_query
                          order by ts_rank(d.search, p_query) desc limit 10)`,
  ),
  '0018: ts_rank, one stage': body('0018_document_ranking.sql'),
};

/** Times every variant, interleaved question by question, as the learner calls the function. */
async function timeAll(pool: pg.Pool, userId: string, names: string[]) {
  const c = await pool.connect();
  const samples = names.map(() => [] as number[]);
  try {
    for (let round = 0; round < ROUNDS + 1; round++)
      for (const q of QUERIES)
        for (const [i, name] of names.entries()) {
          await c.query('begin');
          await c.query(
            `select set_config('role', 'authenticated', true), set_config('request.jwt.claim.sub', $1, true)`,
            [userId],
          );
          const t0 = performance.now();
          await c.query({
            name,
            text: `select upload_id, file_name, page, text, score from ${name}(to_tsquery('english', $1), 15)`,
            values: [q],
          });
          const ms = performance.now() - t0;
          await c.query('commit');
          if (round > 0) samples[i].push(ms);
        }
  } finally {
    c.release();
  }
  return samples.map((s) => summarise(s));
}

async function run(label: string, pool: pg.Pool) {
  const userId = crypto.randomUUID();
  await seed(pool, userId);
  const fns = Object.keys(VARIANTS).map((_, i) => `variant_${i}`);
  for (const [i, sql] of Object.values(VARIANTS).entries())
    await pool.query(`create function public.${fns[i]}(p_query tsquery, p_limit integer)
      returns table (upload_id uuid, file_name text, page integer, text text, score real)
      language plpgsql stable security definer set search_path = public as $$
      declare v_limit integer := least(greatest(coalesce(p_limit, 10), 1), 100);
      begin if auth.uid() is null then return; end if; return query ${sql.replaceAll('p_upload_ids', 'null::uuid[]')}; end $$;
      grant execute on function public.${fns[i]}(tsquery, integer) to authenticated`);
  await pool.query(`create table variant_documents as
    select upload_id, user_id, to_tsvector('english', string_agg(text, ' ' order by ord)) as search
      from document_chunks group by 1, 2;
    create index on variant_documents using gin (search); analyze variant_documents`);
  const recall: Awaited<ReturnType<typeof recallAt5>>[] = [];
  for (const fn of fns)
    recall.push(
      await recallAt5((q) =>
        topTexts(pool, userId, `select text from ${fn}(to_tsquery('english', $1), 15)`, q),
      ),
    );
  const rows: string[] = [];
  const report = async (indexes: string, which: number[]) => {
    const scan = await measure(pool, userId, true, SCAN_SQL, true);
    const t = await timeAll(
      pool,
      userId,
      which.map((i) => fns[i]),
    );
    for (const [k, i] of which.entries())
      rows.push(
        `| ${label} | ${indexes} | ${Object.keys(VARIANTS)[i]} | ${fmt(t[k].p50, 2)} | ${fmt(scan.p50 / t[k].p50, 1)}× | ${recall[i].hits}/${RECALL_PAIRS.length} |`,
      );
    log(`${label}, ${indexes}: done (scan p50 ${fmt(scan.p50, 2)} ms)`);
  };
  await report('0018', [0, 5]);
  // The indexes before 0018: the words-only GIN index and the learner's btree.
  await pool.query(`drop index idx_document_chunks_user_search;
    create index idx_document_chunks_search on document_chunks using gin (search)`);
  await pool.query('vacuum analyze document_chunks');
  await report('0017', [0, 1, 2, 3, 4, 5]);
  return rows;
}

const rows: string[] = [];
const db = await createBenchDatabase('retrieval_variants');
try {
  rows.push(...(await run('PostgreSQL', db.pool)));
} finally {
  await db.drop();
}
const lite = await openDatabase({});
try {
  await migrate(lite.pool);
  rows.push(...(await run('PGlite', lite.pool)));
} finally {
  await lite.close();
}
console.log(
  [
    '| database | indexes | ranking | p50 ms | scan ÷ it | recall@5 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);
