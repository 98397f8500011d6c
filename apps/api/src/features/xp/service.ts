// XP summary, ledger history and leaderboards (public columns only, via security-definer SQL).
import { sql } from 'kysely';
import type { Leaderboard } from '@chitchat/contracts';
import type { Database, Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { streakOf } from '../activity/log.ts';
import { keysetPage, newestFirst } from '../../platform/db/cursor.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { dailyGoalProgress } from './ledger.ts';
import { levelOf, startOfWeekUtc } from './levels.ts';
import { xpSubjects } from './subjects.ts';

/** XP, level, today's goal and streak: shared by /xp and the dashboard. */
export async function xpSummary(tx: Tx, userId: string) {
  const user = await tx.selectFrom('users').select('xp').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('Profile');
  const goal = await dailyGoalProgress(tx, userId);
  const s = await streakOf(tx, userId);
  return {
    xp: user.xp,
    level: levelOf(user.xp),
    dailyGoal: { date: goal.date, goal: goal.goal, earned: goal.earned, met: goal.met },
    streak: {
      current: s.current,
      longest: s.longest,
      activeToday: s.activeToday,
      lastActiveDate: s.lastActiveDate,
      timezone: s.timezone,
    },
  };
}

export function createXpService(db: Database) {
  return {
    summary: (userId: string) => db.asUser(userId, (tx) => xpSummary(tx, userId)),

    async events(userId: string, q: { cursor?: string; limit: number }) {
      const { rows, subjects } = await db.asUser(userId, async (tx) => {
        const rows = await newestFirst(
          tx
            .selectFrom('xp_events')
            .select(['id', 'amount', 'reason', 'source_key', 'created_at'])
            .where('user_id', '=', userId),
          { at: 'created_at', id: 'id', cursor: q.cursor, limit: q.limit },
        ).execute();
        const subjects = await xpSubjects(
          tx,
          userId,
          rows.slice(0, q.limit).map((r) => r.source_key),
        );
        return { rows, subjects };
      });
      return keysetPage(rows, q.limit, (r) => ({
        id: r.id,
        amount: r.amount,
        reason: r.reason,
        sourceKey: r.source_key,
        subject: subjects.get(r.source_key) ?? null,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },

    async leaderboard(
      userId: string,
      q: { period: 'all' | 'week'; limit: number },
      now = new Date(),
    ): Promise<Leaderboard> {
      const since = q.period === 'week' ? startOfWeekUtc(now) : null;
      return db.asUser(userId, async (tx) => {
        // All time: straight off the idx_users_xp index through the public_profiles view (public
        // columns only), each rank counted by an index range, never a window over every learner.
        // This week: sums of the ledger since Monday, via the security-definer xp_leaderboard().
        const top = since
          ? await sql<{
              user_id: string;
              display_name: string | null;
              avatar_url: string | null;
              xp: number;
              rank: number;
            }>`
              select user_id, display_name, avatar_url, xp, rank from xp_leaderboard(${since}::timestamptz, ${q.limit}::int)`.execute(
              tx,
            )
          : await sql<{
              user_id: string;
              display_name: string | null;
              avatar_url: string | null;
              xp: number;
              rank: number;
            }>`
              select p.id as user_id, p.display_name, p.avatar_url, p.xp,
                     (select count(*) from public_profiles b where b.xp > p.xp) + 1 as rank
                from public_profiles p
               where p.xp > 0
               order by p.xp desc, p.id
               limit ${q.limit}`.execute(tx);
        const { rows } = await sql<{
          xp: number;
          rank: number;
        }>`select xp, rank from xp_my_rank(${since}::timestamptz)`.execute(tx);
        const me = oneRow(rows, 'xp_my_rank');
        return {
          period: q.period,
          since: since ? since.toISOString() : null,
          top: top.rows.map((r) => ({
            rank: Number(r.rank),
            userId: r.user_id,
            displayName: r.display_name,
            avatarUrl: r.avatar_url,
            xp: Number(r.xp),
            isMe: r.user_id === userId,
          })),
          me: { rank: Number(me.rank), xp: Number(me.xp) },
        };
      });
    },
  };
}
