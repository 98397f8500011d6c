// What every query file shares: how long data stays fresh, and the one shape of a paged list.
import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';

/** How long a query's data counts as fresh before a screen that shows it reads it again. */
export const STALE = {
  /** Changes away from this screen (another device, the server finishing a job): read on every open. */
  always: 0,
  /** Today's tiles and the like: cached for a while on the server too. */
  minutes: 10 * 60_000,
  /** Server facts that change with a deploy (limits, AI provider), and signed URLs' lifetime. */
  session: 5 * 60_000,
  /** Written once, never changed (a generated lesson). */
  never: Infinity,
} as const;

/** A keyset page as every list endpoint returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read page by page (keyset cursors): `fetchPage(cursor)` reads one page; the next page
 * starts at the last one's `nextCursor` until it is null.
 */
export function pagedQueryOptions<T, K extends QueryKey>(
  queryKey: K,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
  });
}
