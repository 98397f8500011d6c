// Cards as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled),
// with csv-stringify and csv-parse. The first row names the columns.
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS } from '@chitchat/contracts';
import { HttpError } from '../../../http/errors.ts';
import type { ExportCard } from './apkg.ts';
import type { ImportedNote } from './apkg.ts';

export function writeCsv(cards: ExportCard[]): string {
  const rows = cards.map((c) => [
    c.front,
    c.back,
    c.tags.join(' '),
    c.explanation,
    c.state,
    c.due.toISOString(),
    c.stability === null ? '' : String(Math.round(c.stability * 10_000) / 10_000),
    c.difficulty === null ? '' : String(Math.round(c.difficulty * 1000) / 1000),
    String(c.reps),
    String(c.lapses),
    c.guid,
  ]);
  // quote_record_delimiter: with a record_delimiter given, csv-stringify would otherwise quote only fields
  // holding that exact '\r\n', leaving a multiple-choice front's bare '\n' unquoted (read as new rows).
  return stringify([[...CSV_COLUMNS], ...rows], {
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    quoted_match: /^\s|\s$/,
  });
}

/** A note without a guid gets one from its text, so importing the same file again adds nothing. */
export const textGuid = (front: string, back: string) =>
  `txt-${crypto.createHash('sha256').update(`${front}\x1f${back}`).digest('base64url').slice(0, 22)}`;

/** The notes of a CSV file; a missing front or back column is a 400 naming the columns found. */
export function readCsv(text: string): ImportedNote[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw new HttpError(
      400,
      'invalid_csv',
      `This CSV could not be read: ${((err as Error).message.split('\n')[0] ?? '').slice(0, 200)}`,
    );
  }
  const [first] = records;
  if (!first) throw new HttpError(400, 'empty_file', 'The CSV file has no rows.');
  const header = first.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const front = col('front');
  const back = col('back');
  if (front < 0 || back < 0)
    throw new HttpError(
      400,
      'wrong_columns',
      `The first row must name the columns, with at least "front" and "back"; found: ${header.slice(0, 12).join(', ') || 'nothing'}.`,
      { expected: ['front', 'back'], optional: ['tags', 'explanation', 'guid'], found: header.slice(0, 50) },
    );
  const tags = col('tags');
  const guid = col('guid');
  const explanation = col('explanation');
  return records.slice(1).map((r) => {
    const f = (r[front] ?? '').trim();
    const b = (r[back] ?? '').trim();
    return {
      guid: (guid >= 0 && r[guid]?.trim()) || textGuid(f, b),
      front: f,
      back: b,
      explanation: explanation >= 0 ? (r[explanation] ?? '').trim() : '',
      tags: tags >= 0 ? (r[tags] ?? '').split(/\s+/).filter(Boolean) : [],
      cloze: false,
    };
  });
}
