// A learner's way through an enrolled tutor path: opening a lesson (its plan, or its full content,
// written once per revision and shared by the path's learners and tutor) and completing it through
// the same progress + XP code as learners' own paths.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { CompleteLessonResponse, EnrollmentLesson, EnrollmentLessonDetail } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { completeLesson, recordLessonOpen } from '../learning/progress.ts';
import { afterSource } from '../concepts/service.ts';
import { generateLessonContent, lessonBody, needsWriting } from '../learning/lesson-content.ts';
import { toProgress } from '../learning/rows.ts';
import { iso } from '../../platform/db/values.ts';
import { milestonesOf } from '../xp/levels.ts';
import { lessonRevision } from './lessons.ts';
import { lessonIdsOf, lessonsOf } from './rows.ts';
import { loadEnrollment } from './enrollments.ts';

export function createEnrollmentLessonService(ctx: AppContext) {
  const { db } = ctx;

  return {
    /** A lesson of an enrolled path; opening it counts as activity for the tutor's dashboard. */
    async lesson(
      userId: string,
      id: string,
      lessonId: string,
      log: FastifyBaseLogger,
    ): Promise<EnrollmentLesson> {
      const row = await db.asUser(userId, async (tx) => {
        const row = await loadEnrollment(tx, userId, id);
        if (!lessonIdsOf(row).includes(lessonId)) throw notFound('Lesson');
        await tx
          .updateTable('path_enrollments')
          .set({ last_activity_at: new Date() })
          .where('id', '=', id)
          .execute();
        // The tutor's plan is the lesson's content here: showing it opens the lesson.
        await recordLessonOpen(tx, { table: 'path_enrollments', id }, lessonId, userId);
        return row;
      });
      const lessons = lessonsOf(row);
      const position = lessons.findIndex((l) => l.id === lessonId);
      const lesson = lessons[position];
      if (!lesson) throw notFound('Lesson');
      logActivity(db, log, userId, {
        kind: 'lesson_opened',
        subjectType: 'tutor_lesson',
        subjectId: lessonId,
        pathId: row.id,
        lessonId,
      });
      return {
        enrollmentId: id,
        pathId: row.id,
        lesson,
        position: position + 1,
        completed: (row.progress?.completed_lessons ?? []).includes(lessonId),
      };
    },

    /**
     * A lesson of an enrolled path with its full content, as for a learner's own path: generated on
     * the first open of this revision of the lesson (by any of the path's learners), then kept and
     * shared by the path's learners and its tutor.
     */
    async content(
      userId: string,
      id: string,
      lessonId: string,
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<EnrollmentLessonDetail> {
      const read = (tx: Tx, pathId: string, revision: string) =>
        tx
          .selectFrom('tutor_lesson_contents')
          .select(['content', 'offline', 'created_at'])
          .where('path_id', '=', pathId)
          .where('lesson_id', '=', lessonId)
          .where('revision', '=', revision)
          .executeTakeFirst();
      const { row, revision, stored } = await db.asUser(userId, async (tx) => {
        const row = await loadEnrollment(tx, userId, id);
        const lesson = lessonsOf(row).find((l) => l.id === lessonId);
        if (!lesson) throw notFound('Lesson');
        await tx
          .updateTable('path_enrollments')
          .set({ last_activity_at: new Date() })
          .where('id', '=', id)
          .execute();
        const revision = lessonRevision(lesson);
        await recordLessonOpen(tx, { table: 'path_enrollments', id }, lessonId, userId);
        return { row, revision, stored: await read(tx, row.id, revision) };
      });
      const lessons = lessonsOf(row);
      const position = lessons.findIndex((l) => l.id === lessonId);
      const lesson = lessons[position];
      if (!lesson) throw notFound('Lesson');
      const input = { pathTitle: row.title, topic: row.topic, lesson };
      // An offline outline's passages are the reader's own: found per reader, never stored or shared.
      const detail = async (kept: {
        content: unknown;
        offline: boolean;
        created_at: Date;
      }): Promise<EnrollmentLessonDetail> => ({
        enrollmentId: id,
        pathId: row.id,
        lesson,
        position: position + 1,
        completed: (row.progress?.completed_lessons ?? []).includes(lessonId),
        ...(await lessonBody(ctx, userId, kept, input, opts.log)),
        generatedAt: iso(kept.created_at),
      });
      logActivity(db, opts.log, userId, {
        kind: 'lesson_opened',
        subjectType: 'tutor_lesson',
        subjectId: lessonId,
        pathId: row.id,
        lessonId,
      });
      if (stored && !needsWriting(ctx, stored)) return detail(stored);

      // No transaction is open during the model call.
      const written = await generateLessonContent(ctx, userId, input, { ...opts, shared: true });
      // Two first opens at once (one learner or two): the first insert wins, both show the kept
      // content. A model's lesson replaces an offline outline (and only that).
      const kept = await db.asUser(userId, async (tx) => {
        await loadEnrollment(tx, userId, id); // still enrolled
        await tx
          .insertInto('tutor_lesson_contents')
          .values({
            path_id: row.id,
            lesson_id: lessonId,
            revision,
            title: lesson.title,
            content: JSON.stringify(written.content ?? {}),
            offline: written.offline,
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
        return read(tx, row.id, revision);
      });
      if (!kept) throw notFound('Enrolment');
      return detail(kept);
    },

    /** Completes a lesson exactly as for a learner's own path (progress, XP once, path-finished bonus). */
    async complete(
      userId: string,
      id: string,
      lessonId: string,
      log: FastifyBaseLogger,
    ): Promise<CompleteLessonResponse> {
      const { r, pathId } = await db.asUser(userId, async (tx) => {
        const row = await loadEnrollment(tx, userId, id);
        const r = await completeLesson(
          tx,
          { table: 'path_enrollments', id },
          lessonIdsOf(row),
          lessonId,
          userId,
        );
        return { r, pathId: row.id };
      });
      if (r.newlyCompleted) {
        logActivity(
          db,
          log,
          userId,
          {
            kind: 'lesson_completed',
            subjectType: 'tutor_lesson',
            subjectId: lessonId,
            pathId,
            lessonId,
            metadata: { xp: r.xpAwarded },
          },
          ...(r.pathFinished
            ? [{ kind: 'path_finished', subjectType: 'tutor_path', subjectId: pathId, pathId }]
            : []),
        );
      }
      // Its objectives become concepts (and cards, with automatic cards on), as on an own path.
      await afterSource(ctx, userId, { type: 'lesson', id: pathId, lessonId }, log);
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
