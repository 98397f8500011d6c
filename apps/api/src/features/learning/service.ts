// Learning paths: generate (model or offline engine), list, get, rename, delete; lesson content
// on demand (generated once, kept); lesson completion with progress and XP. Without a model a path
// is an outline, and opening a lesson shows its outline with the learner's own matching passages:
// the offline engine never writes teaching prose.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import {
  GeneratedPath,
  LessonContentBody,
  type CompleteLessonResponse,
  type Difficulty,
  type LearningPath,
  type LearningPathSummary,
  type LessonDetail,
  type LessonPassage,
  type LessonPlan,
  type PathProgress,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { searchAll } from '../../grounding.ts';
import { modelAnswers, type Passage } from '../../platform/ai/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { ProgressJson } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { learningPathPrompt } from '../../platform/ai/prompts/learning_path.ts';
import { lessonPrompt } from '../../platform/ai/prompts/lesson.ts';
import { logActivity } from '../activity/log.ts';
import { completeLesson, recordLessonOpen } from './progress.ts';
import { afterSource } from '../concepts/service.ts';
import { knownConcepts } from '../concepts/known.ts';
import { offlineLearningPath } from './offline.ts';
import { salvageLesson, salvagePath } from './salvage.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import { iso } from '../../platform/db/values.ts';
import { milestonesOf } from '../xp/levels.ts';

const LEVELS: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

export const toProgress = (p: Partial<ProgressJson> | null | undefined): PathProgress => ({
  completedLessons: p?.completed_lessons ?? [],
  currentLesson: p?.current_lesson ?? null,
  completionPercentage: p?.completion_percentage ?? 0,
});

/**
 * Stable ids, and difficulty as the learner asked (a model may slip): the first lesson at the
 * path's level, and never falling along the path.
 */
export function finalizeLessons(generated: GeneratedPath['lessons'], start: Difficulty): LessonPlan[] {
  let level = LEVELS.indexOf(start);
  return generated.map((l, i) => {
    if (i > 0) level = Math.max(level, LEVELS.indexOf(l.difficulty));
    return { ...l, id: `l${i + 1}`, difficulty: LEVELS[level] };
  });
}

/** A path's length from its lessons' minutes (a model's own total may not add up). */
export const totalHours = (lessons: { estimatedMinutes: number }[]) =>
  Math.max(1, Math.round(lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0) / 60));

type PathRow = {
  id: string;
  title: string;
  description: string | null;
  topic: string | null;
  difficulty_level: Difficulty | null;
  estimated_hours: number | null;
  lessons: unknown[];
  progress: ProgressJson;
  objectives?: string[];
  goal?: string | null;
  offline: boolean;
  created_at: Date;
  updated_at: Date;
};

const toSummary = (r: PathRow): LearningPathSummary => ({
  id: r.id,
  title: r.title,
  description: r.description,
  topic: r.topic,
  difficulty: r.difficulty_level,
  estimatedHours: r.estimated_hours,
  lessonCount: r.lessons.length,
  progress: toProgress(r.progress),
  offline: r.offline,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
const toPath = (r: PathRow): LearningPath => ({
  ...toSummary(r),
  goal: r.goal ?? null,
  objectives: r.objectives ?? [],
  lessons: r.lessons as LessonPlan[],
});

const COLUMNS = [
  'id',
  'title',
  'description',
  'topic',
  'difficulty_level',
  'estimated_hours',
  'lessons',
  'progress',
  'objectives',
  'goal',
  'offline',
  'created_at',
  'updated_at',
] as const;

/** Passages of the learner's own material (documents, lessons, messages) about `query`: one transaction. */
async function groundingPassages(
  ctx: AppContext,
  userId: string,
  query: string,
  limit: number,
  log?: FastifyBaseLogger,
): Promise<Passage[]> {
  const found: Passage[] = [];
  await ctx.db
    .asUser(userId, (tx) => searchAll(tx, ctx.grounding, userId, query, limit, {}, found))
    // A failing source: go ahead with what was found before it.
    .catch((err) => log?.warn({ err }, 'grounding source failed'));
  return found;
}

/** Texts from the learner's own material (documents, lessons, messages) about `query`: one transaction. */
export async function groundingTexts(
  ctx: AppContext,
  userId: string,
  query: string,
  limit: number,
  log?: FastifyBaseLogger,
): Promise<string[]> {
  return (await groundingPassages(ctx, userId, query, limit, log)).map((p) => p.text).slice(0, limit * 2);
}

type LessonInput = { pathTitle: string; topic: string | null; lesson: LessonPlan };

/** The passages of the reader's own uploaded documents that match a lesson's outline (offline lessons). */
async function outlinePassages(
  ctx: AppContext,
  userId: string,
  input: LessonInput,
  log?: FastifyBaseLogger,
): Promise<LessonPassage[]> {
  const query = [input.topic ?? input.pathTitle, input.lesson.title, ...input.lesson.outline].join(' ');
  const found = await groundingPassages(ctx, userId, query, 4, log);
  return found
    .filter((p) => p.sourceType === 'document')
    .slice(0, 4)
    .map((p) => ({ text: p.text, source: { uploadId: p.sourceId, title: p.title, page: p.page ?? null } }));
}

/** A kept lesson as the reader sees it: the model's lesson, or the outline with their own passages. */
export async function lessonBody(
  ctx: AppContext,
  userId: string,
  kept: { content: unknown; offline: boolean },
  input: LessonInput,
  log?: FastifyBaseLogger,
): Promise<Pick<LessonDetail, 'offline' | 'content' | 'passages'>> {
  if (!kept.offline) return { offline: false, content: kept.content as LessonContentBody, passages: [] };
  return { offline: true, content: null, passages: await outlinePassages(ctx, userId, input, log) };
}

/** Kept content is written again only to replace an offline outline once a model is connected. */
export const needsWriting = (ctx: AppContext, kept: { offline: boolean } | undefined) =>
  !kept || (kept.offline && modelAnswers(ctx.ai));

const noOfflineLesson = (): never => {
  throw new Error(
    'The offline engine writes no lessons: generateLessonContent returns the outline before asking.',
  );
};

/**
 * A lesson's full content (explanation, key points, worked example, exercises, summary) from the
 * model, grounded in the learner's own material; `body` is its plain text. Without a model there
 * is no lesson to write: `offline` and no content (the lesson is shown as its outline). Used for
 * learners' own paths and for tutor paths they are enrolled in. No transaction is open.
 */
export async function generateLessonContent(
  ctx: AppContext,
  userId: string,
  input: LessonInput,
  opts: { signal?: AbortSignal; log: FastifyBaseLogger; shared?: boolean },
): Promise<{ content: LessonContentBody | null; body: string; offline: boolean }> {
  if (!modelAnswers(ctx.ai)) return { content: null, body: '', offline: true };
  const { pathTitle, lesson } = input;
  // A lesson kept for others (a tutor path's, shared by its learners and tutor) is written from the
  // tutor's plan alone: grounding it in the opener's own material would show it to everyone else.
  const material = opts.shared
    ? []
    : await groundingTexts(ctx, userId, `${input.topic ?? pathTitle} ${lesson.title}`, 4, opts.log);
  const { object } = await ctx.ai.generateObject({
    task: 'lesson',
    userId,
    schema: LessonContentBody,
    system: lessonPrompt.system,
    prompt: lessonPrompt.build({ pathTitle, lesson, material }),
    signal: opts.signal,
    log: opts.log,
    salvage: salvageLesson,
    offline: noOfflineLesson,
  });
  const body = [
    object.explanation,
    ...object.keyPoints,
    object.workedExample.problem,
    object.workedExample.solution,
    object.summary,
  ].join('\n');
  return { content: object, body, offline: false };
}

export function createLearningService(ctx: AppContext) {
  const { db } = ctx;

  async function loadPath(tx: Tx, id: string): Promise<PathRow> {
    const row = await tx.selectFrom('learning_paths').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Learning path');
    return row as PathRow;
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
      return toPath(row as PathRow);
    },

    async list(userId: string, q: { cursor?: string; limit: number }) {
      const after = decodeCursor(q.cursor);
      const rows = await db.asUser(userId, (tx) => {
        let query = tx
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
            exactTs('created_at').as('k'),
          ])
          .where('user_id', '=', userId);
        if (after)
          query = query.where(
            sql<boolean>`(created_at, id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
          );
        return query
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit + 1)
          .execute();
      });
      return toPage(rows as (PathRow & { k: string })[], q.limit, toSummary, (r) => encodeCursor(r.k, r.id));
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
      return toPath(row as PathRow);
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
      const { path, stored } = await db.asUser(userId, async (tx) => {
        const path = await loadPath(tx, id);
        if (!(path.lessons as LessonPlan[]).some((l) => l.id === lessonId)) throw notFound('Lesson');
        const stored = await readKept(tx);
        if (stored) await recordLessonOpen(tx, { table: 'learning_paths', id }, lessonId, userId);
        return { path, stored };
      });
      const lessons = path.lessons as LessonPlan[];
      const position = lessons.findIndex((l) => l.id === lessonId);
      const lesson = lessons[position];
      const input = { pathTitle: path.title, topic: path.topic, lesson };
      const detail = async (kept: {
        content: unknown;
        offline: boolean;
        created_at: Date;
      }): Promise<LessonDetail> => ({
        pathId: id,
        lesson,
        position: position + 1,
        completed: (path.progress?.completed_lessons ?? []).includes(lessonId),
        ...(await lessonBody(ctx, userId, kept, input, opts.log)),
        generatedAt: iso(kept.created_at),
      });
      if (!needsWriting(ctx, stored)) return detail(stored!);
      const written = await generateLessonContent(ctx, userId, input, opts);
      // Two first opens at once: the first insert wins and both answers show the kept content. A
      // model's lesson replaces an offline outline (and only that).
      const kept = await db.asUser(userId, async (tx) => {
        await tx
          .insertInto('lesson_contents')
          .values({
            path_id: id,
            lesson_id: lessonId,
            user_id: userId,
            title: lesson.title,
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
      if (!kept) throw notFound('Learning path'); // deleted while generating
      logActivity(db, opts.log, userId, {
        kind: 'lesson_opened',
        subjectType: 'lesson',
        subjectId: lessonId,
        pathId: id,
        lessonId,
      });
      return detail(kept);
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
