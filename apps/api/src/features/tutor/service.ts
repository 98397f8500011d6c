// Tutors authoring paths: by hand or from an AI draft; draft → published ⇄ archived; revisions keep
// learners' progress. The tutor profile and public page are in profile.ts, the catalog in
// catalog.ts, enrolments in enrollments.ts, the dashboard in dashboard.ts.
import type { FastifyBaseLogger } from 'fastify';
import {
  GeneratedPath,
  type Difficulty,
  type LessonPlan,
  type TutorLessonInput,
  type TutorPath,
  type TutorPathStatus,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { learningPathPrompt } from '../../platform/ai/prompts/learning_path.ts';
import { offlineLearningPath } from '../learning/offline.ts';
import { salvagePath } from '../learning/salvage.ts';
import { finalizeLessons, totalHours } from '../learning/rows.ts';
import { groundingTexts } from '../learning/own-material.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { draftHash, numberLessons, reviseLessons } from './lessons.ts';
import { learnerCounts, PATH_COLUMNS, toPathSummary, toTutorPath, type OwnPathRow } from './rows.ts';
import { requireTutor } from './profile.ts';

export function createTutorService(ctx: AppContext) {
  const { db } = ctx;

  /** The caller's own path (someone else's, even published, is "not found" here). */
  async function ownPath(tx: Tx, userId: string, id: string, lock = false): Promise<OwnPathRow> {
    let q = tx
      .selectFrom('tutor_learning_paths')
      .select(PATH_COLUMNS)
      .where('id', '=', id)
      .where('tutor_id', '=', userId);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Learning path');
    return row as OwnPathRow;
  }

  async function withCount(tx: Tx, row: OwnPathRow): Promise<TutorPath> {
    const counts = await learnerCounts(tx, [row.id]);
    return toTutorPath(row, counts.get(row.id) ?? 0);
  }

  async function insertPath(
    userId: string,
    v: {
      title: string;
      description?: string | null;
      topic?: string | null;
      difficulty: Difficulty;
      estimatedHours?: number | null;
      objectives: string[];
      lessons: Omit<TutorLessonInput, 'id'>[];
      requireSocratic?: boolean;
    },
    /** The lessons are the offline engine's draft: recorded, so that unedited they are no material. */
    offlineDraft = false,
  ): Promise<TutorPath> {
    const { lessons, counter } = numberLessons(v.lessons, 0);
    const drafts = offlineDraft ? Object.fromEntries(lessons.map((l) => [l.id, draftHash(l)])) : {};
    const row = await db.asUser(userId, async (tx) => {
      await requireTutor(tx, userId);
      return tx
        .insertInto('tutor_learning_paths')
        .values({
          tutor_id: userId,
          title: v.title,
          description: v.description ?? null,
          topic: v.topic ?? null,
          difficulty_level: v.difficulty,
          estimated_hours: v.estimatedHours ?? null,
          objectives: JSON.stringify(v.objectives),
          lessons: JSON.stringify(lessons),
          lesson_counter: counter,
          require_socratic: v.requireSocratic ?? false,
          offline_drafts: JSON.stringify(drafts),
        })
        .returning(PATH_COLUMNS)
        .executeTakeFirstOrThrow();
    });
    return toTutorPath(row as OwnPathRow, 0);
  }

  return {
    createPath: (userId: string, input: Parameters<typeof insertPath>[1]) => insertPath(userId, input),

    /** A draft path from the model (or the offline engine): the same lesson structure as learners' paths. */
    async generatePath(
      userId: string,
      input: { topic: string; difficulty: Difficulty; goal?: string; hoursPerWeek?: number },
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<TutorPath> {
      // Fail before the model call, not after it.
      await db.asUser(userId, (tx) => requireTutor(tx, userId));
      const material = await groundingTexts(ctx, userId, input.topic, 4, opts.log);
      const { object, usage } = await ctx.ai.generateObject({
        task: 'learning_path',
        userId,
        schema: GeneratedPath,
        system: learningPathPrompt.system,
        prompt: learningPathPrompt.build({ ...input, material }),
        signal: opts.signal,
        log: opts.log,
        salvage: salvagePath,
        offline: () => offlineLearningPath(input, material),
      });
      const lessons = finalizeLessons(object.lessons, input.difficulty).map(({ id: _id, ...l }) => l);
      return insertPath(
        userId,
        {
          title: object.title,
          description: object.description,
          topic: input.topic,
          difficulty: input.difficulty,
          estimatedHours: totalHours(lessons),
          objectives: object.objectives,
          lessons,
        },
        usage.provider === 'offline',
      );
    },

    async listPaths(userId: string, q: { cursor?: string; limit: number; status?: TutorPathStatus }) {
      return db.asUser(userId, async (tx) => {
        let query = tx.selectFrom('tutor_learning_paths').select(PATH_COLUMNS).where('tutor_id', '=', userId);
        if (q.status) query = query.where('status', '=', q.status);
        const rows = await newestFirst(query, {
          at: 'created_at',
          id: 'id',
          cursor: q.cursor,
          limit: q.limit,
        }).execute();
        const counts = await learnerCounts(
          tx,
          rows.map((r) => r.id),
        );
        return keysetPage(rows, q.limit, (r) => toPathSummary(r, counts.get(r.id) ?? 0));
      });
    },

    getPath: (userId: string, id: string) =>
      db.asUser(userId, async (tx) => withCount(tx, await ownPath(tx, userId, id))),

    /**
     * Edits a path. `lessons` is the whole ordered list: lessons keep their ids (and learners'
     * progress), new ones get fresh ids, left-out ones are removed. Revising the lessons of a
     * published or archived path bumps its version (the database does it).
     */
    async updatePath(
      userId: string,
      id: string,
      patch: {
        title?: string;
        description?: string | null;
        topic?: string | null;
        difficulty?: Difficulty;
        estimatedHours?: number | null;
        objectives?: string[];
        lessons?: TutorLessonInput[];
        requireSocratic?: boolean;
      },
    ): Promise<TutorPath> {
      return db.asUser(userId, async (tx) => {
        const current = await ownPath(tx, userId, id, true);
        const revised = patch.lessons
          ? reviseLessons(current.lessons as never, patch.lessons, current.lesson_counter)
          : null;
        if (revised && !revised.lessons.length && current.status !== 'draft')
          throw conflict('A published or archived path keeps at least one lesson.', 'path_needs_lessons');
        const set = {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.description !== undefined ? { description: patch.description || null } : {}),
          ...(patch.topic !== undefined ? { topic: patch.topic || null } : {}),
          ...(patch.difficulty !== undefined ? { difficulty_level: patch.difficulty } : {}),
          ...(patch.estimatedHours !== undefined ? { estimated_hours: patch.estimatedHours } : {}),
          ...(patch.objectives !== undefined ? { objectives: JSON.stringify(patch.objectives) } : {}),
          ...(revised ? { lessons: JSON.stringify(revised.lessons), lesson_counter: revised.counter } : {}),
          ...(patch.requireSocratic !== undefined ? { require_socratic: patch.requireSocratic } : {}),
        };
        if (!Object.keys(set).length) return withCount(tx, current);
        const row = await tx
          .updateTable('tutor_learning_paths')
          .set(set)
          .where('id', '=', id)
          .returning(PATH_COLUMNS)
          .executeTakeFirstOrThrow();
        return withCount(tx, row as OwnPathRow);
      });
    },

    /**
     * Edits one lesson in place: only the fields sent change; the lesson keeps its id, so learners'
     * progress on it stays. On a published or archived path this is a revision (the version goes up,
     * and learners get fresh content for this lesson only).
     */
    async updateLesson(
      userId: string,
      id: string,
      lessonId: string,
      patch: Partial<Omit<TutorLessonInput, 'id'>>,
    ): Promise<TutorPath> {
      return db.asUser(userId, async (tx) => {
        const current = await ownPath(tx, userId, id, true);
        const lessons = current.lessons as LessonPlan[];
        const at = lessons.findIndex((l) => l.id === lessonId);
        if (at < 0) throw notFound('Lesson');
        const next = lessons.map((l, i) => (i === at ? { ...l, ...definedOnly(patch), id: l.id } : l));
        if (JSON.stringify(next[at]) === JSON.stringify(lessons[at])) return withCount(tx, current);
        const row = await tx
          .updateTable('tutor_learning_paths')
          .set({ lessons: JSON.stringify(next) })
          .where('id', '=', id)
          .returning(PATH_COLUMNS)
          .executeTakeFirstOrThrow();
        return withCount(tx, row as OwnPathRow);
      });
    },

    /** Draft or archived → published (idempotent). */
    async publishPath(userId: string, id: string): Promise<TutorPath> {
      return db.asUser(userId, async (tx) => {
        const current = await ownPath(tx, userId, id, true);
        if (current.status === 'published') return withCount(tx, current);
        if (!current.lessons.length)
          throw conflict('Add at least one lesson before publishing.', 'path_needs_lessons');
        const row = await tx
          .updateTable('tutor_learning_paths')
          .set({ status: 'published' })
          .where('id', '=', id)
          .returning(PATH_COLUMNS)
          .executeTakeFirstOrThrow();
        return withCount(tx, row as OwnPathRow);
      });
    },

    /** Published → archived (idempotent): closed to new learners; enrolled learners keep it. */
    async archivePath(userId: string, id: string): Promise<TutorPath> {
      return db.asUser(userId, async (tx) => {
        const current = await ownPath(tx, userId, id, true);
        if (current.status === 'archived') return withCount(tx, current);
        if (current.status === 'draft')
          throw conflict(
            'A draft has never been published: delete it instead of archiving it.',
            'path_is_draft',
          );
        const row = await tx
          .updateTable('tutor_learning_paths')
          .set({ status: 'archived' })
          .where('id', '=', id)
          .returning(PATH_COLUMNS)
          .executeTakeFirstOrThrow();
        return withCount(tx, row as OwnPathRow);
      });
    },

    /** Drafts only: a path that was ever published may hold learners' progress, so it is archived instead. */
    async deletePath(userId: string, id: string): Promise<void> {
      await db.asUser(userId, async (tx) => {
        const current = await ownPath(tx, userId, id, true);
        if (current.status !== 'draft')
          throw conflict(
            'Only drafts can be deleted: archive a published path so its learners keep their progress.',
            'path_not_draft',
          );
        await tx.deleteFrom('tutor_learning_paths').where('id', '=', id).execute();
      });
    },
  };
}
export type TutorService = ReturnType<typeof createTutorService>;

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
