// The library: saved assistant messages, documents, learning paths, lessons, curiosity tiles and
// external resources, with notes and tags; listed by kind and tag, searched by text. Saving the
// same thing twice finds the same item. Items whose source was deleted stay, marked unavailable.
import { sql } from 'kysely';
import type { LessonPlan, LibraryItem, SaveLibraryItemBody } from '@chitchat/contracts';
import type { Database, Tx } from '../../platform/db/index.ts';
import { badRequest, notFound, unprocessable } from '../../http/errors.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import { documentText, hasDocuments } from '../learning/documents.ts';
import { iso } from '../../platform/db/values.ts';

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

// Whether the saved source still exists (under RLS: the learner's own rows only). Documents are
// checked only where the uploads feature's table exists.
const available = (documents: boolean) => sql<boolean>`case i.kind
  when 'message' then exists (select 1 from chat_messages m where m.id::text = i.source_id)
  when 'path' then exists (select 1 from learning_paths p where p.id::text = i.source_id)
  when 'lesson' then exists (select 1 from learning_paths p where p.id::text = i.source_id
                               and p.lessons @> jsonb_build_array(jsonb_build_object('id', i.lesson_id)))
  ${documents ? sql`when 'document' then exists (select 1 from uploads u where u.id::text = i.source_id)` : sql``}
  else true end`;

type Row = {
  id: string;
  kind: LibraryItem['kind'];
  title: string;
  url: string | null;
  note: string | null;
  excerpt: string | null;
  tags: string[];
  source_id: string | null;
  lesson_id: string | null;
  available: boolean;
  created_at: Date;
  updated_at: Date;
};

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

const searchText = (i: {
  title: string;
  note?: string | null;
  excerpt?: string | null;
  tags: string[];
  url?: string | null;
}) => [i.title, i.note, i.excerpt, i.tags.join(' '), i.url].filter(Boolean).join(' ');

/** What is being saved: its key, source, default title and excerpt (404 when it is not the caller's). */
async function resolveSource(tx: Tx, body: SaveLibraryItemBody) {
  switch (body.kind) {
    case 'message': {
      const m = await tx
        .selectFrom('chat_messages')
        .select(['id', 'content', 'role', 'metadata'])
        .where('id', '=', body.messageId)
        .executeTakeFirst();
      if (!m) throw notFound('Message');
      if (m.role !== 'assistant') throw badRequest('Only assistant messages can be saved to the library.');
      // The offline engine's answer is the server's notice plus quotes of the learner's own
      // material: nothing to keep as learning content (the quoted documents are in the library).
      if ((m.metadata as { provider?: string }).provider === 'offline')
        throw unprocessable(
          'This answer is an offline-mode notice, not teaching, so it cannot be saved. Save the document it quotes instead, or connect a model.',
          'not_learning_content',
        );
      const firstLine = m.content
        .replace(/[#*_`>]+/g, '')
        .trim()
        .split('\n')[0];
      return {
        key: `message:${m.id}`,
        sourceId: m.id,
        lessonId: null,
        title: clip(firstLine || 'Saved answer', 120),
        excerpt: clip(m.content, 1000),
        url: null,
      };
    }
    case 'document': {
      // Any upload (a document, an image, a video); the excerpt is the start of its text, if it has any.
      const upload = (await hasDocuments(tx))
        ? await tx
            .selectFrom('uploads')
            .select(['file_name', 'kind'])
            .where('id', '=', body.documentId)
            .executeTakeFirst()
        : undefined;
      if (!upload) throw notFound('Document');
      const doc = upload.kind === 'document' ? await documentText(tx, body.documentId, 1000) : null;
      return {
        key: `document:${body.documentId}`,
        sourceId: body.documentId,
        lessonId: null,
        title: clip(upload.file_name, 300),
        excerpt: doc?.text ? clip(doc.text.trim(), 1000) : null,
        url: null,
      };
    }
    case 'path': {
      const p = await tx
        .selectFrom('learning_paths')
        .select(['id', 'title', 'description'])
        .where('id', '=', body.pathId)
        .executeTakeFirst();
      if (!p) throw notFound('Learning path');
      return {
        key: `path:${p.id}`,
        sourceId: p.id,
        lessonId: null,
        title: p.title,
        excerpt: p.description ? clip(p.description, 1000) : null,
        url: null,
      };
    }
    case 'lesson': {
      const p = await tx
        .selectFrom('learning_paths')
        .select(['id', 'title', 'lessons'])
        .where('id', '=', body.pathId)
        .executeTakeFirst();
      if (!p) throw notFound('Learning path');
      const lesson = (p.lessons as LessonPlan[]).find((l) => l.id === body.lessonId);
      if (!lesson) throw notFound('Lesson');
      return {
        key: `lesson:${p.id}:${lesson.id}`,
        sourceId: p.id,
        lessonId: lesson.id,
        title: lesson.title,
        excerpt: clip(`${p.title}: ${lesson.objectives.join('; ')}`, 1000),
        url: null,
      };
    }
    case 'tile':
      return {
        key: `tile:${body.tile.title.toLowerCase()}`,
        sourceId: null,
        lessonId: null,
        title: `${body.tile.emoji} ${body.tile.title}`,
        excerpt: body.tile.description,
        url: null,
      };
    case 'resource':
      return {
        key: `resource:${body.url}`,
        sourceId: null,
        lessonId: null,
        title: body.title,
        excerpt: null,
        url: body.url,
      };
  }
}

/**
 * Saves `body` for `userId` inside the caller's transaction (or finds it already saved). Also used
 * by upload processing: every upload that is read becomes a document in the Library.
 */
export async function saveInTx(
  tx: Tx,
  userId: string,
  body: SaveLibraryItemBody,
): Promise<{ id: string; created: boolean }> {
  const src = await resolveSource(tx, body);
  const existing = await tx
    .selectFrom('library_items')
    .select('id')
    .where('source_key', '=', src.key)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const tags = [...new Set(body.tags ?? [])];
  const title = body.title ?? src.title;
  const inserted = await tx
    .insertInto('library_items')
    .values({
      user_id: userId,
      kind: body.kind,
      source_key: src.key,
      source_id: src.sourceId,
      lesson_id: src.lessonId,
      title,
      url: src.url,
      note: body.note || null,
      excerpt: src.excerpt,
      tags,
      search_text: searchText({ title, note: body.note, excerpt: src.excerpt, tags, url: src.url }),
    })
    // A concurrent save of the same thing: keep the first.
    .onConflict((oc) => oc.columns(['user_id', 'source_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const id =
    inserted?.id ??
    (
      await tx
        .selectFrom('library_items')
        .select('id')
        .where('source_key', '=', src.key)
        .executeTakeFirstOrThrow()
    ).id;
  return { id, created: !!inserted };
}

export function createLibraryService(db: Database) {
  async function load(tx: Tx, id: string): Promise<Row> {
    const row = await tx
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
        available(await hasDocuments(tx)).as('available'),
      ])
      .where('i.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Library item');
    return row as Row;
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
      const after = decodeCursor(q.cursor);
      const rows = await db.asUser(userId, async (tx) => {
        const documents = await hasDocuments(tx);
        let query = tx
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
            exactTs('i.created_at').as('k'),
          ])
          .where('i.user_id', '=', userId);
        if (q.kind) query = query.where('i.kind', '=', q.kind);
        if (q.tag) query = query.where(sql<boolean>`i.tags @> array[${q.tag.trim().toLowerCase()}]::text[]`);
        if (q.q?.trim()) {
          const text = q.q.trim();
          query = query.where(
            sql<boolean>`(i.search @@ websearch_to_tsquery('simple', ${text}) or i.search_text ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
          );
        }
        if (after)
          query = query.where(
            sql<boolean>`(i.created_at, i.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
          );
        return query
          .orderBy('i.created_at', 'desc')
          .orderBy('i.id', 'desc')
          .limit(q.limit + 1)
          .execute();
      });
      return toPage(rows as (Row & { k: string })[], q.limit, toItem, (r) => encodeCursor(r.k, r.id));
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
