// Grounding: passages of a learner's own material (documents, lessons, earlier messages) that an
// answer can draw on and cite. Each feature registers a source in the context. A source is a
// statement (and how its rows become passages), so every source's search can go to the database as
// ONE statement — or be added to another one, as a chat turn adds them to the statement that saves
// the learner's message: each round trip costs the API ~0.25 ms of CPU (bench/PERFORMANCE.md §10).
import { sql, type RawBuilder } from 'kysely';
import type { Passage } from './platform/ai/index.ts';
import type { Database, Tx } from './platform/db/index.ts';

export interface GroundingOptions {
  /** The query's embedding, computed once per question outside any transaction (a network call). */
  queryEmbedding?: number[];
  /** Messages the model already has in its context (and the question itself): not passages. */
  excludeMessageIds?: string[];
}

/**
 * One source's search: a statement read under the caller's RLS, and its rows (as JSON: each row
 * an object of its columns, numbers as numbers) made passages.
 */
export interface GroundingSearch<Row = any> {
  sql: RawBuilder<Row>;
  passages(rows: Row[]): Passage[];
}

/** A source's search for a query; null when the query holds nothing it can search for. */
export type GroundingSearchFor = (
  userId: string,
  query: string,
  limit: number,
  opts: GroundingOptions,
) => GroundingSearch | null;

/** A source: its search, and the source run alone in the caller's transaction (tests, benchmarks). */
export interface GroundingSource {
  (tx: Tx, userId: string, query: string, limit: number, opts?: GroundingOptions): Promise<Passage[]>;
  search: GroundingSearchFor;
}

const rowsOf = (s: GroundingSearch) => sql`(select coalesce(json_agg(x), '[]'::json) from (${s.sql}) x)`;

export function groundingSource(search: GroundingSearchFor): GroundingSource {
  const run = async (tx: Tx, userId: string, query: string, limit: number, opts: GroundingOptions = {}) => {
    const s = search(userId, query, limit, opts);
    if (!s) return [];
    const { rows } = await sql<{ rows: unknown[] }>`select ${rowsOf(s)} as rows`.execute(tx);
    return s.passages(rows[0]?.rows ?? []);
  };
  return Object.assign(run, { search });
}

/**
 * Every source's search as one SQL value (a JSON array, a list of rows per source) to put in a
 * statement, and the passages read from it. Null when no source has anything to search for.
 */
export function groundingValue(
  sources: GroundingSource[],
  userId: string,
  query: string,
  limit: number,
  opts: GroundingOptions,
): { sql: RawBuilder<unknown>; passages(value: unknown): Passage[] } | null {
  const searches = sources.flatMap((s) => s.search(userId, query, limit, opts) ?? []);
  if (!searches.length) return null;
  return {
    sql: sql`json_build_array(${sql.join(searches.map(rowsOf))})`,
    passages: (value) => {
      const lists = Array.isArray(value) ? (value as unknown[][]) : [];
      return searches.flatMap((s, i) => s.passages(lists[i] ?? []));
    },
  };
}

/**
 * Every source's passages, up to `limit` each: one statement in a transaction of its own. If it
 * fails, the sources are searched again one by one (in another transaction) and those found before
 * the failing one are kept: a broken source costs its own passages, not everyone's.
 */
export async function searchAll(
  db: Database,
  sources: GroundingSource[],
  userId: string,
  query: string,
  limit: number,
  opts: GroundingOptions,
  onFailure?: (err: unknown) => void,
): Promise<Passage[]> {
  const all = groundingValue(sources, userId, query, limit, opts);
  if (!all) return [];
  try {
    return await db.asUser(userId, async (tx) => {
      const { rows } = await sql<{ found: unknown }>`select ${all.sql} as found`.execute(tx);
      return all.passages(rows[0]?.found);
    });
  } catch (err) {
    onFailure?.(err);
    const found: Passage[] = [];
    await db
      .asUser(userId, async (tx) => {
        for (const source of sources) found.push(...(await source(tx, userId, query, limit, opts)));
      })
      .catch(() => {});
    return found;
  }
}
