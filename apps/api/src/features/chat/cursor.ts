// Opaque keyset cursors: base64url of JSON [timestamp with microseconds, id]. Timestamps travel as
// PostgreSQL text (to_char with .US), so no precision is lost between pages. Tampering is a 400.
import { badRequest } from '../../http/errors.ts';

export const encodeCursor = (ts: string, id: string) => Buffer.from(JSON.stringify([ts, id])).toString('base64url');

export function decodeCursor(cursor: string | undefined): { ts: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[1])
    )
      return { ts: v[0], id: v[1] };
  } catch {
    /* fall through */
  }
  throw badRequest('Invalid cursor: pass back the nextCursor value from the previous page.');
}
