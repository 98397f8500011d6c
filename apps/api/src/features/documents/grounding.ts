// The documents grounding source: passages of the learner's own uploaded documents relevant to a
// query, by full-text search (ranked in SQL: see documentSearch), blended with embedding
// similarity when the AI provider has embeddings. Runs in the caller's RLS transaction, so only
// their own documents can ever be returned.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { groundingSource, type GroundingSearch } from '../../grounding.ts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { STOPWORDS } from '../learning/text.ts';

// The words of asking about a document, on top of the shared list.
const STOP = new Set<string>([
  ...STOPWORDS,
  ...'yes please tell explain say says document documents file pdf page pages'.split(' '),
]);

/** The query's content words OR-ed, as a safe to_tsquery string (null when nothing is searchable). */
export function documentQuery(query: string): string | null {
  const words = [
    ...new Set(
      query
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    ),
  ].filter((w) => w.length >= 2 && !STOP.has(w) && /^[a-z0-9]+$/.test(w));
  return words.length ? words.slice(0, 24).join(' | ') : null;
}

/**
 * Cosine similarity; 0 for vectors of different lengths: they come from different embedding models
 * (chunks embedded by Gemini, a question by the local model) and are not comparable.
 */
export const cosine = (a: number[], b: number[]) => {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0; // the lengths are equal
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

const parseEmbedding = (e: unknown): number[] | null =>
  Array.isArray(e)
    ? e.map(Number)
    : typeof e === 'string' && e.startsWith('[')
      ? (JSON.parse(e) as number[])
      : null;

type Row = Pick<Selectable<DB['document_chunks']>, 'upload_id' | 'page' | 'text'> &
  Pick<Selectable<DB['uploads']>, 'file_name'> & {
    score: number; // computed: the search's rank, then blended with similarity
    /** Embedding candidates only: the chunk's embedding as text (pgvector's or real[]'s). */
    embedding: string | null;
  };

/**
 * The search of the learner's documents for a query: full-text matches through
 * search_document_chunks (migrations/0007_perf.sql, ranked as in 0018_document_ranking.sql:
 * filtered to auth.uid() inside a security-definer function so the planner can use the (learner,
 * words) GIN index — under RLS the non-leakproof `@@` can never be an index condition, and retrieval
 * scanned every chunk; matches ordered by ts_rank, which favours a chunk holding more of the
 * question's words over one repeating a single word: cover density, used before 0018, did the
 * opposite, recall@5 18 of 34 questions against 32 in bench/retrieval.ts) and, given the
 * query's embedding, the learner's embedded chunks (a bounded scan) in the same statement, blended
 * in the API. `uploadIds` narrows to attached documents.
 */
export function documentSearch(
  userId: string,
  query: string,
  limit: number,
  opts: { queryEmbedding?: number[]; uploadIds?: string[] } = {},
): GroundingSearch<Row> | null {
  const n = Math.max(1, Math.min(limit, 20));
  const q = documentQuery(query);
  // The query's embedding comes from the caller: a network call must not run inside this transaction.
  const qv = opts.queryEmbedding;
  if (!q && !qv) return null;
  const only = opts.uploadIds?.length ? opts.uploadIds : null;
  const parts: RawBuilder<Row>[] = [];
  if (q)
    parts.push(sql`(select upload_id, file_name, page, text, score, null::text as embedding
             from search_document_chunks(to_tsquery('english', ${q}), ${n * 3}, ${only}::uuid[]))`);
  if (qv)
    parts.push(sql`(select c.upload_id, u.file_name, c.page, c.text, 0::real as score, c.embedding::text as embedding
             from document_chunks c join uploads u on u.id = c.upload_id
            where c.user_id = ${userId}::uuid and c.embedding is not null
              ${only ? sql`and c.upload_id = any(${only}::uuid[])` : sql``}
            order by c.created_at desc limit 2000)`);
  return {
    sql: sql.join(parts, sql` union all `),
    passages(all) {
      let rows = all.filter((r) => r.embedding === null);
      if (qv) {
        const byKey = new Map(rows.map((r) => [`${r.upload_id}:${r.text}`, r]));
        const maxFts = Math.max(0, ...rows.map((r) => Number(r.score)));
        for (const c of all) {
          if (c.embedding === null) continue;
          const v = parseEmbedding(c.embedding.replace(/^\{/, '[').replace(/\}$/, ']'));
          if (!v) continue;
          const sim = cosine(qv, v);
          const key = `${c.upload_id}:${c.text}`;
          const hit = byKey.get(key);
          const fts = hit ? Number(hit.score) / (maxFts || 1) : 0;
          byKey.set(key, { ...c, score: 0.5 * fts + 0.5 * Math.max(0, sim) });
        }
        rows = [...byKey.values()];
      }
      return rows
        .sort((a, b) => Number(b.score) - Number(a.score))
        .slice(0, n)
        .map((r) => ({
          sourceType: 'document' as const,
          sourceId: r.upload_id,
          title: r.file_name,
          ...(r.page ? { page: r.page } : {}),
          text: r.text.length > 1500 ? `${r.text.slice(0, 1500)}…` : r.text,
          score: Number(r.score),
        }));
    },
  };
}

export const documentsGrounding = groundingSource((userId, query, limit, opts) =>
  documentSearch(userId, query, limit, { queryEmbedding: opts.queryEmbedding }),
);

/** Passages from the learner's documents, searched alone in the caller's transaction (bench/retrieval.ts). */
export const searchDocuments = (
  tx: Tx,
  userId: string,
  query: string,
  limit: number,
  opts: { queryEmbedding?: number[]; uploadIds?: string[] } = {},
) => groundingSource((u, q, l) => documentSearch(u, q, l, opts))(tx, userId, query, limit);
