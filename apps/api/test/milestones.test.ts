// XP responses say what the app should celebrate: the daily goal met by this request, the level it
// reached. Over HTTP, on lesson completion (review answers carry the same field, see AnswerResult).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startServer, type TestServer } from './harness.ts';
import { milestonesOf } from '../src/features/xp/levels.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

it('milestonesOf: a level is reported only when this award crossed into it', () => {
  expect(milestonesOf(24, 10, false)).toEqual({ dailyGoalMet: false, levelUp: null });
  expect(milestonesOf(25, 10, false)).toEqual({ dailyGoalMet: false, levelUp: 2 });
  expect(milestonesOf(100, 0, true)).toEqual({ dailyGoalMet: true, levelUp: null });
  expect(milestonesOf(130, 60, false)).toEqual({ dailyGoalMet: false, levelUp: 3 });
});

it('completing lessons reports the daily goal once, when it is met, and the level reached', async () => {
  const u = await signUp(server, 'celebrated');
  expect((await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 20 } })).status).toBe(200);
  const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Photosynthesis basics' })).body;
  const complete = async (i: number) => {
    const lesson = path.lessons[i].id;
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/${lesson}`)).status).toBe(200);
    const r = await u.api.post(`/api/v1/learning-paths/${path.id}/lessons/${lesson}/complete`);
    expect(r.status).toBe(200);
    return r.body;
  };
  expect((await complete(0)).milestones).toEqual({ dailyGoalMet: false, levelUp: null });
  // 10 + 10 meets the goal of 20: +20 bonus, 40 XP, level 2.
  const second = await complete(1);
  expect(second).toMatchObject({ xp: 40, xpAwarded: 30, milestones: { dailyGoalMet: true, levelUp: 2 } });
  expect((await complete(2)).milestones).toEqual({ dailyGoalMet: false, levelUp: null });
  // A retry of a completed lesson celebrates nothing.
  const again = await u.api.post(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[1].id}/complete`);
  expect(again.body.milestones).toEqual({ dailyGoalMet: false, levelUp: null });
});

it('a right answer to a due card that meets the goal says so; the next one does not', async () => {
  const u = await signUp(server, 'reviewer');
  expect((await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 2 } })).status).toBe(200);
  const notes = Buffer.from(
    [
      'The mitochondrion produces most of the cell’s energy.',
      'Ribosomes build proteins from amino acids.',
      'The nucleus stores the cell’s DNA.',
    ].join('\n'),
  );
  const init = (
    await u.api.post('/api/v1/uploads/init', {
      fileName: 'cells.txt',
      fileType: 'text/plain',
      fileSize: notes.length,
    })
  ).body;
  expect(
    (await u.api.fetchUrl(init.uploadUrl, { method: 'PUT', headers: init.headers, body: notes })).ok,
  ).toBe(true);
  expect((await u.api.post(`/api/v1/uploads/${init.uploadId}/complete`, {})).status).toBe(202);
  for (
    let i = 0;
    i < 150 && (await u.api.get(`/api/v1/uploads/${init.uploadId}`)).body.status !== 'ready';
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const cards = (
    await u.api.post('/api/v1/review/generate', { source: { type: 'document', id: init.uploadId }, count: 2 })
  ).body.items;
  expect(cards.length).toBeGreaterThanOrEqual(2);
  const answerOf = async (id: string) =>
    (
      await server.ctx.db.admin
        .selectFrom('review_cards')
        .select('answer')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).answer;

  const first = await u.api.post(`/api/v1/review/cards/${cards[0].id}/answer`, {
    answer: await answerOf(cards[0].id),
  });
  expect(first.body).toMatchObject({
    correct: true,
    xp: 22,
    milestones: { dailyGoalMet: true, levelUp: null },
  });
  const second = await u.api.post(`/api/v1/review/cards/${cards[1].id}/answer`, {
    answer: await answerOf(cards[1].id),
  });
  expect(second.body).toMatchObject({
    correct: true,
    xp: 24,
    milestones: { dailyGoalMet: false, levelUp: null },
  });
});
