// The catalog of published tutor paths: search by words, topic, difficulty and tutor, and one
// path's page. (Learners' enrolments are in enrollments.ts, their lessons in enrollment-lessons.ts.)
import { sql } from 'kysely';
import type { CatalogPath, CatalogPathDetail, Difficulty } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import {
  learnerCounts,
  lessonsOf,
  pathCore,
  toByline,
  tutoredPathQuery,
  type TutoredPathRow,
} from './rows.ts';

type CatalogRow = TutoredPathRow & { k: string | null };

// The keyset cursor's exact (microsecond) key: a JS Date would round it to milliseconds.
const catalogQuery = (tx: Tx) => tutoredPathQuery(tx).select(exactTs('p.published_at').as('k'));

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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
  };
}
