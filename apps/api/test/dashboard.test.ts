// The dashboard and XP summary through HTTP: goal progress and the daily bonus, streaks from the
// activity log in the learner's time zone, the lesson to continue, reviews due, recent sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { Dashboard } from '@chitchat/contracts';
import { signUp, startServer, type TestServer } from './harness.ts';
import { XP_RULES } from '../src/features/xp/ledger.ts';
import { addDays, localDate } from '../src/features/xp/clock.ts';
import { writeActivity } from '../src/features/activity/log.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('dashboard', () => {
  it('starts empty for a new learner', async () => {
    const u = await signUp(server);
    const res = await u.api.get('/api/v1/dashboard');
    expect(res.status).toBe(200);
    expect(Dashboard.parse(res.body)).toEqual({
      xp: 0,
      level: { level: 1, xpIntoLevel: 0, xpForNextLevel: 25 },
      streak: { current: 0, longest: 0, activeToday: false, lastActiveDate: null, timezone: 'UTC' },
      dailyGoal: { date: localDate('UTC'), goal: 20, earned: 0, met: false },
      continueLesson: null,
      reviewsDue: 0,
      recentSessions: [],
      recentPaths: [],
    });
  });

  it('shows goal progress, the daily bonus once, the streak, the lesson to continue and reviews due', async () => {
    const u = await signUp(server);
    const tz = 'Asia/Tokyo';
    expect(
      (await u.api.patch('/api/v1/profile', { preferences: { timezone: tz, dailyGoal: 20 } })).status,
    ).toBe(200);
    const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Geology', difficulty: 'beginner' }))
      .body;

    const openAndComplete = async (lessonId: string) => {
      expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/${lessonId}`)).status).toBe(200);
      return u.api.post(`/api/v1/learning-paths/${path.id}/lessons/${lessonId}/complete`);
    };
    await openAndComplete('l1');
    let d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.dailyGoal).toEqual({ date: localDate(tz), goal: 20, earned: 10, met: false });
    expect(d.continueLesson).toEqual({
      kind: 'learning_path',
      pathId: path.id,
      enrollmentId: null,
      pathTitle: path.title,
      lessonId: 'l2',
      lessonTitle: path.lessons[1].title,
      completionPercentage: Math.round(100 / path.lessons.length),
    });

    // The second lesson reaches the goal: +10 and the +20 daily bonus, once.
    const second = await openAndComplete('l2');
    expect(second.body.xpAwarded).toBe(XP_RULES.lessonCompleted + XP_RULES.dailyGoal);
    const third = await openAndComplete('l3');
    expect(third.body.xpAwarded).toBe(XP_RULES.lessonCompleted);

    // Streak days come from the activity log, written just after each answer.
    d = await until(async () => {
      const x = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
      return x.streak.activeToday ? x : null;
    }, 'streak');
    expect(d.xp).toBe(3 * XP_RULES.lessonCompleted + XP_RULES.dailyGoal);
    expect(d.dailyGoal).toMatchObject({ earned: 30, met: true });
    expect(d.streak).toMatchObject({
      current: 1,
      longest: 1,
      activeToday: true,
      lastActiveDate: localDate(tz),
      timezone: tz,
    });
    expect(d.level.level).toBe(2);
    expect(d.continueLesson?.lessonId).toBe('l4');
    expect(d.recentPaths[0]).toMatchObject({
      id: path.id,
      completionPercentage: Math.round(300 / path.lessons.length),
    });

    // Two earlier active days (in Tokyo) make a 3-day streak.
    const today = localDate(tz);
    for (const day of [addDays(today, -1), addDays(today, -2), addDays(today, -5)]) {
      await server.ctx.db.admin
        .insertInto('activity_events')
        .values({ user_id: u.id, kind: 'lesson_completed', local_date: day })
        .execute();
    }
    d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.streak).toMatchObject({ current: 3, longest: 3 });

    // Reviews due and recent sessions.
    const session = crypto.randomUUID();
    await server.ctx.db.asUser(u.id, async (tx) => {
      await sql`select save_chat_message(${session}::uuid, ${u.id}::uuid, 'Tell me about rocks', 'user')`.execute(
        tx,
      );
      await sql`select save_chat_message(${session}::uuid, ${u.id}::uuid, ${'Igneous rocks form when magma cools and hardens. Sedimentary rocks form from layers of sediment pressed together over time. Metamorphic rocks form when heat and pressure change existing rocks. Granite is an igneous rock with large crystals. Sandstone is a sedimentary rock made of sand grains.'}, 'assistant')`.execute(
        tx,
      );
    });
    const cards = await u.api.post('/api/v1/review/generate', {
      source: { type: 'session', id: session },
      count: 3,
    });
    expect(cards.status).toBe(201);
    d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.reviewsDue).toBe(cards.body.items.length);
    expect(d.recentSessions.map((s) => s.id)).toEqual([session]);
    expect((await u.api.get('/api/v1/xp')).body).toMatchObject({
      xp: d.xp,
      streak: d.streak,
      dailyGoal: d.dailyGoal,
    });
  });

  it('offers the next lesson of an enrolled tutor path, until the learner leaves it', async () => {
    const tutor = await signUp(server, 'Tutor');
    const u = await signUp(server);
    const pathId = await server.ctx.db.asUser(tutor.id, async (tx) => {
      await tx.insertInto('tutor_profiles').values({ user_id: tutor.id, headline: 'Tutor' }).execute();
      const p = await tx
        .insertInto('tutor_learning_paths')
        .values({
          tutor_id: tutor.id,
          title: 'Watercolour basics',
          lessons: JSON.stringify([
            { id: 'w1', title: 'Washes' },
            { id: 'w2', title: 'Glazing' },
          ]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('tutor_learning_paths')
        .set({ status: 'published' })
        .where('id', '=', p.id)
        .execute();
      return p.id;
    });
    const enrollment = await server.ctx.db.asUser(u.id, (tx) =>
      tx
        .insertInto('path_enrollments')
        .values({
          path_id: pathId,
          user_id: u.id,
          progress: JSON.stringify({
            completed_lessons: ['w1'],
            current_lesson: 'w2',
            completion_percentage: 50,
          }),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.continueLesson).toEqual({
      kind: 'tutor_path',
      pathId,
      enrollmentId: enrollment.id,
      pathTitle: 'Watercolour basics',
      lessonId: 'w2',
      lessonTitle: 'Glazing',
      completionPercentage: 50,
    });
    await server.ctx.db.asUser(u.id, (tx) =>
      tx.updateTable('path_enrollments').set({ left_at: new Date() }).where('path_id', '=', pathId).execute(),
    );
    expect((await u.api.get('/api/v1/dashboard')).body.continueLesson).toBeNull();
  });

  it('shows only the caller’s own data', async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    await a.api.post('/api/v1/learning-paths', { topic: 'Astronomy', difficulty: 'beginner' });
    const db = Dashboard.parse((await b.api.get('/api/v1/dashboard')).body);
    expect(db.recentPaths).toEqual([]);
    expect(db.continueLesson).toBeNull();
  });

  it('a failed activity write never fails the request: it is logged and reported as false', async () => {
    const warnings: unknown[] = [];
    // A user id with no user row: the insert fails its foreign key.
    const ok = await writeActivity(
      server.ctx.db,
      { warn: (...args: unknown[]) => warnings.push(args) } as any,
      crypto.randomUUID(),
      [{ kind: 'lesson_opened' }],
    );
    expect(ok).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
