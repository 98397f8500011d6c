// The catalog of published tutor paths (search by words, topic, difficulty, tutor) and learners'
// enrolments: enrol, leave (the row and its progress stay; enrolling again resumes), lessons, and
// lesson completion through the same progress + XP code as learners' own paths.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type {
  CatalogPath,
  CatalogPathDetail,
  CompleteLessonResponse,
  Difficulty,
  Enrollment,
  EnrollmentDetail,
  EnrollmentLesson,
  EnrollmentLessonDetail,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { ProgressJson } from '../../platform/db/schema.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { completeLesson, recordLessonOpen } from '../learning/progress.ts';
import { afterSource } from '../concepts/service.ts';
import { generateLessonContent, lessonBody, needsWriting, toProgress } from '../learning/service.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import { effectiveProgress, isComplete, lessonRevision } from './lessons.ts';
import { learnerCounts, lessonIdsOf, lessonsOf, pathCore, toByline, type PathRow } from './rows.ts';
import { iso } from '../../platform/db/values.ts';
import { milestonesOf } from '../xp/levels.ts';

type CatalogRow = PathRow & {
  tutor_left_at: Date | null;
  tutor_name: string | null;
  tutor_avatar: string | null;
  tutor_headline: string | null;
  k: string | null;
};

const catalogQuery = (tx: Tx) =>
  tx
    .selectFrom('tutor_learning_paths as p')
    // Left joins: a path whose tutor left has no tutor (its learners still read it).
    .leftJoin('tutor_profiles as t', 't.user_id', 'p.tutor_id')
    .leftJoin('public_profiles as u', 'u.id', 'p.tutor_id')
    .select([
      'p.id',
      'p.tutor_id',
      'p.title',
      'p.description',
      'p.topic',
      'p.difficulty_level',
      'p.estimated_hours',
      'p.objectives',
      'p.lessons',
      'p.status',
      'p.version',
      'p.published_at',
      'p.lesson_counter',
      'p.require_socratic',
      'p.created_at',
      'p.updated_at',
      'p.tutor_left_at',
      't.headline as tutor_headline',
      'u.display_name as tutor_name',
      'u.avatar_url as tutor_avatar',
      // The keyset cursor's exact (microsecond) key: a JS Date would round it to milliseconds.
      exactTs('p.published_at').as('k'),
    ]);

type EnrollmentRow = Omit<CatalogRow, 'k'> & {
  enrollment_id: string;
  progress: ProgressJson;
  enrolled_at: Date;
  last_activity_at: Date;
  completed_at: Date | null;
  k: string;
};

const enrollmentQuery = (tx: Tx, userId: string) =>
  tx
    .selectFrom('path_enrollments as e')
    .innerJoin('tutor_learning_paths as p', 'p.id', 'e.path_id')
    .leftJoin('tutor_profiles as t', 't.user_id', 'p.tutor_id')
    .leftJoin('public_profiles as u', 'u.id', 'p.tutor_id')
    .select([
      'e.id as enrollment_id',
      'e.progress',
      'e.enrolled_at',
      'e.last_activity_at',
      'e.completed_at',
      'p.id',
      'p.tutor_id',
      'p.title',
      'p.description',
      'p.topic',
      'p.difficulty_level',
      'p.estimated_hours',
      'p.objectives',
      'p.lessons',
      'p.status',
      'p.version',
      'p.published_at',
      'p.lesson_counter',
      'p.require_socratic',
      'p.created_at',
      'p.updated_at',
      'p.tutor_left_at',
      't.headline as tutor_headline',
      'u.display_name as tutor_name',
      'u.avatar_url as tutor_avatar',
      exactTs('e.enrolled_at').as('k'),
    ])
    .where('e.user_id', '=', userId)
    .where('e.left_at', 'is', null);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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

export interface CatalogFilters {
  cursor?: string;
  limit: number;
  q?: string;
  topic?: string;
  difficulty?: Difficulty;
  tutorId?: string;
}

export function createCatalogService(ctx: AppContext) {
  const { db } = ctx;

  /** Published paths, newest publication first (keyset on published_at, id). */
  async function search(tx: Tx, viewerId: string, f: CatalogFilters) {
    const after = decodeCursor(f.cursor);
    let query = catalogQuery(tx).where('p.status', '=', 'published');
    if (f.q) {
      const q = f.q;
      const like = `%${escapeLike(q)}%`;
      // Words in the path, part of its title, the tutor's name, or one of the tutor's subjects.
      query = query.where(
        sql<boolean>`(p.search @@ websearch_to_tsquery('english', ${q}) or p.title ilike ${like} or u.display_name ilike ${like}
                      or exists (select 1 from unnest(t.subjects) s where lower(s) = lower(${q})))`,
      );
    }
    if (f.topic) query = query.where(sql<boolean>`lower(p.topic) = lower(${f.topic})`);
    if (f.difficulty) query = query.where('p.difficulty_level', '=', f.difficulty);
    if (f.tutorId) query = query.where('p.tutor_id', '=', f.tutorId);
    if (after)
      query = query.where(
        sql<boolean>`(p.published_at, p.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
      );
    const rows = (await query
      .orderBy('p.published_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit + 1)
      .execute()) as CatalogRow[];
    const ids = rows.map((r) => r.id);
    const counts = await learnerCounts(tx, ids);
    const mine = ids.length
      ? new Set(
          (
            await tx
              .selectFrom('path_enrollments')
              .select('path_id')
              .where('user_id', '=', viewerId)
              .where('left_at', 'is', null)
              .where('path_id', 'in', ids)
              .execute()
          ).map((e) => e.path_id),
        )
      : new Set<string>();
    // Published paths always have their tutor: a leaving tutor's paths are archived.
    const toItem = (r: CatalogRow): CatalogPath => ({
      ...pathCore(r, counts.get(r.id) ?? 0),
      tutor: toByline(r)!,
      enrolled: mine.has(r.id),
    });
    return toPage(rows, f.limit, toItem, (r) => encodeCursor(r.k!, r.id));
  }

  async function loadEnrollment(tx: Tx, userId: string, id: string): Promise<EnrollmentRow> {
    const row = await enrollmentQuery(tx, userId).where('e.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Enrolment');
    return row as EnrollmentRow;
  }

  return {
    search,

    list: (viewerId: string, f: CatalogFilters) => db.asUser(viewerId, (tx) => search(tx, viewerId, f)),

    /** A published path (or an archived one the caller is enrolled in). Drafts are nobody's business but their tutor's. */
    async get(viewerId: string, id: string): Promise<CatalogPathDetail> {
      return db.asUser(viewerId, async (tx) => {
        const row = (await catalogQuery(tx).where('p.id', '=', id).executeTakeFirst()) as
          CatalogRow | undefined;
        const enrollment = row
          ? await tx
              .selectFrom('path_enrollments')
              .select('id')
              .where('path_id', '=', id)
              .where('user_id', '=', viewerId)
              .where('left_at', 'is', null)
              .executeTakeFirst()
          : undefined;
        if (!row || !(row.status === 'published' || (row.status === 'archived' && enrollment)))
          throw notFound('Learning path');
        const counts = await learnerCounts(tx, [id]);
        return {
          ...pathCore(row, counts.get(id) ?? 0),
          tutor: toByline(row),
          tutorLeft: row.tutor_left_at !== null,
          enrolled: !!enrollment,
          status: row.status as 'published' | 'archived',
          objectives: row.objectives as string[],
          lessons: lessonsOf(row),
          enrollmentId: enrollment?.id ?? null,
        };
      });
    },

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
    async enrollments(userId: string, q: { cursor?: string; limit: number }) {
      const after = decodeCursor(q.cursor);
      const rows = await db.asUser(userId, (tx) => {
        let query = enrollmentQuery(tx, userId);
        if (after)
          query = query.where(
            sql<boolean>`(e.enrolled_at, e.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
          );
        return query
          .orderBy('e.enrolled_at', 'desc')
          .orderBy('e.id', 'desc')
          .limit(q.limit + 1)
          .execute();
      });
      return toPage(rows as EnrollmentRow[], q.limit, toEnrollment, (r) =>
        encodeCursor(r.k, r.enrollment_id),
      );
    },

    getEnrollment: (userId: string, id: string) =>
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
        lesson: lessons[position],
        position: position + 1,
        completed: (row.progress?.completed_lessons ?? []).includes(lessonId),
      };
    },

    /**
     * A lesson of an enrolled path with its full content, as for a learner's own path: generated on
     * the first open of this revision of the lesson (by any of the path's learners), then kept and
     * shared by the path's learners and its tutor.
     */
    async lessonContent(
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
      if (!needsWriting(ctx, stored)) return detail(stored!);

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
      await afterSource(ctx, userId, { type: 'lesson', id: pathId, lessonId }, log); // its objectives become concepts
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
