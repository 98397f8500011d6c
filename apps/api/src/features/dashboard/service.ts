// The Home tab in one call: XP, level, streak, today's goal, the lesson to continue, reviews due,
// recent sessions and paths. One transaction as the learner.
import { sql } from 'kysely';
import type { Dashboard, LessonPlan, PathProgress } from '@chitchat/contracts';
import type { Database } from '../../platform/db/index.ts';
import type { ProgressJson } from '../../platform/db/schema.ts';
import { xpSummary } from '../xp/service.ts';
import { learnerClock } from '../xp/clock.ts';
import { effectiveProgress } from '../tutor/lessons.ts';
import { dueNowSql } from '../review/scheduler.ts';
import { iso } from '../../platform/db/values.ts';
import { oneRow } from '../../platform/db/one-row.ts';

const toProgressJson = (p: PathProgress): ProgressJson => ({
  completed_lessons: p.completedLessons,
  current_lesson: p.currentLesson,
  completion_percentage: p.completionPercentage,
});

export function createDashboardService(db: Database) {
  return {
    get(userId: string): Promise<Dashboard> {
      return db.asUser(userId, async (tx) => {
        const summary = await xpSummary(tx, userId);
        const clock = await learnerClock(tx, userId);
        // The same cards as the review queue (GET /review/due).
        const due = await sql<{ n: number }>`
          select count(*)::int as n from review_cards where user_id = ${userId}::uuid and ${dueNowSql(clock)}`.execute(
          tx,
        );

        // The lesson to continue: the most recently active unfinished path (own or enrolled).
        const own = await tx
          .selectFrom('learning_paths')
          .select(['id', 'title', 'lessons', 'progress', 'updated_at'])
          .where('user_id', '=', userId)
          .where(sql<boolean>`(progress->>'completion_percentage')::int < 100`)
          .orderBy('updated_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        const enrolled = await tx
          .selectFrom('path_enrollments as e')
          .innerJoin('tutor_learning_paths as p', 'p.id', 'e.path_id')
          .select([
            'p.id',
            'e.id as enrollment_id',
            'p.title',
            'p.lessons',
            'e.progress',
            'e.last_activity_at as updated_at',
          ])
          .where('e.user_id', '=', userId)
          .where('e.completed_at', 'is', null)
          .where('e.left_at', 'is', null)
          .orderBy('e.last_activity_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        const candidates = [
          own && { kind: 'learning_path' as const, enrollment_id: null, ...own },
          // A tutor may have revised the path since: progress counts against its current lessons.
          enrolled && {
            kind: 'tutor_path' as const,
            ...enrolled,
            progress: toProgressJson(
              effectiveProgress(
                enrolled.progress,
                (enrolled.lessons as LessonPlan[]).map((l) => l.id),
              ),
            ),
          },
        ].filter((c): c is NonNullable<typeof c> => !!c);
        candidates.sort((a, b) => new Date(b.updated_at).getTime() - new Date(a.updated_at).getTime());
        let continueLesson: Dashboard['continueLesson'] = null;
        for (const c of candidates) {
          const lessons = c.lessons as LessonPlan[];
          const done = new Set(c.progress?.completed_lessons ?? []);
          const next =
            lessons.find((l) => l.id === c.progress?.current_lesson && !done.has(l.id)) ??
            lessons.find((l) => !done.has(l.id));
          if (!next) continue;
          continueLesson = {
            kind: c.kind,
            pathId: c.id,
            enrollmentId: c.enrollment_id,
            pathTitle: c.title,
            lessonId: next.id,
            lessonTitle: next.title,
            completionPercentage: c.progress?.completion_percentage ?? 0,
          };
          break;
        }

        const sessions = await tx
          .selectFrom('chat_sessions')
          .select(['id', 'title', 'updated_at'])
          .where('user_id', '=', userId)
          .orderBy('updated_at', 'desc')
          .orderBy('id', 'desc')
          .limit(5)
          .execute();
        const paths = await tx
          .selectFrom('learning_paths')
          .select(['id', 'title', 'progress', 'updated_at'])
          .where('user_id', '=', userId)
          .orderBy('updated_at', 'desc')
          .limit(5)
          .execute();
        return {
          ...summary,
          continueLesson,
          reviewsDue: oneRow(due.rows, 'count of due cards').n,
          recentSessions: sessions.map((s) => ({ id: s.id, title: s.title, updatedAt: iso(s.updated_at) })),
          recentPaths: paths.map((p) => ({
            id: p.id,
            title: p.title,
            completionPercentage: p.progress?.completion_percentage ?? 0,
            updatedAt: iso(p.updated_at),
          })),
        };
      });
    },
  };
}
