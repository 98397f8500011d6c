// Reading the learner's uploaded documents (owned by the uploads feature: tables `uploads` and
// `document_chunks`, migration 0003). Guarded so this feature also runs before that migration is
// present: without the tables, every document is simply "not found".
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';
import { oneRow } from '../../platform/db/one-row.ts';

export async function hasDocuments(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{
    ok: boolean;
  }>`select to_regclass('public.document_chunks') is not null as ok`.execute(tx);
  return oneRow(rows, 'to_regclass').ok;
}

/** The caller's document (RLS) with its extracted text in order, or null. */
export async function documentText(
  tx: Tx,
  uploadId: string,
  maxChars = 24_000,
): Promise<{ title: string; status: string; text: string } | null> {
  if (!(await hasDocuments(tx))) return null;
  const doc = await sql<{ file_name: string; status: string }>`
    select file_name, status from uploads where id = ${uploadId}::uuid and kind = 'document'`.execute(tx);
  const [upload] = doc.rows;
  if (!upload) return null;
  const chunks = await sql<{ text: string }>`
    select text from document_chunks where upload_id = ${uploadId}::uuid order by ord limit 200`.execute(tx);
  let text = '';
  for (const c of chunks.rows) {
    if (text.length >= maxChars) break;
    text += `${c.text}\n`;
  }
  return { title: upload.file_name, status: upload.status, text: text.slice(0, maxChars) };
}
