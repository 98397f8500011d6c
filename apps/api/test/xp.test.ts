// The XP ledger and lesson progress building blocks, at the database level (as requests run them:
// the `authenticated` role with the caller's id), on PGlite or PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { createTestDatabase, insertTestUser, type TestDatabase } from './harness.ts';
import { awardXp, dailyGoalProgress, XP_RULES } from '../src/features/xp/ledger.ts';
import { completeLesson, nextProgress, recordLessonOpen } from '../src/features/learning/progress.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function newUser(preferences: Record<string, unknown> = { dailyGoal: 500 }) {
  const id = crypto.randomUUID();
  await insertTestUser(t.db, { id, email: `u-${id}@example.com`, preferences: JSON.stringify(preferences) });
  return id;
}
const xpOf = async (id: string) =>
  (await t.db.admin.selectFrom('users').select('xp').where('id', '=', id).executeTakeFirstOrThrow()).xp;
const ledgerSum = async (id: string) =>
  Number(
    (
      await t.db.admin
        .selectFrom('xp_events')
        .select((e) => e.fn.sum<number>('amount').as('s'))
        .where('user_id', '=', id)
        .executeTakeFirstOrThrow()
    ).s ?? 0,
  );

describe('awardXp', () => {
  it('awards once per source key, even when the same award races itself', async () => {
    const u = await newUser();
    const award = () =>
      t.db.asUser(u, (tx) => awardXp(tx, u, { sourceKey: 'k1', amount: 7, reason: 'bonus' }));
    const results = await Promise.all([award(), award(), award()]);
    expect(results.filter((r) => r.awarded)).toHaveLength(1);
    expect(results.map((r) => r.amount).sort()).toEqual([0, 0, 7]);
    expect(await xpOf(u)).toBe(7);
    const again = await award();
    expect(again).toEqual({ awarded: false, xp: 7, amount: 0, dailyGoalMet: false });
    const second = await t.db.asUser(u, (tx) =>
      awardXp(tx, u, { sourceKey: 'k2', amount: 3, reason: 'bonus' }),
    );
    expect(second).toEqual({ awarded: true, xp: 10, amount: 3, dailyGoalMet: false });
    expect(await ledgerSum(u)).toBe(10);
  });

  it('rolls back with the transaction that earned it', async () => {
    const u = await newUser();
    await expect(
      t.db.asUser(u, async (tx) => {
        await awardXp(tx, u, { sourceKey: 'rolled-back', amount: 5, reason: 'bonus' });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await xpOf(u)).toBe(0);
    const r = await t.db.asUser(u, (tx) =>
      awardXp(tx, u, { sourceKey: 'rolled-back', amount: 5, reason: 'bonus' }),
    );
    expect(r.awarded).toBe(true);
  });

  it('refuses to award someone else, and learners cannot change XP or the ledger directly', async () => {
    const a = await newUser();
    const b = await newUser();
    await expect(
      t.db.asUser(b, (tx) => awardXp(tx, a, { sourceKey: 'x', amount: 5, reason: 'bonus' })),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(a, (tx) => sql`select increment_user_xp(${a}::uuid, 500)`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.asUser(a, (tx) =>
        tx
          .insertInto('xp_events')
          .values({ user_id: a, source_key: 'forged', amount: 1000, reason: 'bonus' })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await t.db.asUser(a, (tx) => awardXp(tx, a, { sourceKey: 'mine', amount: 5, reason: 'bonus' }));
    // Deleting a ledger row would desynchronise users.xp: not allowed (no grant), so nothing changes.
    await expect(t.db.asUser(a, (tx) => tx.deleteFrom('xp_events').execute())).rejects.toMatchObject({
      code: '42501',
    });
    const seenByB = await t.db.asUser(b, (tx) => tx.selectFrom('xp_events').select('id').execute());
    expect(seenByB).toEqual([]);
    expect(await xpOf(a)).toBe(5);
  });

  it('awards the daily-goal bonus once when today’s XP reaches the goal, in the learner’s time zone', async () => {
    const u = await newUser({ dailyGoal: 12, timezone: 'Pacific/Auckland' });
    const first = await t.db.asUser(u, (tx) =>
      awardXp(tx, u, { sourceKey: 'a', amount: 10, reason: 'lesson_completed' }),
    );
    expect(first).toEqual({ awarded: true, xp: 10, amount: 10, dailyGoalMet: false });
    const second = await t.db.asUser(u, (tx) =>
      awardXp(tx, u, { sourceKey: 'b', amount: 10, reason: 'lesson_completed' }),
    );
    expect(second).toEqual({
      awarded: true,
      xp: 20 + XP_RULES.dailyGoal,
      amount: 10 + XP_RULES.dailyGoal,
      dailyGoalMet: true,
    });
    const third = await t.db.asUser(u, (tx) =>
      awardXp(tx, u, { sourceKey: 'c', amount: 10, reason: 'lesson_completed' }),
    );
    expect(third.amount).toBe(10);
    const goal = await t.db.asUser(u, (tx) => dailyGoalProgress(tx, u));
    expect(goal).toMatchObject({ goal: 12, earned: 30, met: true, timezone: 'Pacific/Auckland' });
    const auckland = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(new Date());
    expect(goal.date).toBe(auckland);
    const keys = await t.db.admin
      .selectFrom('xp_events')
      .select('source_key')
      .where('user_id', '=', u)
      .where('reason', '=', 'daily_goal')
      .execute();
    expect(keys).toEqual([{ source_key: `daily-goal:${auckland}` }]);
    expect(await ledgerSum(u)).toBe(await xpOf(u));
  });

  describe('changing time zone across the date line', () => {
    // UTC+14 and UTC−11: the same instant is always an earlier local date in Pago Pago.
    const EAST = 'Pacific/Kiritimati';
    const WEST = 'Pacific/Pago_Pago';
    const moveTo = (u: string, timezone: string) =>
      t.db.admin
        .updateTable('users')
        .set({ preferences: JSON.stringify({ dailyGoal: 10, timezone }) })
        .where('id', '=', u)
        .execute();
    let n = 0;
    const earn = (u: string) =>
      t.db.asUser(u, (tx) =>
        awardXp(tx, u, { sourceKey: `lesson-${++n}`, amount: 10, reason: 'lesson_completed' }),
      );
    const bonuses = async (u: string) =>
      (
        await t.db.admin
          .selectFrom('xp_events')
          .select('source_key')
          .where('user_id', '=', u)
          .where('reason', '=', 'daily_goal')
          .orderBy('created_at')
          .execute()
      ).map((r) => r.source_key);

    it('moving west after the goal was met never earns the bonus again, nor does moving back east', async () => {
      const u = await newUser({ dailyGoal: 10, timezone: EAST });
      expect((await earn(u)).amount).toBe(10 + XP_RULES.dailyGoal);
      await moveTo(u, WEST);
      expect((await earn(u)).amount).toBe(10);
      await moveTo(u, EAST);
      expect((await earn(u)).amount).toBe(10);
      expect(await bonuses(u)).toEqual([
        `daily-goal:${new Intl.DateTimeFormat('en-CA', { timeZone: EAST }).format(new Date())}`,
      ]);
      expect(await ledgerSum(u)).toBe(await xpOf(u));
    });

    it('moving east gains at most the next day’s bonus early, and going back and forth gains nothing more', async () => {
      const u = await newUser({ dailyGoal: 10, timezone: WEST });
      expect((await earn(u)).amount).toBe(10 + XP_RULES.dailyGoal);
      await moveTo(u, EAST);
      expect((await earn(u)).amount).toBe(10 + XP_RULES.dailyGoal);
      for (const tz of [WEST, EAST, WEST, EAST]) {
        await moveTo(u, tz);
        expect((await earn(u)).amount).toBe(10);
      }
      expect(await bonuses(u)).toHaveLength(2);
    });
  });
});

describe('nextProgress', () => {
  it('keeps path order, points at the first pending lesson and rounds the percentage', () => {
    expect(nextProgress(undefined, ['l1', 'l2', 'l3'], 'l2')).toEqual({
      completed_lessons: ['l2'],
      current_lesson: 'l1',
      completion_percentage: 33,
    });
    expect(nextProgress({ completed_lessons: ['l2', 'gone'] }, ['l1', 'l2', 'l3'], 'l1')).toEqual({
      completed_lessons: ['l1', 'l2'],
      current_lesson: 'l3',
      completion_percentage: 67,
    });
    expect(
      nextProgress({ completed_lessons: ['l1', 'l2'] }, ['l1', 'l2', 'l3'], 'l3').completion_percentage,
    ).toBe(100);
  });
});

describe('completeLesson', () => {
  const lessonIds = ['l1', 'l2', 'l3'];
  async function newPath(user: string) {
    return t.db.asUser(user, (tx) =>
      tx
        .insertInto('learning_paths')
        .values({ user_id: user, title: 'Path', lessons: JSON.stringify(lessonIds.map((id) => ({ id }))) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
  }

  it('two devices completing different lessons at once both land; the same lesson twice awards once', async () => {
    const u = await newUser();
    const { id } = await newPath(u);
    const target = { table: 'learning_paths' as const, id };
    // Opened first (as the app does, in its own request), then completed.
    for (const l of lessonIds) await t.db.asUser(u, (tx) => recordLessonOpen(tx, target, l, u));
    const run = (lesson: string) => t.db.asUser(u, (tx) => completeLesson(tx, target, lessonIds, lesson, u));
    const [a, b, c] = await Promise.all([run('l1'), run('l2'), run('l2')]);
    expect([a, b, c].filter((r) => r.newlyCompleted)).toHaveLength(2);
    const row = await t.db.admin
      .selectFrom('learning_paths')
      .select('progress')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.progress).toEqual({
      completed_lessons: ['l1', 'l2'],
      current_lesson: 'l3',
      completion_percentage: 67,
    });
    expect(await xpOf(u)).toBe(2 * XP_RULES.lessonCompleted);

    const last = await run('l3');
    expect(last).toMatchObject({
      newlyCompleted: true,
      pathFinished: true,
      xpAwarded: XP_RULES.lessonCompleted + XP_RULES.pathFinished,
    });
    expect(last.progress).toEqual({
      completed_lessons: lessonIds,
      current_lesson: null,
      completion_percentage: 100,
    });
    const again = await run('l3');
    expect(again).toMatchObject({ newlyCompleted: false, pathFinished: false, xpAwarded: 0, xp: last.xp });
    expect(await xpOf(u)).toBe(3 * XP_RULES.lessonCompleted + XP_RULES.pathFinished);
    expect(await ledgerSum(u)).toBe(await xpOf(u));
  });

  it('refuses an unknown lesson and someone else’s path with not-found', async () => {
    const a = await newUser();
    const b = await newUser();
    const { id } = await newPath(a);
    await expect(
      t.db.asUser(a, (tx) => completeLesson(tx, { table: 'learning_paths', id }, lessonIds, 'l9', a)),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      t.db.asUser(b, (tx) => completeLesson(tx, { table: 'learning_paths', id }, lessonIds, 'l1', b)),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(await xpOf(b)).toBe(0);
  });

  it('works for enrolments in tutors’ paths, setting completed_at at 100 %', async () => {
    const tutor = await newUser();
    const learner = await newUser();
    const pathId = await t.db.asUser(tutor, async (tx) => {
      await tx.insertInto('tutor_profiles').values({ user_id: tutor, headline: 'Tutor' }).execute();
      const p = await tx
        .insertInto('tutor_learning_paths')
        .values({ tutor_id: tutor, title: 'Tutor path', lessons: JSON.stringify([{ id: 'a' }, { id: 'b' }]) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('tutor_learning_paths')
        .set({ status: 'published', published_at: new Date() })
        .where('id', '=', p.id)
        .execute();
      return p.id;
    });
    const enrolment = await t.db.asUser(learner, (tx) =>
      tx
        .insertInto('path_enrollments')
        .values({ path_id: pathId, user_id: learner })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const target = { table: 'path_enrollments' as const, id: enrolment.id };
    for (const l of ['a', 'b']) await t.db.asUser(learner, (tx) => recordLessonOpen(tx, target, l, learner));
    const results = await Promise.all(
      ['a', 'b', 'a'].map((l) =>
        t.db.asUser(learner, (tx) => completeLesson(tx, target, ['a', 'b'], l, learner)),
      ),
    );
    expect(results.filter((r) => r.pathFinished)).toHaveLength(1);
    const row = await t.db.admin
      .selectFrom('path_enrollments')
      .select(['progress', 'completed_at'])
      .where('id', '=', enrolment.id)
      .executeTakeFirstOrThrow();
    expect(row.progress).toEqual({
      completed_lessons: ['a', 'b'],
      current_lesson: null,
      completion_percentage: 100,
    });
    expect(row.completed_at).toBeInstanceOf(Date);
    expect(await xpOf(learner)).toBe(2 * XP_RULES.lessonCompleted + XP_RULES.pathFinished);
    // The tutor can read the enrolment but cannot complete lessons for the learner.
    await expect(
      t.db.asUser(tutor, (tx) => completeLesson(tx, target, ['a', 'b'], 'a', tutor)),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('pays a lesson and a finished path once per learner, however often the path is deleted and started again', async () => {
    const u = await newUser();
    const lessons = [
      { id: 'l1', title: 'What a volcano is' },
      { id: 'l2', title: 'Kinds of eruption' },
    ];
    const start = (topic: string, plan: { id: string; title: string }[]) =>
      t.db.asUser(u, (tx) =>
        tx
          .insertInto('learning_paths')
          .values({ user_id: u, title: `Learn ${topic}`, topic, lessons: JSON.stringify(plan) })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
    const finish = async (id: string, plan: { id: string }[]) => {
      const target = { table: 'learning_paths' as const, id };
      const ids = plan.map((l) => l.id);
      let xp = 0;
      for (const l of ids) {
        await t.db.asUser(u, (tx) => recordLessonOpen(tx, target, l, u));
        xp += (await t.db.asUser(u, (tx) => completeLesson(tx, target, ids, l, u))).xpAwarded;
      }
      return xp;
    };
    const first = await start('Volcanoes', lessons);
    expect(await finish(first.id, lessons)).toBe(2 * XP_RULES.lessonCompleted + XP_RULES.pathFinished);
    for (let i = 0; i < 2; i++) {
      await t.db.asUser(u, (tx) => tx.deleteFrom('learning_paths').where('id', '=', first.id).execute());
      // The same tile again (case and punctuation aside): the same lessons, nothing more to earn.
      const again = await start(i ? 'volcanoes!' : 'Volcanoes', lessons);
      expect(await finish(again.id, lessons)).toBe(0);
      first.id = again.id;
    }
    // A genuinely different lesson on the same topic still pays, and so does its different path.
    const other = [...lessons, { id: 'l3', title: 'Living near a volcano' }];
    const third = await start('Volcanoes', other);
    expect(await finish(third.id, other)).toBe(XP_RULES.lessonCompleted + XP_RULES.pathFinished);
    expect(await xpOf(u)).toBe(3 * XP_RULES.lessonCompleted + 2 * XP_RULES.pathFinished);
    expect(await ledgerSum(u)).toBe(await xpOf(u));
  });
});
