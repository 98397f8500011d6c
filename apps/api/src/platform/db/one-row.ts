/**
 * The row of a query that always returns one (`insert … returning`, `count(*)`, a function call).
 * No row means a broken invariant, so this throws a clear error instead of reading undefined later.
 */
export function oneRow<T>(rows: readonly T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`Expected a row from ${what}, got none`);
  return row;
}
