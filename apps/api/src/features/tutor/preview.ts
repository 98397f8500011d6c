// A tutor's own path as its learners see it: each lesson's body exactly as an enrolled learner
// opening it gets it (the kept full lesson of its current revision; with a model connected and none
// kept yet, written now from the tutor's plan and kept for the path's learners; without a model,
// the outline). Drafts included, so a path can be checked before it is published.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { LessonContentBody, TutorLessonPreview } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { iso } from '../../platform/db/values.ts';
import { generateLessonContent, needsWriting } from '../learning/lesson-content.ts';
import { lessonRevision } from './lessons.ts';
import { lessonsOf, PATH_COLUMNS, type PathRow } from './rows.ts';

export function createPreviewService(ctx: AppContext) {
  const { db } = ctx;

  const ownPath = async (tx: Tx, userId: string, id: string): Promise<PathRow> => {
    const row = await tx
      .selectFrom('tutor_learning_paths')
      .select(PATH_COLUMNS)
      .where('id', '=', id)
      .where('tutor_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw notFound('Learning path');
    return row;
  };

  const read = (tx: Tx, pathId: string, lessonId: string, revision: string) =>
    tx
      .selectFrom('tutor_lesson_contents')
      .select(['content', 'offline', 'created_at'])
      .where('path_id', '=', pathId)
      .where('lesson_id', '=', lessonId)
      .where('revision', '=', revision)
      .executeTakeFirst();

  return {
    async lesson(
      userId: string,
      pathId: string,
      lessonId: string,
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<TutorLessonPreview> {
      const { row, revision, stored } = await db.asUser(userId, async (tx) => {
        const row = await ownPath(tx, userId, pathId);
        const lesson = lessonsOf(row).find((l) => l.id === lessonId);
        if (!lesson) throw notFound('Lesson');
        const revision = lessonRevision(lesson);
        return { row, revision, stored: await read(tx, row.id, lessonId, revision) };
      });
      const lessons = lessonsOf(row);
      const position = lessons.findIndex((l) => l.id === lessonId);
      const lesson = lessons[position];
      const base = {
        pathId: row.id,
        status: row.status,
        lesson,
        position: position + 1,
        lessonCount: lessons.length,
      };
      // The tutor's own uploads are not the learner's: an outline shows no passages here (each
      // learner sees passages of their own material).
      const outline = (): TutorLessonPreview => ({
        ...base,
        offline: true,
        content: null,
        passages: [],
        generatedAt: null,
      });
      const full = (kept: { content: unknown; created_at: Date }): TutorLessonPreview => ({
        ...base,
        offline: false,
        content: kept.content as LessonContentBody,
        passages: [],
        generatedAt: iso(kept.created_at),
      });
      if (stored && !needsWriting(ctx, stored)) return stored.offline ? outline() : full(stored);

      // No transaction is open during the model call.
      const written = await generateLessonContent(
        ctx,
        userId,
        { pathTitle: row.title, topic: row.topic, lesson },
        { ...opts, shared: true },
      );
      if (written.offline) return outline();
      const kept = await db.asUser(userId, async (tx) => {
        await ownPath(tx, userId, pathId); // still theirs
        await tx
          .insertInto('tutor_lesson_contents')
          .values({
            path_id: row.id,
            lesson_id: lessonId,
            revision,
            title: lesson.title,
            content: JSON.stringify(written.content ?? {}),
            offline: false,
            created_by: userId,
          })
          .onConflict((oc) =>
            oc
              .columns(['path_id', 'lesson_id', 'revision'])
              .doUpdateSet({
                content: sql`excluded.content`,
                offline: sql`excluded.offline`,
                created_by: sql`excluded.created_by`,
                created_at: sql`now()`,
              })
              .where(sql<boolean>`tutor_lesson_contents.offline and not excluded.offline`),
          )
          .execute();
        return read(tx, row.id, lessonId, revision);
      });
      if (!kept) throw notFound('Lesson');
      return kept.offline ? outline() : full(kept);
    },
  };
}
