// A learner's way through an enrolled tutor path: opening a lesson (its plan, or its full content,
// written once per revision and shared by the path's learners and tutor) and completing it through
// the same progress + XP code as learners' own paths.
import type { FastifyBaseLogger } from 'fastify';
import type {
  CompleteLessonResponse,
  EnrollmentLesson,
  EnrollmentLessonDetail,
  LessonPlan,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { completeLesson, recordLessonOpen } from '../learning/progress.ts';
import { afterSource } from '../concepts/service.ts';
import { keptLesson, lessonAt, lessonBody } from '../learning/lesson-content.ts';
import { toProgress } from '../learning/rows.ts';
import { milestonesOf } from '../xp/levels.ts';
import { lessonRevision } from './lessons.ts';
import { keepTutorLesson, readTutorLesson } from './lesson-contents.ts';
import { lessonIdsOf, lessonsOf } from './rows.ts';
import { loadEnrollment, type EnrollmentRow } from './enrollments.ts';

/** A lesson of an enrolled path as its plan shows it. */
const toLesson = (id: string, row: EnrollmentRow, at: { lesson: LessonPlan; position: number }) => ({
  enrollmentId: id,
  pathId: row.id,
  ...at,
  completed: (row.progress?.completed_lessons ?? []).includes(at.lesson.id),
});

export function createEnrollmentLessonService(ctx: AppContext) {
  const { db } = ctx;

  /** Opens a lesson of one of the caller's enrolments (404 when the path has no such lesson). */
  async function open(tx: Tx, userId: string, id: string, lessonId: string) {
    const row = await loadEnrollment(tx, userId, id);
    const at = lessonAt(lessonsOf(row), lessonId);
    if (!at) throw notFound('Lesson');
    // Activity for the tutor's dashboard, and the open that lets completing it pay XP.
    await tx
      .updateTable('path_enrollments')
      .set({ last_activity_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordLessonOpen(tx, { table: 'path_enrollments', id }, lessonId, userId);
    return { row, at };
  }

  const logOpen = (log: FastifyBaseLogger, userId: string, pathId: string, lessonId: string) =>
    logActivity(db, log, userId, {
      kind: 'lesson_opened',
      subjectType: 'tutor_lesson',
      subjectId: lessonId,
      pathId,
      lessonId,
    });

  return {
    /** A lesson of an enrolled path: the tutor's plan is its content here, so showing it opens it. */
    async lesson(
      userId: string,
      id: string,
      lessonId: string,
      log: FastifyBaseLogger,
    ): Promise<EnrollmentLesson> {
      const { row, at } = await db.asUser(userId, (tx) => open(tx, userId, id, lessonId));
      logOpen(log, userId, row.id, lessonId);
      return toLesson(id, row, at);
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
      const { row, at, key, stored } = await db.asUser(userId, async (tx) => {
        const { row, at } = await open(tx, userId, id, lessonId);
        const key = { pathId: row.id, lessonId, revision: lessonRevision(at.lesson) };
        return { row, at, key, stored: await readTutorLesson(tx, key) };
      });
      const input = { pathTitle: row.title, topic: row.topic, lesson: at.lesson };
      logOpen(opts.log, userId, row.id, lessonId);
      const kept = await keptLesson(ctx, userId, input, stored, { ...opts, shared: true }, (written) =>
        db.asUser(userId, async (tx) => {
          await loadEnrollment(tx, userId, id); // still enrolled
          return keepTutorLesson(tx, { ...key, title: at.lesson.title, userId }, written);
        }),
      );
      if (!kept) throw notFound('Enrolment');
      // An offline outline's passages are the reader's own: found per reader, never stored or shared.
      return { ...toLesson(id, row, at), ...(await lessonBody(ctx, userId, kept, input, opts.log)) };
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
