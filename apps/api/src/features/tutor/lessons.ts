// Pure rules for a tutor path's lessons: stable ids that are never reused, revisions that keep
// learners' progress, and progress measured against the path's current lessons.
import crypto from 'node:crypto';
import type { LessonPlan, PathProgress, TutorLessonInput } from '@chitchat/contracts';
import type { ProgressJson } from '../../platform/db/schema.ts';
import { badRequest } from '../../http/errors.ts';

/** New lessons, numbered after `counter` ('l<n>'); returns the counter after them. */
export function numberLessons(
  lessons: Omit<TutorLessonInput, 'id'>[],
  counter: number,
): { lessons: LessonPlan[]; counter: number } {
  const out = lessons.map((l, i) => ({ ...l, id: `l${counter + i + 1}` }));
  return { lessons: out, counter: counter + lessons.length };
}

/**
 * The path's lessons after a revision: `input` is the whole ordered list. A lesson with an id
 * revises that lesson (which must exist); one without gets a new id; the ones left out are removed.
 * Ids are never reused, so progress keyed by lesson id stays true through any revision.
 */
export function reviseLessons(
  current: LessonPlan[],
  input: TutorLessonInput[],
  counter: number,
): { lessons: LessonPlan[]; counter: number } {
  const known = new Set(current.map((l) => l.id));
  const seen = new Set<string>();
  let next = counter;
  const lessons = input.map((l, i) => {
    if (l.id === undefined) return { ...l, id: `l${++next}` };
    if (!known.has(l.id))
      throw badRequest(`lessons.${i}.id: no lesson '${l.id}' in this path; omit the id to add a new lesson.`);
    if (seen.has(l.id)) throw badRequest(`lessons.${i}.id: lesson '${l.id}' appears twice.`);
    seen.add(l.id);
    return { ...l, id: l.id };
  });
  return { lessons, counter: next };
}

/** Progress against the current lessons: completions of removed lessons drop out, added lessons count. */
export function effectiveProgress(
  p: Partial<ProgressJson> | null | undefined,
  lessonIds: string[],
): PathProgress {
  const done = new Set(p?.completed_lessons ?? []);
  const completed = lessonIds.filter((id) => done.has(id));
  return {
    completedLessons: completed,
    currentLesson: lessonIds.find((id) => !done.has(id)) ?? null,
    completionPercentage: lessonIds.length ? Math.round((100 * completed.length) / lessonIds.length) : 0,
  };
}

/** Complete means every current lesson done (a lesson added later reopens the path). */
export const isComplete = (p: PathProgress, lessonIds: string[]) =>
  lessonIds.length > 0 && p.completedLessons.length === lessonIds.length;

/**
 * A lesson's revision: a hash of its plan. Generated content is kept per revision, so revising a
 * lesson gets fresh content and the path's other lessons keep theirs.
 */
export function lessonRevision(l: LessonPlan): string {
  const plan = [l.id, l.title, l.difficulty, l.estimatedMinutes, l.objectives, l.outline, l.exercises];
  return crypto.createHash('sha256').update(JSON.stringify(plan)).digest('base64url').slice(0, 32);
}

/** A hash of what a lesson says (not its id): an offline draft's, kept to tell whether the tutor edited it. */
export function draftHash(l: Omit<LessonPlan, 'id'>): string {
  const plan = [l.title, l.objectives, l.outline, l.exercises];
  return crypto.createHash('sha256').update(JSON.stringify(plan)).digest('base64url').slice(0, 32);
}

/** The ids of the lessons still exactly as the offline engine drafted them (`drafts`: id → draftHash). */
export function uneditedDrafts(lessons: LessonPlan[], drafts: Record<string, string> | null): Set<string> {
  return new Set(lessons.filter((l) => drafts?.[l.id] && drafts[l.id] === draftHash(l)).map((l) => l.id));
}
