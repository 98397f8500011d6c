// Lesson progress shared by learner-generated paths (learning_paths) and enrolments in tutors'
// paths (path_enrollments): both keep { completed_lessons, current_lesson, completion_percentage }.
// The row is locked (SELECT … FOR UPDATE) for the read-modify-write, so two devices completing
// lessons at once both land; XP is awarded through the ledger under per-lesson source keys, and
// only for a lesson the learner has opened (lesson_opens), so XP pays for learning, not for taps.
// An own path's lesson (and the path) pays once per identity — its topic and title — so deleting a
// path and starting it again pays nothing twice; an enrolment keeps its row (and progress) for life.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';
import type { ProgressJson } from '../../platform/db/schema.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { awardXpOnce, XP_RULES } from '../xp/ledger.ts';
import { lessonIdentity, pathIdentity, xpSourceKey, type ProgressTable } from '../xp/source-keys.ts';

export interface ProgressTarget {
  table: ProgressTable;
  /** learning_paths.id or path_enrollments.id */
  id: string;
}

export interface CompleteLessonResult {
  progress: ProgressJson;
  /** XP awarded by this call, including bonuses it triggered (0 when the lesson was already complete). */
  xpAwarded: number;
  /** The learner's XP after the call. */
  xp: number;
  /** False when the lesson had already been completed (a retry or a second device). */
  newlyCompleted: boolean;
  /** True when this call took the path to 100 %. */
  pathFinished: boolean;
  /** This call paid today's daily-goal bonus. */
  dailyGoalMet: boolean;
}

/** Pure: the progress after completing `lessonId`, in the path's lesson order. */
export function nextProgress(
  current: Partial<ProgressJson> | null | undefined,
  lessonIds: string[],
  lessonId: string,
): ProgressJson {
  const done = new Set([...(current?.completed_lessons ?? []), lessonId]);
  const completed = lessonIds.filter((id) => done.has(id));
  const pending = lessonIds.find((id) => !done.has(id)) ?? null;
  return {
    completed_lessons: completed,
    current_lesson: pending,
    completion_percentage: lessonIds.length ? Math.round((100 * completed.length) / lessonIds.length) : 0,
  };
}

const openColumn = (target: ProgressTarget) =>
  target.table === 'learning_paths' ? 'learning_path_id' : 'enrollment_id';

/** Records that `userId` opened `lessonId` (its content was shown); idempotent. Run inside their `asUser`. */
export async function recordLessonOpen(
  tx: Tx,
  target: ProgressTarget,
  lessonId: string,
  userId: string,
): Promise<void> {
  const on =
    target.table === 'learning_paths' ? { learning_path_id: target.id } : { enrollment_id: target.id };
  await tx
    .insertInto('lesson_opens')
    .values({ user_id: userId, lesson_id: lessonId, ...on })
    .onConflict((oc) => oc.columns([openColumn(target), 'lesson_id']).doNothing())
    .execute();
}

async function wasOpened(tx: Tx, target: ProgressTarget, lessonId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('lesson_opens')
    .select('id')
    .where(openColumn(target), '=', target.id)
    .where('lesson_id', '=', lessonId)
    .executeTakeFirst();
  return !!row;
}

const notOpened = () =>
  conflict(
    'Open the lesson before completing it: a lesson counts (and earns XP) once you have read it.',
    'lesson_not_opened',
  );

/**
 * Marks `lessonId` complete for `userId` on the target row (which must be theirs: 404 otherwise)
 * and awards the lesson XP once, plus the path-finished bonus once when it reaches 100 %. A lesson
 * the learner never opened is refused (409 lesson_not_opened); completing it again stays a no-op.
 * Run inside `ctx.db.asUser(userId, tx => …)`.
 */
export async function completeLesson(
  tx: Tx,
  target: ProgressTarget,
  lessonIds: string[],
  lessonId: string,
  userId: string,
): Promise<CompleteLessonResult> {
  if (!lessonIds.includes(lessonId)) throw notFound('Lesson');
  const table = sql.table(target.table);
  const own = target.table === 'learning_paths';
  const { rows } = await sql<{
    progress: ProgressJson;
    subject: string | null;
    lessons: { id?: string; title?: string }[] | null;
  }>`
    select progress,
           ${own ? sql`coalesce(nullif(btrim(topic), ''), title)` : sql`null::text`} as subject,
           ${own ? sql`lessons` : sql`null::jsonb`} as lessons
      from ${table} where id = ${target.id}::uuid and user_id = ${userId}::uuid for update`.execute(tx);
  const [row] = rows;
  if (!row) throw notFound(target.table === 'learning_paths' ? 'Learning path' : 'Enrolment');
  const before = row.progress;
  const newlyCompleted = !(before?.completed_lessons ?? []).includes(lessonId);
  if (newlyCompleted && !(await wasOpened(tx, target, lessonId))) throw notOpened();
  const progress = nextProgress(before, lessonIds, lessonId);
  const finished = progress.completion_percentage === 100;
  const wasFinished = (before?.completion_percentage ?? 0) === 100;
  if (target.table === 'path_enrollments') {
    await sql`update path_enrollments
                 set progress = ${JSON.stringify(progress)}::jsonb, last_activity_at = now(),
                     completed_at = case when ${finished} then coalesce(completed_at, now()) else completed_at end
               where id = ${target.id}::uuid`.execute(tx);
  } else {
    await sql`update learning_paths set progress = ${JSON.stringify(progress)}::jsonb where id = ${target.id}::uuid`.execute(
      tx,
    );
  }

  const subject = row.subject;
  const titles = new Map((row.lessons ?? []).map((l) => [l.id, l.title] as const));
  const lessonKey = subject === null ? null : lessonIdentity(subject, titles.get(lessonId));
  const pathKey =
    subject === null
      ? null
      : pathIdentity(
          subject,
          lessonIds.map((id) => titles.get(id)),
        );

  let xpAwarded = 0;
  let dailyGoalMet = false;
  let xp: number | undefined;
  if (newlyCompleted) {
    const r = await awardXpOnce(
      tx,
      userId,
      {
        sourceKey: xpSourceKey.lesson(target.table, target.id, lessonId, lessonKey),
        amount: XP_RULES.lessonCompleted,
        reason: 'lesson_completed',
      },
      lessonKey,
    );
    xpAwarded += r.amount;
    dailyGoalMet ||= r.dailyGoalMet;
    xp = r.xp;
  }
  if (finished) {
    const r = await awardXpOnce(
      tx,
      userId,
      {
        sourceKey: xpSourceKey.pathFinished(target.table, target.id, pathKey),
        amount: XP_RULES.pathFinished,
        reason: 'path_finished',
      },
      pathKey,
    );
    xpAwarded += r.amount;
    dailyGoalMet ||= r.dailyGoalMet;
    xp = r.xp;
  }
  if (xp === undefined) {
    const u = await tx.selectFrom('users').select('xp').where('id', '=', userId).executeTakeFirst();
    xp = u?.xp ?? 0;
  }
  return { progress, xpAwarded, xp, newlyCompleted, pathFinished: finished && !wasFinished, dailyGoalMet };
}
