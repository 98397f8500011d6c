// Opaque keyset cursors: base64url of JSON [exact timestamp, id]. A tampered cursor is a 400, not a 500.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { HttpError } from '../../errors.ts';
import { UUID } from './values.ts';

/**
 * A timestamp column as exact UTC text (microseconds), for cursor keys. Pass this, not a JS Date:
 * a Date keeps only milliseconds, so rows created within the same millisecond would be repeated
 * or skipped at page boundaries.
 */
export const exactTs = (ref: string | RawBuilder<unknown>) =>
  sql<string>`to_char(${typeof ref === 'string' ? sql.ref(ref) : ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const EXACT_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;

/** A page's cursor: its last row's exactTs key and id. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/**
 * The key and id of a cursor from encodeCursor. Anything else — not base64 JSON, or a key that is not
 * an exactTs timestamp, or an id that is not a UUID — is a 400 here, before it could reach a
 * `::timestamptz` or `::uuid` cast in SQL (where it would be a 500).
 */
export function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      EXACT_TS.test(v[0]) &&
      typeof v[1] === 'string' &&
      UUID.test(v[1])
    )
      return { key: v[0], id: v[1] };
  } catch {
    /* fall through */
  }
  throw new HttpError(
    400,
    'bad_request',
    'Invalid cursor: pass back the nextCursor value from the previous page.',
  );
}

/** Turns `limit + 1` rows into a page. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, cursorOf: (r: R) => string) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: more && last ? cursorOf(last) : null };
}

/** The cursor's key and id, as newestFirst selects them for each row. */
export type PageKeyed = { page_key: string; page_id: string };

/**
 * One keyset page of `query`, newest first: ordered by (`at`, `id`) descending, after the cursor's
 * row, `limit + 1` rows (so keysetPage knows whether there are more), each with its cursor key and
 * id as `page_key` and `page_id`. Pass the rows to keysetPage.
 */
export const newestFirst = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: KeysetPage,
) => keyset(query, page, 'desc');

/** As newestFirst, oldest first (a queue: the most overdue card first). */
export const oldestFirst = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: KeysetPage,
) => keyset(query, page, 'asc');

type KeysetPage = { at: string; id: string; cursor: string | undefined; limit: number };

function keyset<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: KeysetPage,
  order: 'asc' | 'desc',
) {
  const after = decodeCursor(page.cursor);
  const at = sql.ref(page.at);
  const id = sql.ref(page.id);
  const q = query.select([exactTs(page.at).as('page_key'), sql<string>`${id}::text`.as('page_id')]);
  const beyond = order === 'desc' ? sql`<` : sql`>`;
  return (
    after ? q.where(sql<boolean>`(${at}, ${id}) ${beyond} (${after.key}::timestamptz, ${after.id}::uuid)`) : q
  )
    .orderBy(at, order)
    .orderBy(id, order)
    .limit(page.limit + 1);
}

/** The page of rows from a newestFirst query, each mapped by `map`. */
export const keysetPage = <R extends PageKeyed, T>(rows: R[], limit: number, map: (r: R) => T) =>
  toPage(rows, limit, map, (r) => encodeCursor(r.page_key, r.page_id));
