// A learner's clock: their time zone and daily goal from preferences, and local dates in it.
import type { Tx } from '../../platform/db/index.ts';

export const DEFAULT_DAILY_GOAL = 20;
export const DEFAULT_TIMEZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of `at` in `timezone` (falls back to UTC for an unknown zone). */
export function localDate(timezone: string, at: Date = new Date()): string {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'UTC',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    }
    formatters.set(timezone, f);
  }
  return f.format(at);
}

/** The date `days` after a YYYY-MM-DD date (negative for before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface LearnerClock {
  timezone: string;
  dailyGoal: number;
  localDate(at?: Date): string;
}

export function clockFrom(preferences: Record<string, unknown> | null | undefined): LearnerClock {
  const tz = typeof preferences?.timezone === 'string' ? preferences.timezone : DEFAULT_TIMEZONE;
  let timezone = DEFAULT_TIMEZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    timezone = tz;
  } catch {
    /* keep UTC */
  }
  const goal = preferences?.dailyGoal;
  const dailyGoal =
    typeof goal === 'number' && Number.isInteger(goal) && goal > 0 ? goal : DEFAULT_DAILY_GOAL;
  return { timezone, dailyGoal, localDate: (at = new Date()) => localDate(timezone, at) };
}

/** Reads the learner's preferences (their own row, under RLS). */
export async function learnerClock(tx: Tx, userId: string): Promise<LearnerClock> {
  const row = await tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst();
  return clockFrom(row?.preferences);
}
