// Levels from XP: reaching level n takes 25·(n−1)² XP (0, 25, 100, 225, 400, …), so each level
// needs a little more than the one before.
export function levelOf(xp: number) {
  const level = Math.floor(Math.sqrt(Math.max(0, xp) / 25)) + 1;
  const start = 25 * (level - 1) ** 2;
  const next = 25 * level ** 2;
  return { level, xpIntoLevel: xp - start, xpForNextLevel: next - start };
}

/**
 * What a response that awarded XP tells the app to celebrate: today's goal met by this request, or
 * the level it reached (null when the level did not change).
 */
export function milestonesOf(xp: number, xpAwarded: number, dailyGoalMet: boolean) {
  const now = levelOf(xp).level;
  return { dailyGoalMet, levelUp: xpAwarded > 0 && levelOf(xp - xpAwarded).level < now ? now : null };
}

/** Monday 00:00 UTC of the week containing `now` (the weekly leaderboard is global, so UTC). */
export function startOfWeekUtc(now = new Date()): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}
