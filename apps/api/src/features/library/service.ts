// The library: saved assistant messages, documents, learning paths, lessons, curiosity tiles and
// external resources, with notes and tags; listed by kind and tag, searched by text, edited,
// removed. Items whose source was deleted stay, marked unavailable. Saving is in save.ts.
import { sql, type Selectable } from 'kysely';
import type { LibraryItem, SaveLibraryItemBody } from '@chitchat/contracts';
import type { Database, Tx } from '../../platform/db/index.ts';
import type { DB } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { hasDocuments } from '../learning/documents.ts';
import { iso } from '../../platform/db/values.ts';
import { saveInTx, searchText } from './save.ts';

// Kept here for the callers that import it from the service (upload processing).
export { saveInTx };

// Whether the saved source still exists (under RLS: the learner's own rows only). Documents are
// checked only where the uploads feature's table exists.
const available = (documents: boolean) => sql<boolean>`case i.kind
  when 'message' then exists (select 1 from chat_messages m where m.id::text = i.source_id)
  when 'path' then exists (select 1 from learning_paths p where p.id::text = i.source_id)
  when 'lesson' then exists (select 1 from learning_paths p where p.id::text = i.source_id
                               and p.lessons @> jsonb_build_array(jsonb_build_object('id', i.lesson_id)))
  ${documents ? sql`when 'document' then exists (select 1 from uploads u where u.id::text = i.source_id)` : sql``}
  else true end`;

type Row = Pick<
  Selectable<DB['library_items']>,
  | 'id'
  | 'kind'
  | 'title'
  | 'url'
  | 'note'
  | 'excerpt'
  | 'tags'
  | 'source_id'
  | 'lesson_id'
  | 'created_at'
  | 'updated_at'
> & { available: boolean }; // computed: see available()

const toItem = (r: Row): LibraryItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  url: r.url,
  note: r.note,
  excerpt: r.excerpt,
  tags: r.tags,
  source: r.source_id ? { id: r.source_id, lessonId: r.lesson_id } : null,
  sourceAvailable: r.available,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Library items as the API returns them, with whether their source still exists. */
const itemQuery = (tx: Tx, documents: boolean) =>
  tx
    .selectFrom('library_items as i')
    .select([
      'i.id',
      'i.kind',
      'i.title',
      'i.url',
      'i.note',
      'i.excerpt',
      'i.tags',
      'i.source_id',
      'i.lesson_id',
      'i.created_at',
      'i.updated_at',
      available(documents).as('available'),
    ]);

export function createLibraryService(db: Database) {
  async function load(tx: Tx, id: string): Promise<Row> {
    const row = await itemQuery(tx, await hasDocuments(tx))
      .where('i.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Library item');
    return row;
  }

  return {
    /** Saves (or finds the already-saved) item; `created` tells which. */
    async save(userId: string, body: SaveLibraryItemBody): Promise<{ item: LibraryItem; created: boolean }> {
      return db.asUser(userId, async (tx) => {
        const { id, created } = await saveInTx(tx, userId, body);
        return { item: toItem(await load(tx, id)), created };
      });
    },

    async list(
      userId: string,
      q: { cursor?: string; limit: number; kind?: LibraryItem['kind']; tag?: string; q?: string },
    ) {
      const rows = await db.asUser(userId, async (tx) => {
        const documents = await hasDocuments(tx);
        let query = itemQuery(tx, documents).where('i.user_id', '=', userId);
        if (q.kind) query = query.where('i.kind', '=', q.kind);
        if (q.tag) query = query.where(sql<boolean>`i.tags @> array[${q.tag.trim().toLowerCase()}]::text[]`);
        if (q.q?.trim()) {
          const text = q.q.trim();
          query = query.where(
            sql<boolean>`(i.search @@ websearch_to_tsquery('simple', ${text}) or i.search_text ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
          );
        }
        return newestFirst(query, {
          at: 'i.created_at',
          id: 'i.id',
          cursor: q.cursor,
          limit: q.limit,
        }).execute();
      });
      return keysetPage(rows, q.limit, toItem);
    },

    get: (userId: string, id: string) => db.asUser(userId, async (tx) => toItem(await load(tx, id))),

    async update(
      userId: string,
      id: string,
      patch: { title?: string; note?: string | null; tags?: string[] },
    ) {
      return db.asUser(userId, async (tx) => {
        const cur = await load(tx, id);
        const next = {
          title: patch.title ?? cur.title,
          note: patch.note === undefined ? cur.note : patch.note || null,
          tags: patch.tags ? [...new Set(patch.tags)] : cur.tags,
        };
        await tx
          .updateTable('library_items')
          .set({ ...next, search_text: searchText({ ...next, excerpt: cur.excerpt, url: cur.url }) })
          .where('id', '=', id)
          .execute();
        return toItem(await load(tx, id));
      });
    },

    async remove(userId: string, id: string) {
      const r = await db.asUser(userId, (tx) =>
        tx.deleteFrom('library_items').where('id', '=', id).executeTakeFirst(),
      );
      if (!Number(r.numDeletedRows)) throw notFound('Library item');
    },
  };
}
