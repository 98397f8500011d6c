// The tutor dashboard: per path, enrolments over time, active learners, completion, per-lesson
// drop-off, review accuracy and the learners (public name, avatar, progress). Everything runs as
// the tutor under row-level security: path_enrollments shows a tutor only the current learners of
// their own paths, public_profiles only public columns, and the cross-learner aggregates come from
// tutor_path_stats(), which answers nothing to anyone but the path's tutor.
import { sql, type Selectable } from 'kysely';
import type { PathLearner, TutorDashboard, TutorPathStats } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { effectiveProgress, isComplete } from './lessons.ts';
import { lessonIdsOf, lessonsOf, PATH_COLUMNS, toPathSummary, type PathRow } from './rows.ts';
import { iso } from '../../platform/db/values.ts';
import { oneRow } from '../../platform/db/one-row.ts';

const DAYS = 30;
const DAY_MS = 86_400_000;
const RECENT_LEARNERS = 20;
const MAX_PATHS = 100;

type LearnerRow = Pick<
  Selectable<DB['path_enrollments']>,
  'path_id' | 'user_id' | 'progress' | 'enrolled_at' | 'last_activity_at' | 'completed_at'
> &
  Pick<Selectable<DB['public_profiles']>, 'display_name' | 'avatar_url'>;

function toLearner(r: LearnerRow, lessonIds: string[]): PathLearner {
  const progress = effectiveProgress(r.progress, lessonIds);
  return {
    userId: r.user_id,
    displayName: r.display_name,
    avatarUrl: r.avatar_url,
    progress,
    enrolledAt: iso(r.enrolled_at),
    lastActivityAt: iso(r.last_activity_at),
    completedAt: isComplete(progress, lessonIds) ? iso(r.completed_at ?? r.last_activity_at) : null,
  };
}

/** The last `DAYS` UTC dates, oldest first, with the day's count (0 when none). */
export function dailySeries(counts: Record<string, number>, now: Date, days = DAYS) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return { date, count: Number(counts[date] ?? 0) };
  });
}

/** Per-lesson completions in path order, and how many stopped before each lesson. */
export function funnel(
  lessons: { id: string; title: string }[],
  completed: Map<string, number>,
  learners: number,
) {
  let before = learners;
  return lessons.map((l, i) => {
    const n = completed.get(l.id) ?? 0;
    const step = {
      lessonId: l.id,
      title: l.title,
      position: i + 1,
      completed: n,
      dropOff: Math.max(0, before - n),
    };
    before = n;
    return step;
  });
}

async function statsFor(tx: Tx, tutorId: string, paths: PathRow[], now: Date): Promise<TutorPathStats[]> {
  if (!paths.length) return [];
  const ids = paths.map((p) => p.id);
  const since = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (DAYS - 1) * DAY_MS,
  );
  const activeSince = new Date(now.getTime() - 7 * DAY_MS);

  const stats = await sql<{
    path_id: string;
    enrollments_by_day: Record<string, number>;
    enrollments_total: number;
    left_count: number;
    active_learners: number;
    review_answers: number;
    review_correct: number;
  }>`select p.id as path_id, s.* from unnest(${ids}::uuid[]) as p(id)
       cross join lateral tutor_path_stats(p.id, ${since}::timestamptz, ${activeSince}::timestamptz) s`.execute(
    tx,
  );

  // Completion against each path's current lessons (a removed lesson no longer counts).
  const completion = await sql<{
    path_id: string;
    learners: number;
    completed: number;
    avg_progress: number | null;
  }>`
    select x.path_id, count(*)::int as learners,
           count(*) filter (where x.total > 0 and x.done = x.total)::int as completed,
           avg(case when x.total > 0 then 100.0 * x.done / x.total end)::float8 as avg_progress
      from (select e.path_id, jsonb_array_length(p.lessons) as total,
                   (select count(*) from jsonb_array_elements(p.lessons) l where e.progress -> 'completed_lessons' ? (l ->> 'id')) as done
              from path_enrollments e join tutor_learning_paths p on p.id = e.path_id
             where e.path_id = any(${ids}::uuid[]) and p.tutor_id = ${tutorId}::uuid and e.left_at is null) x
     group by x.path_id`.execute(tx);

  const perLesson = await sql<{ path_id: string; lesson_id: string; n: number }>`
    select e.path_id, l ->> 'id' as lesson_id, count(*) filter (where e.progress -> 'completed_lessons' ? (l ->> 'id'))::int as n
      from path_enrollments e join tutor_learning_paths p on p.id = e.path_id
           cross join jsonb_array_elements(p.lessons) l
     where e.path_id = any(${ids}::uuid[]) and p.tutor_id = ${tutorId}::uuid and e.left_at is null
     group by 1, 2`.execute(tx);

  const recent = await sql<LearnerRow>`
    select x.* from unnest(${ids}::uuid[]) as p(id) cross join lateral (
      select e.path_id, e.user_id, e.progress, e.enrolled_at, e.last_activity_at, e.completed_at, u.display_name, u.avatar_url
        from path_enrollments e join public_profiles u on u.id = e.user_id
       where e.path_id = p.id and e.left_at is null
       order by e.last_activity_at desc, e.id desc
       limit ${RECENT_LEARNERS}) x`.execute(tx);

  const statsBy = new Map(stats.rows.map((r) => [r.path_id, r]));
  const completionBy = new Map(completion.rows.map((r) => [r.path_id, r]));
  return paths.map((p) => {
    const s = statsBy.get(p.id);
    const c = completionBy.get(p.id);
    const learners = c?.learners ?? 0;
    const done = new Map(perLesson.rows.filter((r) => r.path_id === p.id).map((r) => [r.lesson_id, r.n]));
    const answers = Number(s?.review_answers ?? 0);
    const ids = lessonIdsOf(p);
    return {
      path: toPathSummary(p, learners),
      learners,
      enrollmentsTotal: Number(s?.enrollments_total ?? 0),
      left: Number(s?.left_count ?? 0),
      enrollmentsByDay: dailySeries(s?.enrollments_by_day ?? {}, now),
      activeLearners7d: Number(s?.active_learners ?? 0),
      completed: c?.completed ?? 0,
      completionRate: learners ? (c?.completed ?? 0) / learners : null,
      averageProgress: learners && c?.avg_progress != null ? Math.round(c.avg_progress * 10) / 10 : null,
      lessonFunnel: funnel(lessonsOf(p), done, learners),
      reviewAnswers: answers,
      reviewAccuracy: answers ? Number(s?.review_correct ?? 0) / answers : null,
      recentLearners: recent.rows.filter((r) => r.path_id === p.id).map((r) => toLearner(r, ids)),
    };
  });
}

export function createDashboardService(ctx: AppContext) {
  const { db } = ctx;

  async function ownPath(tx: Tx, tutorId: string, id: string): Promise<PathRow> {
    const row = await tx
      .selectFrom('tutor_learning_paths')
      .select(PATH_COLUMNS)
      .where('id', '=', id)
      .where('tutor_id', '=', tutorId)
      .executeTakeFirst();
    if (!row) throw notFound('Learning path');
    return row;
  }

  return {
    async dashboard(tutorId: string, now = new Date()): Promise<TutorDashboard> {
      return db.asUser(tutorId, async (tx) => {
        const paths = await tx
          .selectFrom('tutor_learning_paths')
          .select(PATH_COLUMNS)
          .where('tutor_id', '=', tutorId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(MAX_PATHS)
          .execute();
        const stats = await statsFor(tx, tutorId, paths, now);
        return {
          totals: {
            paths: paths.length,
            publishedPaths: paths.filter((p) => p.status === 'published').length,
            learners: stats.reduce((a, s) => a + s.learners, 0),
            activeLearners7d: stats.reduce((a, s) => a + s.activeLearners7d, 0),
          },
          paths: stats,
        };
      });
    },

    async pathStats(tutorId: string, id: string, now = new Date()): Promise<TutorPathStats> {
      return db.asUser(tutorId, async (tx) =>
        oneRow(await statsFor(tx, tutorId, [await ownPath(tx, tutorId, id)], now), 'path stats'),
      );
    },

    /** All current learners of one of the tutor's paths, most recently enrolled first. */
    async learners(tutorId: string, id: string, q: { cursor?: string; limit: number }) {
      return db.asUser(tutorId, async (tx) => {
        // Someone else's path is "not found" whatever the cursor says.
        const path = await ownPath(tx, tutorId, id);
        const query = tx
          .selectFrom('path_enrollments as e')
          .innerJoin('public_profiles as u', 'u.id', 'e.user_id')
          .select([
            'e.id',
            'e.path_id',
            'e.user_id',
            'e.progress',
            'e.enrolled_at',
            'e.last_activity_at',
            'e.completed_at',
            'u.display_name',
            'u.avatar_url',
          ])
          .where('e.path_id', '=', id)
          .where('e.left_at', 'is', null);
        const rows = await newestFirst(query, {
          at: 'e.enrolled_at',
          id: 'e.id',
          cursor: q.cursor,
          limit: q.limit,
        }).execute();
        const ids = lessonIdsOf(path);
        return keysetPage(rows, q.limit, (r) => toLearner(r, ids));
      });
    },
  };
}
