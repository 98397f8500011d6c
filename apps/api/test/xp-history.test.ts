// XP history through HTTP: each award names what it was for (the lesson and its path, the path,
// the review card and the concept it tests), read from the learner's own rows at read time, so a
// rename shows and a deletion (or a left enrolment) is said plainly; the daily goal names nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { page, XpEvent } from '@chitchat/contracts';
import { signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { createPath, enroll, publish } from './tutor-fixtures.ts';
import { newCard } from '../src/features/review/scheduler.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { AI_PROVIDER: 'offline' } });
});
afterAll(async () => server?.close());

const XpHistory = page(XpEvent);
const history = async (u: TestUser) => {
  const res = await u.api.get('/api/v1/xp/events?limit=50');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return XpHistory.parse(res.body).items;
};
/** [reason, subject] of every award, in a fixed order (awards of one request share their time). */
const subjectsOf = async (u: TestUser) =>
  (await history(u))
    .map((e) => [e.reason, e.subject])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title} explained with a definition`, `${title} shown with an example`],
  exercises: [`Describe ${title} in your own words`],
  estimatedMinutes: 20,
  difficulty: 'beginner' as const,
});

async function completeOwnLesson(u: TestUser, pathId: string, lessonId: string) {
  expect((await u.api.get(`/api/v1/learning-paths/${pathId}/lessons/${lessonId}`)).status).toBe(200);
  expect((await u.api.post(`/api/v1/learning-paths/${pathId}/lessons/${lessonId}/complete`)).status).toBe(
    200,
  );
}

/** A card of the learner's testing `concept`, due now, as card generation leaves it. */
async function cardAbout(u: TestUser, concept: string) {
  const fresh = newCard(new Date(Date.now() - 60_000));
  const card = await server.ctx.db.admin
    .insertInto('review_cards')
    .values({
      user_id: u.id,
      source_type: 'session',
      source_id: crypto.randomUUID(),
      source_title: 'Plants chat',
      question_type: 'short_answer',
      question: 'What sugar do plants make?',
      answer: 'glucose',
      hints: '[]',
      explanation: 'Photosynthesis makes glucose.',
      difficulty: 'easy',
      due: fresh.due,
      fsrs: JSON.stringify(fresh.fsrs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const c = await server.ctx.db.admin
    .insertInto('concepts')
    .values({ user_id: u.id, name: concept, norm_name: concept.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.ctx.db.admin
    .insertInto('concept_cards')
    .values({ concept_id: c.id, card_id: card.id, user_id: u.id, source_key: `test:${card.id}` })
    .execute();
  return card.id;
}

describe('XP history names what each award was for', () => {
  let u: TestUser;
  let pathId: string;
  let enrollmentId: string;
  let tutorPathId: string;
  let cardId: string;
  let lessons: { id: string; title: string }[];

  beforeAll(async () => {
    u = await signUp(server, 'Historian');
    expect((await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 500 } })).status).toBe(200);
    const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Photosynthesis basics' })).body;
    pathId = path.id;
    lessons = path.lessons;
    for (const l of lessons) await completeOwnLesson(u, pathId, l.id);

    const t = await signUp(server, 'Tutor');
    expect(
      (await t.api.post('/api/v1/tutor/profile', { headline: 'Chemistry', subjects: ['chemistry'] })).status,
    ).toBe(201);
    const tp = await publish(t, (await createPath(t, { title: 'Acids', lessons: [lesson('pH')] })).id);
    tutorPathId = tp.id;
    enrollmentId = (await enroll(u, tp.id)).id;
    const l1 = tp.lessons[0]!.id;
    expect((await u.api.get(`/api/v1/enrollments/${enrollmentId}/lessons/${l1}`)).status).toBe(200);
    expect((await u.api.post(`/api/v1/enrollments/${enrollmentId}/lessons/${l1}/complete`)).status).toBe(200);

    cardId = await cardAbout(u, 'Photosynthesis');
    const answered = await u.api.post(`/api/v1/review/cards/${cardId}/answer`, { answer: 'glucose' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.xpAwarded).toBe(2);
  });

  it('the lesson and its path, the finished path, the tutor’s lesson and path, the card and its concept', async () => {
    const title = (await u.api.get(`/api/v1/learning-paths/${pathId}`)).body.title as string;
    expect(await subjectsOf(u)).toEqual(
      sorted([
        ...lessons.map((l) => ['lesson_completed', { kind: 'lesson', title: l.title, within: title }]),
        ['path_finished', { kind: 'path', title, within: null }],
        ['lesson_completed', { kind: 'lesson', title: 'pH', within: 'Acids' }],
        ['path_finished', { kind: 'path', title: 'Acids', within: null }],
        ['review_correct', { kind: 'card', title: 'What sugar do plants make?', within: 'Photosynthesis' }],
      ]),
    );
  });

  it('follows a rename, and says plainly what was deleted since (the awards stay)', async () => {
    expect(
      (await u.api.patch(`/api/v1/learning-paths/${pathId}`, { title: 'Plants and light' })).status,
    ).toBe(200);
    let events = await history(u);
    expect(events.filter((e) => e.subject?.within === 'Plants and light')).toHaveLength(lessons.length);

    // Leaving an enrolment is no deletion: the tutor's path is still named.
    expect((await u.api.delete(`/api/v1/enrollments/${enrollmentId}`)).status).toBe(204);
    events = await history(u);
    expect(events.filter((e) => e.subject?.title === 'Acids' || e.subject?.within === 'Acids')).toHaveLength(
      2,
    );

    expect((await u.api.delete(`/api/v1/learning-paths/${pathId}`)).status).toBe(204);
    await server.ctx.db.admin.deleteFrom('tutor_learning_paths').where('id', '=', tutorPathId).execute();
    await server.ctx.db.admin.deleteFrom('review_cards').where('id', '=', cardId).execute();
    events = await history(u);
    expect(events).toHaveLength(lessons.length + 4);
    for (const e of events) expect(e.subject).toEqual({ kind: e.subject!.kind, title: null, within: null });
  });

  it('another learner’s history names nothing of this one’s, and the daily goal names no one thing', async () => {
    const other = await signUp(server, 'Other');
    // Awards under the first learner's keys: the titles behind them are not the other's to read.
    const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Volcanoes' })).body;
    await completeOwnLesson(u, path.id, path.lessons[0].id);
    const key = (await history(u)).find(
      (e) => e.reason === 'lesson_completed' && e.subject?.title,
    )!.sourceKey;
    await server.ctx.db.admin
      .insertInto('xp_events')
      .values([
        {
          user_id: other.id,
          source_key: key,
          amount: 10,
          reason: 'lesson_completed',
          created_at: new Date(Date.now() - 60_000),
        },
        { user_id: other.id, source_key: 'daily-goal:2026-01-02', amount: 20, reason: 'daily_goal' },
      ])
      .execute();
    expect(await subjectsOf(other)).toEqual([
      ['daily_goal', null],
      ['lesson_completed', { kind: 'lesson', title: null, within: null }],
    ]);
  });
});
