// The XP ledger: every award is one xp_events row under a unique source key, written together
// with users.xp by the award_xp SQL function (the only way XP changes). A retried or concurrent
// duplicate request finds its source key taken and awards nothing.
//
// XP rules (documented in README, "Learning, review and XP"; source keys in source-keys.ts):
//   lesson completed            +10  source key lesson:<table>:<id>:<lessonId>#<identity>
//   path finished (100 %)       +50  source key path-finished:<table>:<id>#<identity>
//     (once per lesson or path identity too: recreating a path with the same lessons pays nothing)
//   review answered correctly    +2  source key review:<cardId>:<rep>
//   daily goal met              +20  source key daily-goal:<local date>  (once per learner per day)
//
// The daily goal pays once per learner per day whatever their time zone does: a new bonus only for
// a local date strictly later than the last one awarded. Moving west (back to a date already
// paid) never earns it again; moving east gains at most the next day's bonus early, never twice.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { learnerClock } from './clock.ts';
import { xpSourceKey } from './source-keys.ts';

export const XP_RULES = {
  lessonCompleted: 10,
  pathFinished: 50,
  reviewCorrect: 2,
  dailyGoal: 20,
} as const;

export interface Award {
  /** Unique per learner: the same key never awards twice. */
  sourceKey: string;
  amount: number;
  /** lesson_completed | path_finished | review_correct | daily_goal | ... ([a-z_]) */
  reason: string;
}

async function award(tx: Tx, userId: string, a: Award): Promise<{ awarded: boolean; xp: number }> {
  const { rows } = await sql<{ awarded: boolean; xp: number }>`
    select awarded, xp from award_xp(${userId}::uuid, ${a.sourceKey}, ${a.amount}::int, ${a.reason})`.execute(
    tx,
  );
  const { awarded, xp } = oneRow(rows, 'award_xp');
  return { awarded, xp };
}

/**
 * Awards XP once per source key. Runs inside the caller's `asUser` transaction, so it commits or
 * rolls back with the work that earned it. When the award takes the learner past their daily goal
 * (preferences.dailyGoal, in their time zone), the daily-goal bonus is awarded too (once a day).
 */
export async function awardXp(tx: Tx, userId: string, a: Award): Promise<AwardResult> {
  if (!Number.isInteger(a.amount) || a.amount < 1)
    throw new Error(`awardXp: amount must be a positive integer (${a.amount})`);
  const result = await award(tx, userId, a);
  if (!result.awarded) return { ...result, amount: 0, dailyGoalMet: false };
  if (a.reason === 'daily_goal') return { ...result, amount: a.amount, dailyGoalMet: true };
  const goal = await dailyGoalProgress(tx, userId);
  if (goal.earned >= goal.goal && (await isAfterLastGoalDay(tx, userId, goal.date))) {
    const bonus = await award(tx, userId, {
      sourceKey: xpSourceKey.dailyGoal(goal.date),
      amount: XP_RULES.dailyGoal,
      reason: 'daily_goal',
    });
    if (bonus.awarded)
      return { awarded: true, xp: bonus.xp, amount: a.amount + XP_RULES.dailyGoal, dailyGoalMet: true };
  }
  return { ...result, amount: a.amount, dailyGoalMet: false };
}

/**
 * True when `date` (YYYY-MM-DD) is later than every date a daily-goal bonus was paid for. Runs
 * after this transaction's award_xp locked the learner's row, so concurrent awards see each
 * other's bonus.
 */
async function isAfterLastGoalDay(tx: Tx, userId: string, date: string): Promise<boolean> {
  const { rows } = await sql<{ last: string | null }>`
    select max(substr(source_key, length('daily-goal:') + 1)) as last from xp_events
     where user_id = ${userId}::uuid and reason = 'daily_goal'`.execute(tx);
  const last = rows[0]?.last;
  return !last || date > last;
}

/**
 * Awards XP unless this learner was already paid for the same `identity` (the `#<identity>` tail
 * of a source key: the same lesson or path reached through another row, e.g. a path deleted and
 * started again). A per-learner transaction lock keeps two such awards racing each other to one.
 */
export async function awardXpOnce(
  tx: Tx,
  userId: string,
  a: Award,
  identity: string | null,
): Promise<AwardResult> {
  if (!identity) return awardXp(tx, userId, a);
  if (!a.sourceKey.endsWith(`#${identity}`))
    throw new Error(`awardXpOnce: source key must end in #${identity} (${a.sourceKey})`);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`xp:${userId}`}, 0))`.execute(tx);
  const { rows } = await sql<{ paid: boolean }>`
    select exists (select 1 from xp_events
                    where user_id = ${userId}::uuid and reason = ${a.reason}
                      and right(source_key, ${identity.length + 1}) = ${`#${identity}`}) as paid`.execute(tx);
  if (rows[0]?.paid) {
    const u = await tx.selectFrom('users').select('xp').where('id', '=', userId).executeTakeFirst();
    return { awarded: false, xp: u?.xp ?? 0, amount: 0, dailyGoalMet: false };
  }
  return awardXp(tx, userId, a);
}

export interface AwardResult {
  awarded: boolean;
  /** The learner's XP after the award. */
  xp: number;
  /** XP added by this call, including a daily-goal bonus it triggered (0 when not awarded). */
  amount: number;
  /** This call paid today's daily-goal bonus: the learner has just met their goal (the app celebrates). */
  dailyGoalMet: boolean;
}

export interface DailyGoalProgress {
  /** The learner's local date (YYYY-MM-DD). */
  date: string;
  timezone: string;
  goal: number;
  /** XP earned today, not counting the daily-goal bonus itself. */
  earned: number;
  met: boolean;
}

/** XP earned today in the learner's time zone against their daily goal. */
export async function dailyGoalProgress(
  tx: Tx,
  userId: string,
  now = new Date(),
): Promise<DailyGoalProgress> {
  const clock = await learnerClock(tx, userId);
  const date = clock.localDate(now);
  const { rows } = await sql<{ earned: number | null }>`
    select sum(amount)::int as earned from xp_events
     where user_id = ${userId}::uuid and reason <> 'daily_goal'
       and created_at >= (${date}::date::timestamp at time zone ${clock.timezone})`.execute(tx);
  const earned = rows[0]?.earned ?? 0;
  return { date, timezone: clock.timezone, goal: clock.dailyGoal, earned, met: earned >= clock.dailyGoal };
}
