// A tutor path's written lessons, one per revision of a lesson's plan, shared by the path's learners
// and its tutor: reading one, and keeping one just written.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';

type Key = { pathId: string; lessonId: string; revision: string };

export const readTutorLesson = (tx: Tx, k: Key) =>
  tx
    .selectFrom('tutor_lesson_contents')
    .select(['content', 'offline', 'created_at'])
    .where('path_id', '=', k.pathId)
    .where('lesson_id', '=', k.lessonId)
    .where('revision', '=', k.revision)
    .executeTakeFirst();

/**
 * Keeps a lesson written for `k` and returns what is kept. Two first opens at once (learners or the
 * tutor): the first insert wins and both show the kept content; a model's lesson replaces an offline
 * outline (and only that).
 */
export async function keepTutorLesson(
  tx: Tx,
  k: Key & { title: string; userId: string },
  written: { content: unknown; offline: boolean },
) {
  await tx
    .insertInto('tutor_lesson_contents')
    .values({
      path_id: k.pathId,
      lesson_id: k.lessonId,
      revision: k.revision,
      title: k.title,
      content: JSON.stringify(written.content ?? {}),
      offline: written.offline,
      created_by: k.userId,
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
  return readTutorLesson(tx, k);
}
