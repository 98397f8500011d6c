// What other features may read of a tutor path as a learner: the review feature makes cards from
// a tutor path (or one of its lessons) for its enrolled learners and for anyone while it is
// published, exactly as from a learner's own path (with the lessons' generated content when the
// caller can read it and a model wrote it: offline-written content is no material, and neither is
// a lesson plan still as the offline engine drafted it: `offlineDrafts`).
import { sql } from 'kysely';
import type { LessonPlan } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { lessonRevision, uneditedDrafts } from './lessons.ts';
import { lessonsOf } from './rows.ts';

/**
 * The tutor path `pathId` if the caller (the transaction's auth.uid()) may learn from it: it is
 * published, or they are currently enrolled (an archived path stays theirs). Drafts, and paths the
 * caller left after they were archived, are undefined ("not found").
 */
export async function learnableTutorPath(
  tx: Tx,
  pathId: string,
): Promise<
  | {
      id: string;
      title: string;
      lessons: LessonPlan[];
      /** Lessons the tutor never edited since the offline engine drafted them: the server's template. */
      offlineDrafts: Set<string>;
      contents: { lesson_id: string; content: unknown }[];
    }
  | undefined
> {
  const row = await tx
    .selectFrom('tutor_learning_paths as p')
    .select(['p.id', 'p.title', 'p.lessons', 'p.offline_drafts'])
    .where('p.id', '=', pathId)
    .where(
      sql<boolean>`(p.status = 'published' or exists (
        select 1 from path_enrollments e where e.path_id = p.id and e.user_id = auth.uid() and e.left_at is null))`,
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const lessons = lessonsOf(row);
  // The generated content of the lessons' current revisions (visible to the path's current learners).
  const current = new Map(lessons.map((l) => [l.id, lessonRevision(l)]));
  const stored = lessons.length
    ? await tx
        .selectFrom('tutor_lesson_contents')
        .select(['lesson_id', 'revision', 'content'])
        .where('path_id', '=', pathId)
        .where('offline', '=', false)
        .execute()
    : [];
  const contents = stored
    .filter((c) => current.get(c.lesson_id) === c.revision)
    .map(({ lesson_id, content }) => ({ lesson_id, content }));
  const offlineDrafts = uneditedDrafts(lessons, row.offline_drafts);
  return { id: row.id, title: row.title, lessons, offlineDrafts, contents };
}
