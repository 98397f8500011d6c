// Leaderboards through HTTP: ordering, competition ranks, this week vs all time, the caller's own
// rank, and only public fields. This file's database holds only the users made here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Leaderboard } from '@chitchat/contracts';
import { signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { awardXp } from '../src/features/xp/ledger.ts';
import { startOfWeekUtc } from '../src/features/xp/levels.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

async function withXp(name: string, thisWeek: number, earlier = 0): Promise<TestUser> {
  const u = await signUp(server, name);
  await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 500 } });
  if (thisWeek)
    await server.ctx.db.asUser(u.id, (tx) =>
      awardXp(tx, u.id, { sourceKey: 'setup', amount: thisWeek, reason: 'bonus' }),
    );
  if (earlier) {
    // XP earned before this week (test setup writes the ledger row and the total, as award_xp would).
    const before = new Date(startOfWeekUtc().getTime() - 3 * 86_400_000);
    await server.ctx.db.admin
      .insertInto('xp_events')
      .values({ user_id: u.id, source_key: 'old', amount: earlier, reason: 'bonus', created_at: before })
      .execute();
    await server.ctx.db.admin
      .updateTable('users')
      .set((eb) => ({ xp: eb('xp', '+', earlier) }))
      .where('id', '=', u.id)
      .execute();
  }
  return u;
}

describe('leaderboard', () => {
  let ada: TestUser, bob: TestUser, cy: TestUser, dee: TestUser, eve: TestUser, zero: TestUser;
  beforeAll(async () => {
    ada = await withXp('Ada', 100, 5000); // all time 5100, week 100
    bob = await withXp('Bob', 450); // 450 / 450 (under the daily goal, so no bonus)
    cy = await withXp('Cy', 450); // 450 / 450 (ties with Bob)
    dee = await withXp('Dee', 50, 200); // 250 / 50
    eve = await withXp('Eve', 300); // 300 / 300
    zero = await signUp(server, 'Zero');
  });

  it('all time: ordered by XP with shared ranks for ties, plus my own rank', async () => {
    const res = await dee.api.get('/api/v1/leaderboard?period=all&limit=10');
    expect(res.status).toBe(200);
    const board = Leaderboard.parse(res.body);
    expect(board.top.map((e) => [e.displayName, e.xp, e.rank])).toEqual([
      ['Ada', 5100, 1],
      expect.arrayContaining([]),
      expect.arrayContaining([]),
      ['Eve', 300, 4],
      ['Dee', 250, 5],
    ]);
    expect(board.top.slice(1, 3).map((e) => [e.xp, e.rank])).toEqual([
      [450, 2],
      [450, 2],
    ]);
    expect(new Set(board.top.slice(1, 3).map((e) => e.displayName))).toEqual(new Set(['Bob', 'Cy']));
    expect(board.top.filter((e) => e.isMe).map((e) => e.userId)).toEqual([dee.id]);
    expect(board.me).toEqual({ rank: 5, xp: 250 });
    expect(board.since).toBeNull();
    // Learners with no XP are not listed, but still have a rank.
    expect(board.top.map((e) => e.userId)).not.toContain(zero.id);
    expect((await zero.api.get('/api/v1/leaderboard')).body.me).toEqual({ rank: 6, xp: 0 });
  });

  it('this week: only XP earned since Monday 00:00 UTC counts', async () => {
    const board = Leaderboard.parse((await ada.api.get('/api/v1/leaderboard?period=week')).body);
    expect(board.since).toBe(startOfWeekUtc().toISOString());
    expect(board.top.map((e) => [e.displayName, e.xp, e.rank])).toEqual([
      [expect.any(String), 450, 1],
      [expect.any(String), 450, 1],
      ['Eve', 300, 3],
      ['Ada', 100, 4],
      ['Dee', 50, 5],
    ]);
    expect(board.me).toEqual({ rank: 4, xp: 100 });
  });

  it('top N is limited, and my rank is reported even when I am outside it', async () => {
    const board = Leaderboard.parse((await dee.api.get('/api/v1/leaderboard?limit=2')).body);
    expect(board.top).toHaveLength(2);
    expect(board.top.some((e) => e.isMe)).toBe(false);
    expect(board.me.rank).toBe(5);
    expect((await dee.api.get('/api/v1/leaderboard?limit=0')).status).toBe(400);
    expect((await dee.api.get('/api/v1/leaderboard?period=month')).status).toBe(400);
  });

  it('shows only public fields: no emails, preferences or other private data', async () => {
    const res = await eve.api.get('/api/v1/leaderboard');
    for (const entry of res.body.top)
      expect(Object.keys(entry).sort()).toEqual(['avatarUrl', 'displayName', 'isMe', 'rank', 'userId', 'xp']);
    expect(JSON.stringify(res.body)).not.toContain('@example.com');
    expect(JSON.stringify(res.body)).not.toContain('dailyGoal');
  });

  it('my XP ledger lists only my own awards', async () => {
    const mine = await ada.api.get('/api/v1/xp/events?limit=1');
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.nextCursor).toEqual(expect.any(String));
    const rest = await ada.api.get(`/api/v1/xp/events?limit=10&cursor=${mine.body.nextCursor}`);
    const all = [...mine.body.items, ...rest.body.items];
    expect(all.map((e: any) => e.amount).sort((a: number, b: number) => a - b)).toEqual([100, 5000]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await bob.api.get('/api/v1/xp/events')).body.items.map((e: any) => e.amount)).toEqual([450]);
    expect((await cy.api.get('/api/v1/xp')).body).toMatchObject({
      xp: 450,
      level: { level: 5, xpIntoLevel: 50, xpForNextLevel: 225 },
    });
  });
});
