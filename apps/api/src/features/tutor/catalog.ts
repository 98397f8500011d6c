// The catalog of published tutor paths: search by words, topic, difficulty and tutor, and one
// path's page. (Learners' enrolments are in enrollments.ts, their lessons in enrollment-lessons.ts.)
import { sql } from 'kysely';
import type { CatalogPath, CatalogPathDetail, Difficulty } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { keysetPage, newestFirst, type PageKeyed } from '../../platform/db/cursor.ts';
import {
  learnerCounts,
  lessonsOf,
  pathCore,
  toByline,
  tutoredPathQuery,
  type TutoredPathRow,
} from './rows.ts';

type CatalogRow = TutoredPathRow & PageKeyed;

/** A published path without its tutor's byline cannot happen (a leaving tutor's paths are archived). */
const noTutor = (id: string): never => {
  throw new Error(`published path ${id} has no tutor profile`);
};

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
    let query = tutoredPathQuery(tx).where('p.status', '=', 'published');
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
    const rows = await newestFirst(query, {
      at: 'p.published_at',
      id: 'p.id',
      cursor: f.cursor,
      limit: f.limit,
    }).execute();
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
    const toItem = (r: CatalogRow): CatalogPath => ({
      ...pathCore(r, counts.get(r.id) ?? 0),
      tutor: toByline(r) ?? noTutor(r.id),
      enrolled: mine.has(r.id),
    });
    return keysetPage(rows, f.limit, toItem);
  }

  return {
    search,

    list: (viewerId: string, f: CatalogFilters) => db.asUser(viewerId, (tx) => search(tx, viewerId, f)),

    /** A published path (or an archived one the caller is enrolled in). Drafts are nobody's business but their tutor's. */
    async get(viewerId: string, id: string): Promise<CatalogPathDetail> {
      return db.asUser(viewerId, async (tx) => {
        const row = await tutoredPathQuery(tx).where('p.id', '=', id).executeTakeFirst();
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
