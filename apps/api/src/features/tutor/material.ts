// What other features may read of a tutor path as a learner: the review feature makes cards from
// a tutor path (or one of its lessons) for its enrolled learners and for anyone while it is
// published, exactly as from a learner's own path.
import { sql } from 'kysely';
import type { LessonPlan } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { lessonsOf } from './rows.ts';

/**
 * The tutor path `pathId` if the caller (the transaction's auth.uid()) may learn from it: it is
 * published, or they are currently enrolled (an archived path stays theirs). Drafts, and paths the
 * caller left after they were archived, are undefined ("not found").
 */
export async function learnableTutorPath(tx: Tx, pathId: string): Promise<{ id: string; title: string; lessons: LessonPlan[] } | undefined> {
  const row = await tx
    .selectFrom('tutor_learning_paths as p')
    .select(['p.id', 'p.title', 'p.lessons'])
    .where('p.id', '=', pathId)
    .where(
      sql<boolean>`(p.status = 'published' or exists (
        select 1 from path_enrollments e where e.path_id = p.id and e.user_id = auth.uid() and e.left_at is null))`,
    )
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, lessons: lessonsOf(row) } : undefined;
}
