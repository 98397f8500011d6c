// Learning paths: generate (model or offline engine), list, get, rename, delete; lesson content
// on demand (generated once, kept: lesson-content.ts); lesson completion with progress and XP.
// Without a model a path is an outline, and opening a lesson shows its outline with the learner's
// own matching passages: the offline engine never writes teaching prose.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import {
  GeneratedPath,
  type CompleteLessonResponse,
  type Difficulty,
  type LearningPath,
  type LessonDetail,
  type LessonPlan,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { learningPathPrompt } from '../../platform/ai/prompts/learning_path.ts';
import { logActivity } from '../activity/log.ts';
import { completeLesson, recordLessonOpen } from './progress.ts';
import { afterSource } from '../concepts/service.ts';
import { knownConcepts } from '../concepts/known.ts';
import { offlineLearningPath } from './offline.ts';
import { salvagePath } from './salvage.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { milestonesOf } from '../xp/levels.ts';
import { COLUMNS, finalizeLessons, toPath, toProgress, toSummary, totalHours, type PathRow } from './rows.ts';
import { groundingTexts } from './own-material.ts';
import { keptLesson, lessonAt, lessonBody } from './lesson-content.ts';

// Kept here for the callers that import it from the service (the chat tests).
export { groundingTexts };

export function createLearningService(ctx: AppContext) {
  const { db } = ctx;

  async function loadPath(tx: Tx, id: string): Promise<PathRow> {
    const row = await tx.selectFrom('learning_paths').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Learning path');
    return row;
  }

  return {
    async create(
      userId: string,
      input: { topic: string; difficulty: Difficulty; goal?: string; hoursPerWeek?: number },
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<LearningPath> {
      const material = await groundingTexts(ctx, userId, input.topic, 4, opts.log);
      // What the learner already knows about it: a new path skips the mastered, revisits the weak.
      const known = await knownConcepts(ctx, userId, [input.topic, input.goal ?? '', ...material].join('\n'));
      // No transaction is open during the model call.
      const { object, usage } = await ctx.ai.generateObject({
        task: 'learning_path',
        userId,
        schema: GeneratedPath,
        system: learningPathPrompt.system,
        prompt: learningPathPrompt.build({ ...input, material, known }),
        signal: opts.signal,
        log: opts.log,
        salvage: salvagePath,
        offline: () => offlineLearningPath(input, material),
      });
      const lessons = finalizeLessons(object.lessons, input.difficulty);
      const row = await db.asUser(userId, (tx) =>
        tx
          .insertInto('learning_paths')
          .values({
            user_id: userId,
            title: object.title,
            description: object.description,
            topic: input.topic,
            difficulty_level: input.difficulty,
            estimated_hours: totalHours(lessons),
            lessons: JSON.stringify(lessons),
            objectives: JSON.stringify(object.objectives),
            goal: input.goal ?? null,
            offline: usage.provider === 'offline',
            progress: JSON.stringify({
              completed_lessons: [],
              current_lesson: lessons[0]?.id ?? null,
              completion_percentage: 0,
            }),
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow(),
      );
      logActivity(db, opts.log, userId, {
        kind: 'path_created',
        subjectType: 'learning_path',
        subjectId: row.id,
        pathId: row.id,
      });
      return toPath(row);
    },

    async list(userId: string, q: { cursor?: string; limit: number }) {
      const rows = await db.asUser(userId, (tx) =>
        newestFirst(
          tx
            .selectFrom('learning_paths')
            .select([
              'id',
              'title',
              'description',
              'topic',
              'difficulty_level',
              'estimated_hours',
              'lessons',
              'progress',
              'offline',
              'created_at',
              'updated_at',
            ])
            .where('user_id', '=', userId),
          { at: 'created_at', id: 'id', cursor: q.cursor, limit: q.limit },
        ).execute(),
      );
      return keysetPage(rows, q.limit, toSummary);
    },

    get: (userId: string, id: string) => db.asUser(userId, async (tx) => toPath(await loadPath(tx, id))),

    async rename(userId: string, id: string, title: string): Promise<LearningPath> {
      const row = await db.asUser(userId, (tx) =>
        tx
          .updateTable('learning_paths')
          .set({ title })
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirst(),
      );
      if (!row) throw notFound('Learning path');
      return toPath(row);
    },

    async remove(userId: string, id: string): Promise<void> {
      const r = await db.asUser(userId, (tx) =>
        tx.deleteFrom('learning_paths').where('id', '=', id).executeTakeFirst(),
      );
      if (!Number(r.numDeletedRows)) throw notFound('Learning path');
    },

    async lesson(
      userId: string,
      id: string,
      lessonId: string,
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<LessonDetail> {
      const readKept = (tx: Tx) =>
        tx
          .selectFrom('lesson_contents')
          .select(['content', 'offline', 'created_at'])
          .where('path_id', '=', id)
          .where('lesson_id', '=', lessonId)
          .executeTakeFirst();
      const { path, at, stored } = await db.asUser(userId, async (tx) => {
        const path = await loadPath(tx, id);
        const at = lessonAt(path.lessons as LessonPlan[], lessonId);
        if (!at) throw notFound('Lesson');
        const stored = await readKept(tx);
        if (stored) await recordLessonOpen(tx, { table: 'learning_paths', id }, lessonId, userId);
        return { path, at, stored };
      });
      const input = { pathTitle: path.title, topic: path.topic, lesson: at.lesson };
      const kept = await keptLesson(ctx, userId, input, stored, opts, async (written) => {
        // Two first opens at once: the first insert wins and both answers show the kept content. A
        // model's lesson replaces an offline outline (and only that).
        return db.asUser(userId, async (tx) => {
          await tx
            .insertInto('lesson_contents')
            .values({
              path_id: id,
              lesson_id: lessonId,
              user_id: userId,
              title: at.lesson.title,
              content: JSON.stringify(written.content ?? {}),
              body: written.body,
              offline: written.offline,
            })
            .onConflict((oc) =>
              oc
                .columns(['path_id', 'lesson_id'])
                .doUpdateSet({
                  content: sql`excluded.content`,
                  body: sql`excluded.body`,
                  offline: sql`excluded.offline`,
                  created_at: sql`now()`,
                })
                .where(sql<boolean>`lesson_contents.offline and not excluded.offline`),
            )
            .execute();
          await recordLessonOpen(tx, { table: 'learning_paths', id }, lessonId, userId);
          return readKept(tx);
        });
      });
      if (!kept) throw notFound('Learning path'); // deleted while generating
      // Every open is activity, as a tutor path's lesson's is (enrollment-lessons.ts), not only the
      // first that writes the lesson. Opening earns no XP: completing does (complete below).
      logActivity(db, opts.log, userId, {
        kind: 'lesson_opened',
        subjectType: 'lesson',
        subjectId: lessonId,
        pathId: id,
        lessonId,
      });
      return {
        pathId: id,
        ...at,
        completed: (path.progress?.completed_lessons ?? []).includes(lessonId),
        ...(await lessonBody(ctx, userId, kept, input, opts.log)),
      };
    },

    async complete(
      userId: string,
      id: string,
      lessonId: string,
      log: FastifyBaseLogger,
    ): Promise<CompleteLessonResponse> {
      const r = await db.asUser(userId, async (tx) => {
        const path = await tx
          .selectFrom('learning_paths')
          .select('lessons')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!path) throw notFound('Learning path');
        const ids = (path.lessons as LessonPlan[]).map((l) => l.id);
        return completeLesson(tx, { table: 'learning_paths', id }, ids, lessonId, userId);
      });
      if (r.newlyCompleted) {
        logActivity(
          db,
          log,
          userId,
          {
            kind: 'lesson_completed',
            subjectType: 'lesson',
            subjectId: lessonId,
            pathId: id,
            lessonId,
            metadata: { xp: r.xpAwarded },
          },
          ...(r.pathFinished
            ? [{ kind: 'path_finished', subjectType: 'learning_path', subjectId: id, pathId: id }]
            : []),
        );
      }
      // The lesson's objectives join the concept map (and, when automatic, become cards).
      await afterSource(ctx, userId, { type: 'lesson', id, lessonId }, log);
      return {
        progress: toProgress(r.progress),
        newlyCompleted: r.newlyCompleted,
        pathFinished: r.pathFinished,
        xpAwarded: r.xpAwarded,
        xp: r.xp,
        milestones: milestonesOf(r.xp, r.xpAwarded, r.dailyGoalMet),
      };
    },
  };
}
export type LearningService = ReturnType<typeof createLearningService>;
