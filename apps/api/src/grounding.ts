// Grounding: passages of a learner's own material (documents, lessons, earlier messages) that an
// answer can draw on and cite. Each feature registers a source in the context; searchAll runs
// them in the caller's transaction, one statement each, so a chat turn's reads share one
// transaction instead of opening one per source.
import type { Passage } from './platform/ai/index.ts';
import type { Tx } from './platform/db/index.ts';

export interface GroundingOptions {
  /** The query's embedding, computed once per question outside any transaction (a network call). */
  queryEmbedding?: number[];
  /** Messages the model already has in its context (and the question itself): not passages. */
  excludeMessageIds?: string[];
}

/** Finds passages of a learner's own material relevant to a query (runs under their RLS). */
export type GroundingSource = (
  tx: Tx,
  userId: string,
  query: string,
  limit: number,
  opts?: GroundingOptions,
) => Promise<Passage[]>;

/**
 * Every source's passages, up to `limit` each, in the caller's transaction, pushed into `found` as
 * they come. A failing source throws (its error aborts the transaction, which then rolls back): the
 * caller catches it and goes ahead with what `found` already holds.
 */
export async function searchAll(
  tx: Tx,
  sources: GroundingSource[],
  userId: string,
  query: string,
  limit: number,
  opts: GroundingOptions,
  found: Passage[],
): Promise<void> {
  for (const source of sources) found.push(...(await source(tx, userId, query, limit, opts)));
}
