// A tutor's own path as its learners see it: each lesson's body exactly as an enrolled learner
// opening it gets it (the kept full lesson of its current revision; with a model connected and none
// kept yet, written now from the tutor's plan and kept for the path's learners; without a model,
// the outline). Drafts included, so a path can be checked before it is published.
import type { FastifyBaseLogger } from 'fastify';
import type { LessonContentBody, TutorLessonPreview } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { iso } from '../../platform/db/values.ts';
import { keptLesson, lessonAt } from '../learning/lesson-content.ts';
import { keepTutorLesson, readTutorLesson } from './lesson-contents.ts';
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

  return {
    async lesson(
      userId: string,
      pathId: string,
      lessonId: string,
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<TutorLessonPreview> {
      const { row, at, key, stored } = await db.asUser(userId, async (tx) => {
        const row = await ownPath(tx, userId, pathId);
        const at = lessonAt(lessonsOf(row), lessonId);
        if (!at) throw notFound('Lesson');
        const key = { pathId: row.id, lessonId, revision: lessonRevision(at.lesson) };
        return { row, at, key, stored: await readTutorLesson(tx, key) };
      });
      const { lesson, position } = at;
      const base = {
        pathId: row.id,
        status: row.status,
        lesson,
        position,
        lessonCount: row.lessons.length,
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
      const input = { pathTitle: row.title, topic: row.topic, lesson };
      const kept = await keptLesson(
        ctx,
        userId,
        input,
        stored,
        { ...opts, shared: true },
        async (written) => {
          if (written.offline) return undefined; // no model: the outline, and nothing kept
          const kept = await db.asUser(userId, async (tx) => {
            await ownPath(tx, userId, pathId); // still theirs
            return keepTutorLesson(tx, { ...key, title: lesson.title, userId }, written);
          });
          if (!kept) throw notFound('Lesson');
          return kept;
        },
      );
      return kept && !kept.offline ? full(kept) : outline();
    },
  };
}
