import type { Href } from 'expo-router';
import type { TutorByline } from '@chitchat/contracts';

/** Who teaches a tutor path; a tutor who deleted their account leaves the path to its learners. */
export function byline(tutor: TutorByline | null) {
  return tutor
    ? `By ${tutor.displayName ?? 'a tutor'} · ${tutor.headline}`
    : 'Former tutor · archived: your lessons and progress stay yours';
}

/** The lesson to open next: the one the server says is current (unless done), else the first not done, else the first. */
export function nextLessonId(
  progress: { currentLesson?: string | null },
  lessons: { id: string }[],
  done: Set<string>,
) {
  const current =
    progress.currentLesson && !done.has(progress.currentLesson) ? progress.currentLesson : undefined;
  return current ?? lessons.find((l) => !done.has(l.id))?.id ?? lessons[0]?.id;
}

export { isUuid } from '@/lib/ids';
/** A lesson id as the API accepts it (1–100 characters). */
export const isLessonId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 100;

/** Where an old `/learning-path?…` link (from before each screen had its own route) now leads. */
export function legacyLearningHref(q: {
  id?: string;
  lesson?: string;
  topic?: string;
  catalog?: string;
  enrollment?: string;
}): Href {
  if (q.catalog) return { pathname: '/catalog/[id]', params: { id: q.catalog } };
  if (q.enrollment && q.lesson)
    return {
      pathname: '/enrollments/[id]/lessons/[lessonId]',
      params: { id: q.enrollment, lessonId: q.lesson },
    };
  if (q.enrollment) return { pathname: '/enrollments/[id]', params: { id: q.enrollment } };
  if (q.id && q.lesson)
    return { pathname: '/paths/[id]/lessons/[lessonId]', params: { id: q.id, lessonId: q.lesson } };
  if (q.id) return { pathname: '/paths/[id]', params: { id: q.id } };
  return q.topic ? { pathname: '/paths', params: { topic: q.topic } } : '/paths';
}
