// ctx.attachments, what chat attaches to a message: ids → the caller's own uploads (a 404 for any
// other), their bytes read from storage when the turn needs them.
import type { AppContext, Attachment } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import type { Tx } from '../../platform/db/index.ts';
import { UUID } from '../../platform/db/values.ts';

/** Attachment ids → the caller's own completed uploads (RLS), else 404 for the whole request. */
export function createAttachmentResolver(storage: Pick<AppContext, 'storage'>['storage']) {
  return async (tx: Tx, userId: string, ids: string[]): Promise<Attachment[]> => {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    if (!unique.every((id) => UUID.test(id))) throw notFound('Attachment');
    const rows = await tx
      .selectFrom('uploads')
      .select(['id', 'kind', 'media_type', 'file_name', 'path', 'status', 'size_bytes'])
      .where('id', 'in', unique)
      .where('user_id', '=', userId)
      .where('status', '!=', 'pending')
      .execute();
    if (rows.length !== unique.length) throw notFound('Attachment');
    const byId = new Map(rows.map((r) => [r.id, r]));
    return unique.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return {
        id: r.id,
        kind: r.kind,
        mediaType: r.media_type ?? 'application/octet-stream',
        fileName: r.file_name,
        load: async () => new Uint8Array(await storage.get(r.path)),
      };
    });
  };
}
