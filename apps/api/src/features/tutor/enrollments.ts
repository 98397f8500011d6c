// Learners' enrolments in published tutor paths: enrol, list, read, leave (the row and its progress
// stay; enrolling again resumes). Opening and completing lessons is in enrollment-lessons.ts.
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { Enrollment, EnrollmentDetail } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { iso } from '../../platform/db/values.ts';
import { effectiveProgress, isComplete } from './lessons.ts';
import { lessonIdsOf, lessonsOf, toByline, tutoredPathQuery, type TutoredPathRow } from './rows.ts';

/** A path with its tutor, and the caller's enrolment in it (enrollment_id: its id). */
export type EnrollmentRow = TutoredPathRow & { enrollment_id: string } & Pick<
    Selectable<DB['path_enrollments']>,
    'progress' | 'enrolled_at' | 'last_activity_at' | 'completed_at'
  >;

/** The caller's current enrolments, each with its path and tutor (the catalog's path query). */
const enrollmentQuery = (tx: Tx, userId: string) =>
  tutoredPathQuery(tx)
    .innerJoin('path_enrollments as e', 'e.path_id', 'p.id')
    .select(['e.id as enrollment_id', 'e.progress', 'e.enrolled_at', 'e.last_activity_at', 'e.completed_at'])
    .where('e.user_id', '=', userId)
    .where('e.left_at', 'is', null);

/** One of the caller's current enrolments (404 once left, or someone else's). */
export async function loadEnrollment(tx: Tx, userId: string, id: string): Promise<EnrollmentRow> {
  const row = await enrollmentQuery(tx, userId).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Enrolment');
  return row;
}

function toEnrollment(r: EnrollmentRow): Enrollment {
  const ids = lessonIdsOf(r);
  const progress = effectiveProgress(r.progress, ids);
  return {
    id: r.enrollment_id,
    pathId: r.id,
    path: {
      title: r.title,
      topic: r.topic,
      difficulty: r.difficulty_level,
      status: r.status,
      version: r.version,
      lessonCount: ids.length,
      tutor: toByline(r),
      tutorLeft: r.tutor_left_at !== null,
    },
    progress,
    enrolledAt: iso(r.enrolled_at),
    lastActivityAt: iso(r.last_activity_at),
    // A lesson added after the learner finished reopens the path.
    completedAt: isComplete(progress, ids) ? iso(r.completed_at ?? r.last_activity_at) : null,
  };
}

const toEnrollmentDetail = (r: EnrollmentRow): EnrollmentDetail => ({
  ...toEnrollment(r),
  description: r.description,
  objectives: r.objectives as string[],
  lessons: lessonsOf(r),
});

export function createEnrollmentService(ctx: AppContext) {
  const { db } = ctx;

  return {
    /** Enrols the caller in a published path; enrolling again after leaving resumes the old progress. */
    async enroll(userId: string, pathId: string, log: FastifyBaseLogger): Promise<EnrollmentDetail> {
      const row = await db.asUser(userId, async (tx) => {
        const path = await tx
          .selectFrom('tutor_learning_paths')
          .select(['id', 'status', 'tutor_id'])
          .where('id', '=', pathId)
          .executeTakeFirst();
        // A draft, an archived path or someone's deleted path: all "not found" to a would-be learner.
        if (!path || path.status !== 'published') throw notFound('Learning path');
        if (path.tutor_id === userId)
          throw conflict('You teach this path: preview it from your tutor paths instead.', 'own_path');
        const existing = await tx
          .selectFrom('path_enrollments')
          .select(['id', 'left_at'])
          .where('path_id', '=', pathId)
          .where('user_id', '=', userId)
          .forUpdate()
          .executeTakeFirst();
        if (existing && !existing.left_at)
          throw conflict('You are already enrolled in this path.', 'already_enrolled');
        let id: string;
        if (existing) {
          await tx
            .updateTable('path_enrollments')
            .set({ left_at: null, last_activity_at: new Date() })
            .where('id', '=', existing.id)
            .execute();
          id = existing.id;
        } else {
          // A concurrent duplicate enrolment hits unique (path_id, user_id): 409.
          const lessons = await tx
            .selectFrom('tutor_learning_paths')
            .select('lessons')
            .where('id', '=', pathId)
            .executeTakeFirstOrThrow();
          const ids = lessonIdsOf(lessons);
          const inserted = await tx
            .insertInto('path_enrollments')
            .values({
              path_id: pathId,
              user_id: userId,
              progress: JSON.stringify({
                completed_lessons: [],
                current_lesson: ids[0] ?? null,
                completion_percentage: 0,
              }),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = inserted.id;
        }
        return loadEnrollment(tx, userId, id);
      });
      logActivity(db, log, userId, {
        kind: 'path_enrolled',
        subjectType: 'tutor_path',
        subjectId: pathId,
        pathId,
      });
      return toEnrollmentDetail(row);
    },

    /** The caller's current enrolments, most recent first. */
    async list(userId: string, q: { cursor?: string; limit: number }) {
      const rows = await db.asUser(userId, (tx) =>
        newestFirst(enrollmentQuery(tx, userId), {
          at: 'e.enrolled_at',
          id: 'e.id',
          cursor: q.cursor,
          limit: q.limit,
        }).execute(),
      );
      return keysetPage(rows, q.limit, toEnrollment);
    },

    get: (userId: string, id: string) =>
      db.asUser(userId, async (tx) => toEnrollmentDetail(await loadEnrollment(tx, userId, id))),

    /** Leaves a path: it drops out of the learner's list and the tutor's; the progress is kept for a return. */
    async leave(userId: string, id: string, log: FastifyBaseLogger): Promise<void> {
      const r = await db.asUser(userId, (tx) =>
        tx
          .updateTable('path_enrollments')
          .set({ left_at: new Date() })
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .where('left_at', 'is', null)
          .returning('path_id')
          .executeTakeFirst(),
      );
      if (!r) throw notFound('Enrolment');
      logActivity(db, log, userId, {
        kind: 'path_left',
        subjectType: 'tutor_path',
        subjectId: r.path_id,
        pathId: r.path_id,
      });
    },
  };
}
