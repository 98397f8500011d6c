// The activity log (the seed's "answer first, log after"): events are written after the response,
// in their own transaction as the learner; a failed write is logged and never fails a request.
// Streaks and tutor analytics read activity_events.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Database, Tx } from '../../platform/db/index.ts';
import { addDays, learnerClock } from '../xp/clock.ts';

export interface ActivityEvent {
  /** lesson_completed, lesson_opened, path_created, review_answered, chat_message, … ([a-z_]) */
  kind: string;
  subjectType?: string;
  subjectId?: string;
  /** Learning path or tutor path the event belongs to. */
  pathId?: string;
  lessonId?: string;
  metadata?: Record<string, unknown>;
}

/** Writes the events now (awaitable; never rejects). */
export async function writeActivity(
  db: Database,
  log: Pick<FastifyBaseLogger, 'warn'>,
  userId: string,
  events: ActivityEvent[],
): Promise<boolean> {
  if (!events.length) return true;
  try {
    await db.asUser(userId, async (tx) => {
      const clock = await learnerClock(tx, userId);
      const localDate = clock.localDate();
      await tx
        .insertInto('activity_events')
        .values(
          events.map((e) => ({
            user_id: userId,
            kind: e.kind,
            subject_type: e.subjectType ?? null,
            subject_id: e.subjectId ?? null,
            path_id: e.pathId ?? null,
            lesson_id: e.lessonId ?? null,
            metadata: JSON.stringify(e.metadata ?? {}),
            local_date: localDate,
          })),
        )
        .execute();
    });
    return true;
  } catch (err) {
    log.warn({ err, kinds: events.map((e) => e.kind) }, 'activity log write failed (request unaffected)');
    return false;
  }
}

/** Schedules the write after the current response is on its way; returns at once. */
export function logActivity(
  db: Database,
  log: Pick<FastifyBaseLogger, 'warn'>,
  userId: string,
  ...events: ActivityEvent[]
): void {
  setImmediate(() => void writeActivity(db, log, userId, events));
}

export interface Streak {
  /** Consecutive active days ending today (or yesterday, when today has no activity yet). */
  current: number;
  longest: number;
  activeToday: boolean;
  lastActiveDate: string | null;
  today: string;
  timezone: string;
}

/** Pure: streaks from distinct active local dates (YYYY-MM-DD, any order) relative to `today`. */
export function computeStreak(dates: string[], today: string): Omit<Streak, 'timezone' | 'today'> {
  const days = [...new Set(dates)].sort().reverse();
  const [latest] = days;
  if (latest === undefined) return { current: 0, longest: 0, activeToday: false, lastActiveDate: null };
  // Whether days[i] is the day just before days[i - 1] (the list is newest first).
  const follows = (i: number) => {
    const day = days[i];
    return day !== undefined && addDays(day, 1) === days[i - 1];
  };
  let longest = 1;
  let run = 1;
  for (let i = 1; i < days.length; i++) {
    run = follows(i) ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const activeToday = latest === today;
  let current = 0;
  if (activeToday || latest === addDays(today, -1)) {
    current = 1;
    for (let i = 1; i < days.length && follows(i); i++) current++;
  }
  return { current, longest, activeToday, lastActiveDate: latest };
}

/** The learner's streak in their time zone (a day counts when it has any learning activity). */
export async function streakOf(tx: Tx, userId: string, now = new Date()): Promise<Streak> {
  const clock = await learnerClock(tx, userId);
  const today = clock.localDate(now);
  // Dates as text: node-postgres would turn a `date` into a Date at local midnight.
  const rows = await tx
    .selectFrom('activity_events')
    .select(sql<string>`local_date::text`.as('d'))
    .distinct()
    .where('user_id', '=', userId)
    .orderBy('d', 'desc')
    .limit(3660)
    .execute();
  const dates = rows.map((r) => r.d);
  return { ...computeStreak(dates, today), today, timezone: clock.timezone };
}
