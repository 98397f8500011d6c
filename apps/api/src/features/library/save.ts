// Saving to the library: what is being saved (a message, document, path, lesson, tile or resource,
// checked to be the caller's), its key, default title and excerpt; saving the same thing twice
// finds the same item. Also used by upload processing (every upload read becomes a document item).
import type { LessonPlan, SaveLibraryItemBody } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { badRequest, notFound, unprocessable } from '../../http/errors.ts';
import { documentText, hasDocuments } from '../learning/documents.ts';
import { clip } from '../learning/quote.ts';

/** The text a library search matches (title, note, excerpt, tags, URL). */
export const searchText = (i: {
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
