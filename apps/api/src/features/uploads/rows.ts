// An upload as stored (its columns and row) and as the API returns it; reading one of the
// caller's (RLS: another learner's is a 404).
import type { DocumentAnalysis, Upload } from '@chitchat/contracts';
import { notFound } from '../../http/errors.ts';
import type { Selectable } from 'kysely';
import type { DB, Tx } from '../../platform/db/index.ts';
import { iso } from '../../platform/db/values.ts';

export const UPLOAD_COLUMNS = [
  'id',
  'user_id',
  'kind',
  'file_name',
  'path',
  'declared_type',
  'declared_size',
  'media_type',
  'size_bytes',
  'sha256',
  'status',
  'error',
  'attempts',
  'metadata',
  'analysis',
  'page_count',
  'created_at',
  'updated_at',
  'processed_at',
] as const;

export type UploadRow = Pick<Selectable<DB['uploads']>, (typeof UPLOAD_COLUMNS)[number]>;

export function toUpload(r: UploadRow, download?: { url: string; expiresAt: Date } | null): Upload {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    declaredType: r.declared_type,
    mediaType: r.media_type,
    size: r.size_bytes,
    sha256: r.sha256,
    status: r.status,
    error: r.error,
    attempts: r.attempts,
    pageCount: r.page_count,
    metadata: r.metadata ?? {},
    analysis: (r.analysis as DocumentAnalysis | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    processedAt: r.processed_at ? iso(r.processed_at) : null,
    downloadUrl: download?.url ?? null,
    downloadExpiresAt: download ? iso(download.expiresAt) : null,
  };
}

export async function loadOwn(tx: Tx, id: string, lock = false): Promise<UploadRow> {
  let q = tx.selectFrom('uploads').select(UPLOAD_COLUMNS).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Upload');
  return r;
}
