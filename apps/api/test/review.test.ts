// Review questions and FSRS scheduling through HTTP, on the real database. `server` runs the
// harness's provider (the offline engine, or with TEST_AI_PROVIDER=local the tiny local model, whose
// questions are nonsense but valid): the mechanics (judging, FSRS, XP, stats) are tested on whatever
// cards it made, their answers read from the database. `offline` is explicitly the offline engine,
// on the same database, for what is about that engine itself (its outlines and notices are never
// material) and for fixtures that need its deterministic outline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { AnswerResult, GeneratedQuestion, ReviewCard, ReviewStats } from '@chitchat/contracts';
import {
  client,
  expectErrorShape,
  signUp,
  startServer,
  usingLocalModel,
  type TestServer,
  type TestUser,
} from './harness.ts';
import { XP_RULES } from '../src/features/xp/ledger.ts';
import { normalize } from '../src/features/learning/text.ts';
import { PHOTOSYNTHESIS as MATERIAL } from './review-fixtures.ts';

let server: TestServer;
let offline: TestServer;
beforeAll(async () => {
  server = await startServer();
  offline = await startServer({ env: { AI_PROVIDER: 'offline' }, db: server.ctx.db });
});
afterAll(async () => {
  await offline?.close();
  await server?.close();
});

/** A learner (the two servers share the database and the token secret: either server knows them). */
async function learner(): Promise<TestUser> {
  const u = await signUp(server);
  expect((await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 500 } })).status).toBe(200);
  return u;
}
/** The learner's client on the offline server. */
const offlineApi = (u: TestUser) => client(offline.url, u.token);

/** A chat session with assistant messages (written with the seed's save_chat_message, as the chat feature does). */
async function sessionWithMaterial(u: TestUser) {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, async (tx) => {
    await sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, 'Explain photosynthesis to me', 'user')`.execute(
      tx,
    );
    for (const line of MATERIAL)
      await sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, ${line}, 'assistant')`.execute(tx);
  });
  return id;
}

async function generate(u: TestUser, source: Record<string, unknown>, count = 6) {
  let res = await u.api.post('/api/v1/review/generate', { source, count });
  // The tiny random model now and then writes nothing usable (a blank question): that is a 502
  // ai_invalid_output, as for any model; asked again, it samples afresh.
  for (
    let i = 0;
    usingLocalModel && res.status === 502 && res.body.error?.code === 'ai_invalid_output' && i < 4;
    i++
  )
    res = await u.api.post('/api/v1/review/generate', { source, count });
  expect(res.status).toBe(201);
  return (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
}

/**
 * `n` cards made by the server's provider from the learner's chat material: one fresh session after
 * another until there are `n` (the offline engine makes them all at once; a small model may write
 * fewer questions than asked for).
 */
async function cardsFor(u: TestUser, n: number) {
  const cards: ReviewCard[] = [];
  for (let attempt = 0; cards.length < n && attempt < n + 3; attempt++)
    cards.push(
      ...(await generate(u, { type: 'session', id: await sessionWithMaterial(u) }, n - cards.length)),
    );
  expect(cards).toHaveLength(n);
  return cards;
}

const answerOf = async (id: string) =>
  await server.ctx.db.admin
    .selectFrom('review_cards')
    .select(['answer', 'hints', 'choices'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const xpOf = async (u: TestUser) => (await u.api.get('/api/v1/profile')).body.xp as number;
/**
 * The provider's card made a multiple-choice card with `choices` (its answer the first): for a
 * provider that writes no multiple choice, and for choices that differ only in punctuation or case,
 * as a small model writes them.
 */
async function asMultipleChoice(card: ReviewCard, choices?: string[]): Promise<ReviewCard> {
  const { answer } = await answerOf(card.id);
  const all = choices ?? [answer, `${answer} ]`, `[${answer}]`];
  await server.ctx.db.admin
    .updateTable('review_cards')
    .set({ question_type: 'multiple_choice', choices: JSON.stringify(all), answer: all[0] })
    .where('id', '=', card.id)
    .execute();
  return { ...card, type: 'multiple_choice', choices: all };
}
/** A wrong answer to a free-text card: offline it is wrong; a model judge may see it otherwise (answers.ts: only a local "yes" is final). */
const judgedWrongOffline = (body: any) => {
  AnswerResult.parse(body);
  if (!usingLocalModel) expect(body.correct).toBe(false);
  return body.correct as boolean;
};

describe('review questions', () => {
  it('generates multiple choice, short answer and cloze cards from a chat session, without revealing answers', async () => {
    const u = await learner();
    const session = await sessionWithMaterial(u);
    const cards = await generate(u, { type: 'session', id: session }, 6);
    if (usingLocalModel) {
      // The tiny model writes nonsense, but at least one question survives validation, and no more than asked for.
      expect(cards.length).toBeGreaterThan(0);
      expect(cards.length).toBeLessThanOrEqual(6);
    } else {
      expect(cards).toHaveLength(6);
      expect(new Set(cards.map((c) => c.type))).toEqual(
        new Set(['multiple_choice', 'short_answer', 'cloze']),
      );
    }
    for (const c of cards) {
      expect(c).not.toHaveProperty('answer');
      expect(c.source).toMatchObject({ type: 'session', id: session });
      expect(c.state).toBe('new');
      expect(c.hintCount).toBeGreaterThan(0);
      expect(c.hintsRevealed).toEqual([]);
      const stored = await answerOf(c.id);
      // What was stored is a valid question: cloze has a blank, a multiple-choice answer is a choice.
      GeneratedQuestion.parse({
        type: c.type,
        question: c.question,
        choices: c.choices ?? undefined,
        answer: stored.answer,
        hints: stored.hints,
        explanation: 'x',
        difficulty: c.difficulty,
      });
      // The answer comes from the learner's material (the offline engine's cloze terms; a model's own words otherwise).
      if (!usingLocalModel) expect(MATERIAL.join(' ').toLowerCase()).toContain(stored.answer.toLowerCase());
    }
    const due = await u.api.get('/api/v1/review/due?limit=100');
    expect(due.body.items.map((c: any) => c.id).sort()).toEqual(cards.map((c) => c.id).sort());
    // No listing reveals an answer either.
    for (const c of due.body.items) expect(c).not.toHaveProperty('answer');
    // Generating again from the same material adds no duplicate questions.
    const again = await u.api.post('/api/v1/review/generate', {
      source: { type: 'session', id: session },
      count: 6,
    });
    expect(again.status).toBe(201);
    if (!usingLocalModel) expect(again.body.items).toEqual([]);
    const all = (await u.api.get('/api/v1/review/cards?limit=100')).body.items as ReviewCard[];
    expect(all).toHaveLength(cards.length + again.body.items.length);
    expect(new Set(all.map((c) => normalize(c.question))).size).toBe(all.length);
    if (!usingLocalModel) expect(all).toHaveLength(6);
  });

  it('makes no cards from a path or lesson the offline engine outlined: 422 no_material, saying what to do', async () => {
    const u = await learner();
    const onOffline = offlineApi(u);
    const path = (
      await onOffline.post('/api/v1/learning-paths', { topic: 'Photosynthesis', difficulty: 'beginner' })
    ).body;
    expect((await onOffline.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).status).toBe(200);
    // Not even once a model is connected (the server's provider): an offline outline is never material.
    for (const [api, source] of [onOffline, u.api].flatMap((api) =>
      [
        { type: 'path', id: path.id },
        { type: 'lesson', id: path.id, lessonId: 'l1' },
      ].map((s) => [api, s] as const),
    )) {
      const res = await api.post('/api/v1/review/generate', { source, count: 3 });
      expect(res.status).toBe(422);
      expectErrorShape(res.body);
      expect(res.body.error.code).toBe('no_material');
      expect(res.body.error.message).toMatch(/offline mode/);
      expect(res.body.error.message).toMatch(/upload/i);
      expect(res.body.error.message).toMatch(/Settings and about/);
    }
    expect((await u.api.get('/api/v1/review/cards')).body.items).toEqual([]);
  });

  it('generates from a lesson and from a whole path a model wrote', async () => {
    const u = await learner();
    // The offline engine's outline (its lesson l1), then rewritten below as if a model had written it.
    const path = (
      await offlineApi(u).post('/api/v1/learning-paths', { topic: 'Photosynthesis', difficulty: 'beginner' })
    ).body;
    expect((await offlineApi(u).get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).status).toBe(200);
    // As if a model had written the path and the lesson (the offline provider only outlines).
    const lesson = {
      explanation: MATERIAL.slice(0, 4).join(' '),
      keyPoints: MATERIAL.slice(4, 6),
      workedExample: { problem: 'Why do leaves look green?', solution: MATERIAL[6] },
      exercises: [{ prompt: 'Name the pores of a leaf.', solution: 'Stomata.' }],
      summary: MATERIAL[7],
    };
    await server.ctx.db.admin
      .updateTable('learning_paths')
      .set({ offline: false })
      .where('id', '=', path.id)
      .execute();
    await server.ctx.db.admin
      .updateTable('lesson_contents')
      .set({ offline: false, content: JSON.stringify(lesson), body: MATERIAL.join('\n') })
      .where('path_id', '=', path.id)
      .execute();
    const fromLesson = await generate(u, { type: 'lesson', id: path.id, lessonId: 'l1' }, 3);
    expect(fromLesson.length).toBeGreaterThan(0);
    if (!usingLocalModel)
      for (const c of fromLesson)
        expect(MATERIAL.join(' ').toLowerCase()).toContain((await answerOf(c.id)).answer.toLowerCase());
    expect(fromLesson[0]!.source).toMatchObject({
      type: 'lesson',
      id: path.id,
      lessonId: 'l1',
      title: path.lessons[0].title,
    });
    const fromPath = await generate(u, { type: 'path', id: path.id }, 5);
    expect(fromPath.length).toBeGreaterThan(0);
    const listed = await u.api.get(`/api/v1/review/cards?sourceType=lesson&sourceId=${path.id}`);
    expect(listed.body.items.map((c: any) => c.id).sort()).toEqual(fromLesson.map((c) => c.id).sort());
  });

  it('makes no cards from an offline chat: not from its notice, nor from the learner’s question', async () => {
    const u = await learner();
    const turn = await offlineApi(u).post('/api/v1/chat', {
      message: 'Quiz me on the photosynthesis of green plants and chlorophyll',
    });
    expect(turn.status).toBe(200);
    expect(turn.body.response).toMatch(/Offline mode/);
    // Neither offline, nor on the server's provider later: the offline answer is not material.
    for (const api of [offlineApi(u), u.api]) {
      const res = await api.post('/api/v1/review/generate', {
        source: { type: 'session', id: turn.body.sessionId },
        count: 6,
      });
      expect(res.status).toBe(422);
      expectErrorShape(res.body);
      expect(res.body.error.code).toBe('no_material');
      expect(res.body.error.message).toMatch(/upload/i);
    }
    expect((await u.api.get('/api/v1/review/cards')).body.items).toEqual([]);
  });

  it('takes an answer as written: code in angle brackets is an answer, not markup to strip', async () => {
    const u = await learner();
    const card = (await cardsFor(u, 1))[0]!;
    const mc = await asMultipleChoice(card, ['List<String>', 'List<Integer>', 'Map<String, Integer>']);
    const wrong = await u.api.post(`/api/v1/review/cards/${mc.id}/answer`, { answer: 'List<Integer>' });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ correct: false, expectedAnswer: 'List<String>' });
    const right = await u.api.post(`/api/v1/review/cards/${mc.id}/answer`, { answer: ' List<String> ' });
    expect(right.status).toBe(200);
    expect(right.body.correct).toBe(true);
    // Only blank answers are refused.
    expect((await u.api.post(`/api/v1/review/cards/${mc.id}/answer`, { answer: '   ' })).status).toBe(400);
  });

  it('judges multiple choice exactly and free text by normalised matching; wrong answers are rated Again', async () => {
    const u = await learner();
    // Two free-text cards and a multiple-choice one, from as many sessions as the provider needs;
    // a provider that writes no multiple choice has one of its cards made one.
    const isFree = (c: ReviewCard) => c.type !== 'multiple_choice';
    const cards: ReviewCard[] = [];
    for (let i = 0; i < 6 && cards.filter(isFree).length < (cards.some((c) => !isFree(c)) ? 2 : 3); i++)
      cards.push(...(await generate(u, { type: 'session', id: await sessionWithMaterial(u) }, 6)));
    const free = cards.filter(isFree);
    const mc = cards.find((c) => !isFree(c)) ?? (await asMultipleChoice(free.pop()!));
    expect(free.length).toBeGreaterThanOrEqual(2);
    const { answer: mcAnswer } = await answerOf(mc.id);
    const wrongChoice = mc.choices!.find((c) => c !== mcAnswer)!;
    const wrong = await u.api.post(`/api/v1/review/cards/${mc.id}/answer`, { answer: wrongChoice });
    expect(wrong.status).toBe(200);
    AnswerResult.parse(wrong.body);
    expect(wrong.body).toMatchObject({
      correct: false,
      rating: 'again',
      expectedAnswer: mcAnswer,
      xpAwarded: 0,
    });

    const { answer } = await answerOf(free[0]!.id);
    // Upper case, an accent and punctuation are all forgiven (an answer of symbols only, as a tiny
    // model writes, is right as written: spacing aside).
    const sloppy = /\p{L}/u.test(answer) ? `  ${answer.toUpperCase().replace(/E/, 'É')}!` : `  ${answer}  `;
    const right = await u.api.post(`/api/v1/review/cards/${free[0]!.id}/answer`, { answer: sloppy });
    expect(right.body).toMatchObject({ correct: true, rating: 'good', xpAwarded: XP_RULES.reviewCorrect });
    const miss = await u.api.post(`/api/v1/review/cards/${free[1]!.id}/answer`, {
      answer: 'something else entirely',
    });
    const missRight = judgedWrongOffline(miss.body);
    expect(miss.body).toMatchObject({
      rating: missRight ? 'good' : 'again',
      xpAwarded: missRight ? XP_RULES.reviewCorrect : 0,
    });
    if (!usingLocalModel) expect(miss.body.feedback).toContain((await answerOf(free[1]!.id)).answer);
    expect(await xpOf(u)).toBe(XP_RULES.reviewCorrect * (missRight ? 2 : 1));
  });

  it('judges multiple choice by the choice picked, never a model: choices that differ only in punctuation or case are different answers', async () => {
    const u = await learner();
    const card = (await cardsFor(u, 1))[0]!;
    const mc = await asMultipleChoice(card, [']', ']]', '[ ]', 'C', 'C++']);
    const url = `/api/v1/review/cards/${mc.id}/answer`;
    const judged = async (answer: string) => {
      const res = await u.api.post(url, { answer });
      expect(res.status).toBe(200);
      return AnswerResult.parse(res.body);
    };
    // Another choice that normalises alike (punctuation dropped, "]]" and "]" are both nothing) is wrong.
    expect(await judged(']]')).toMatchObject({
      correct: false,
      rating: 'again',
      expectedAnswer: ']',
      xpAwarded: 0,
      practice: false,
    });
    for (const wrong of ['[ ]', 'C++', 'c', '] ]', '[]']) expect((await judged(wrong)).correct).toBe(false);
    // The choice itself, with spacing aside, is right.
    expect(await judged(' ] ')).toMatchObject({ correct: true, practice: true });
    expect(await xpOf(u)).toBe(0);
  });

  it('reveals hints one at a time; a correct answer after a hint is rated Hard', async () => {
    const u = await learner();
    const card = (await cardsFor(u, 1))[0]!;
    const { answer, hints } = await answerOf(card.id);
    const h1 = await u.api.post(`/api/v1/review/cards/${card.id}/hint`);
    expect(h1.body).toEqual({
      index: 1,
      hint: hints[0],
      hintsRevealed: [hints[0]],
      remaining: hints.length - 1,
    });
    expect((await u.api.get(`/api/v1/review/cards/${card.id}`)).body.hintsRevealed).toEqual([hints[0]]);
    for (let i = 1; i < hints.length; i++)
      expect((await u.api.post(`/api/v1/review/cards/${card.id}/hint`)).status).toBe(200);
    const none = await u.api.post(`/api/v1/review/cards/${card.id}/hint`);
    expect(none.status).toBe(409);
    expectErrorShape(none.body);
    const res = await u.api.post(`/api/v1/review/cards/${card.id}/answer`, { answer });
    expect(res.body).toMatchObject({ correct: true, rating: 'hard', hintsUsed: hints.length });
    // The next attempt starts with no hints shown.
    expect(res.body.card.hintsRevealed).toEqual([]);
  });

  it('FSRS moves due dates as ratings say: Again < Hard < Good < Easy; right at once is days away, else one 10-minute step', async () => {
    const u = await learner();
    const cards = await cardsFor(u, 5);
    const byRating: Record<string, any> = {};
    for (const [i, rating] of (['again', 'hard', 'good', 'easy'] as const).entries()) {
      const res = await u.api.post(`/api/v1/review/cards/${cards[i]!.id}/answer`, { rating });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ correct: null, rating, xpAwarded: 0 });
      byRating[rating] = res.body;
    }
    const due = (r: string) => Date.parse(byRating[r].card.due);
    expect(due('again')).toBeLessThan(due('hard'));
    expect(due('hard')).toBeLessThan(due('good'));
    expect(due('good')).toBeLessThan(due('easy'));
    // Wrong, or right with hints: the one learning step, 10 (15) minutes away.
    expect(byRating.again.card.state).toBe('learning');
    expect(byRating.again.intervalDays * 24 * 60).toBeCloseTo(10, 0);
    expect(byRating.hard.card.state).toBe('learning');
    expect(byRating.hard.intervalDays).toBeLessThan(1);
    // Right at once: no step to repeat it in the same session, straight to days.
    expect(byRating.good.card.state).toBe('review');
    expect(byRating.good.intervalDays).toBeGreaterThanOrEqual(1);
    expect(byRating.easy.card.state).toBe('review');

    // Hard, then Good when its step is due: out of the learning step and days away, so off the queue.
    await server.ctx.db.admin
      .updateTable('review_cards')
      .set({ due: new Date(Date.now() - 1000) })
      .where('id', '=', cards[1]!.id)
      .execute();
    const again = await u.api.post(`/api/v1/review/cards/${cards[1]!.id}/answer`, { rating: 'good' });
    expect(again.body.card.state).toBe('review');
    expect(again.body.intervalDays).toBeGreaterThanOrEqual(1);
    expect(again.body.card.reps).toBe(2);
    const queue = (await u.api.get('/api/v1/review/due?limit=100')).body.items.map((c: any) => c.id);
    expect(queue).not.toContain(cards[1]!.id);
    expect(queue).not.toContain(cards[2]!.id);
    expect(queue).not.toContain(cards[3]!.id);
    expect(queue).not.toContain(cards[0]!.id); // its learning step is 10 minutes away
    expect(queue).toContain(cards[4]!.id);
    // Queue order: most overdue first.
    const dues = (await u.api.get('/api/v1/review/due?limit=100')).body.items.map((c: any) =>
      Date.parse(c.due),
    );
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it('pays XP once per scheduled review: a card answered before it is due is practice (graded, no XP, schedule unchanged)', async () => {
    const u = await learner();
    const card = (await cardsFor(u, 1))[0]!;
    const { answer } = await answerOf(card.id);
    const url = `/api/v1/review/cards/${card.id}/answer`;
    const first = await u.api.post(url, { answer });
    expect(first.body).toMatchObject({
      correct: true,
      practice: false,
      xpAwarded: XP_RULES.reviewCorrect,
      card: { reps: 1, state: 'review' },
    });
    const scheduled = first.body.card.due;
    const queue = async () =>
      (await u.api.get('/api/v1/review/due?limit=100')).body.items.map((c: any) => c.id);
    expect(await queue()).not.toContain(card.id);

    // The same answer again and again before it is due (days away): graded, nothing else.
    for (let i = 0; i < 3; i++) {
      const again = await u.api.post(url, { answer });
      expect(again.status).toBe(200);
      AnswerResult.parse(again.body);
      expect(again.body).toMatchObject({
        correct: true,
        practice: true,
        xpAwarded: 0,
        card: { reps: 1, due: scheduled, state: 'review' },
      });
      expect(again.body.intervalDays).toBeGreaterThan(0);
    }
    const wrong = await u.api.post(url, { answer: 'zzz wrong' });
    judgedWrongOffline(wrong.body);
    expect(wrong.body).toMatchObject({ practice: true, xpAwarded: 0, card: { reps: 1, due: scheduled } });
    const rated = await u.api.post(url, { rating: 'easy' });
    expect(rated.body).toMatchObject({
      correct: null,
      practice: true,
      card: { reps: 1, due: scheduled, state: 'review' },
    });
    expect(await xpOf(u)).toBe(XP_RULES.reviewCorrect);
    const logs = () =>
      server.ctx.db.admin.selectFrom('review_logs').select('id').where('card_id', '=', card.id).execute();
    expect(await logs()).toHaveLength(1);

    // Once its due time has come the card is due again, and a right answer counts once more.
    await server.ctx.db.admin
      .updateTable('review_cards')
      .set({ due: new Date(Date.now() - 60_000) })
      .where('id', '=', card.id)
      .execute();
    expect(await queue()).toContain(card.id);
    const next = await u.api.post(url, { answer });
    expect(next.body).toMatchObject({
      correct: true,
      practice: false,
      xpAwarded: XP_RULES.reviewCorrect,
      card: { reps: 2 },
    });
    expect(await xpOf(u)).toBe(2 * XP_RULES.reviewCorrect);
    expect(await logs()).toHaveLength(2);
  });

  it('a review card is due all day on its due date (learner’s time zone); a learning step only once its time has come', async () => {
    const u = await learner();
    const zones = [
      'UTC',
      'Asia/Tokyo',
      'America/New_York',
      'Asia/Kolkata',
      'Europe/Berlin',
      'America/Los_Angeles',
    ];
    const hour = (tz: string) =>
      Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(
          new Date(),
        ),
      );
    const timezone = zones.find((tz) => hour(tz) >= 1 && hour(tz) <= 21)!;
    expect((await u.api.patch('/api/v1/profile', { preferences: { timezone } })).status).toBe(200);
    const [inReview, inLearning] = await cardsFor(u, 2);
    expect(
      (await u.api.post(`/api/v1/review/cards/${inReview!.id}/answer`, { rating: 'easy' })).body.card.state,
    ).toBe('review');
    expect(
      (await u.api.post(`/api/v1/review/cards/${inLearning!.id}/answer`, { rating: 'again' })).body.card
        .state,
    ).toBe('learning');
    // Both due in half an hour: later today.
    const later = new Date(Date.now() + 30 * 60_000);
    await server.ctx.db.admin
      .updateTable('review_cards')
      .set({ due: later })
      .where('id', 'in', [inReview!.id, inLearning!.id])
      .execute();
    const queue = (await u.api.get('/api/v1/review/due?limit=100')).body.items.map((c: any) => c.id);
    expect(queue).toEqual([inReview!.id]);
    const review = await u.api.post(`/api/v1/review/cards/${inReview!.id}/answer`, { rating: 'good' });
    expect(review.body).toMatchObject({ practice: false, card: { reps: 2 } });
    const practice = await u.api.post(`/api/v1/review/cards/${inLearning!.id}/answer`, { rating: 'good' });
    expect(practice.body).toMatchObject({ practice: true, card: { reps: 1, due: later.toISOString() } });
  });

  it('the same answer sent twice at once counts once (XP too)', async () => {
    const u = await learner();
    const card = (await cardsFor(u, 1))[0]!;
    const { answer } = await answerOf(card.id);
    const url = `/api/v1/review/cards/${card.id}/answer`;
    const [a, b] = await Promise.all([u.api.post(url, { answer }), u.api.post(url, { answer })]);
    // Overlapping, the second is refused (409 already_answered); if it only starts once the first has
    // committed, the card is no longer due and it is practice. Either way the review counts once.
    const statuses = [a.status, b.status].sort();
    if (statuses[1] === 409) expect(statuses).toEqual([200, 409]);
    else expect([a.body.practice, b.body.practice].sort()).toEqual([false, true]);
    expect(await xpOf(u)).toBe(XP_RULES.reviewCorrect);
    const logs = await server.ctx.db.admin
      .selectFrom('review_logs')
      .select('id')
      .where('card_id', '=', card.id)
      .execute();
    expect(logs).toHaveLength(1);
  });

  it('reports stats: due today, retention and reviews per day, in the learner’s time zone', async () => {
    const u = await learner();
    // A zone where it is not close to midnight, so "later today" stays today.
    const zones = [
      'UTC',
      'Asia/Tokyo',
      'America/New_York',
      'Asia/Kolkata',
      'Europe/Berlin',
      'America/Los_Angeles',
    ];
    const hour = (tz: string) =>
      Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(
          new Date(),
        ),
      );
    const timezone = zones.find((tz) => hour(tz) >= 1 && hour(tz) <= 21)!;
    expect((await u.api.patch('/api/v1/profile', { preferences: { timezone } })).status).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
    const cards = await cardsFor(u, 4);
    const right = await u.api.post(`/api/v1/review/cards/${cards[0]!.id}/answer`, {
      answer: (await answerOf(cards[0]!.id)).answer,
    });
    expect(right.body.correct).toBe(true);
    // Offline wrong (and Again); a model judge's verdict counts as it says.
    const wrongRight = judgedWrongOffline(
      (await u.api.post(`/api/v1/review/cards/${cards[1]!.id}/answer`, { answer: 'zzz wrong' })).body,
    );
    await u.api.post(`/api/v1/review/cards/${cards[2]!.id}/answer`, { rating: 'easy' });
    const res = await u.api.get('/api/v1/review/stats');
    expect(res.status).toBe(200);
    const stats = ReviewStats.parse(res.body);
    expect(stats.totalCards).toBe(4);
    expect(stats.newCards).toBe(1);
    // The wrong one in its learning step today, and the new one; the right and the Easy one are days away.
    expect(stats.dueToday).toBe(wrongRight ? 1 : 2);
    expect(stats.retention).toBeCloseTo((wrongRight ? 3 : 2) / 3, 3);
    expect(stats.reviewsPerDay).toHaveLength(14);
    expect(stats.timezone).toBe(timezone);
    expect(stats.reviewsPerDay[13]).toEqual({ date: today, reviews: 3, correct: wrongRight ? 3 : 2 });
  });

  it('refuses other learners’ cards and sources with 404, and unknown documents', async () => {
    const owner = await learner();
    const intruder = await learner();
    const session = await sessionWithMaterial(owner);
    const card = (await generate(owner, { type: 'session', id: session }, 1))[0]!;
    const path = (await owner.api.post('/api/v1/learning-paths', { topic: 'Botany', difficulty: 'beginner' }))
      .body;
    const attempts = await Promise.all([
      intruder.api.get(`/api/v1/review/cards/${card.id}`),
      intruder.api.post(`/api/v1/review/cards/${card.id}/hint`),
      intruder.api.post(`/api/v1/review/cards/${card.id}/answer`, { answer: 'x' }),
      intruder.api.post(`/api/v1/review/cards/${card.id}/answer`, { rating: 'easy' }),
      intruder.api.delete(`/api/v1/review/cards/${card.id}`),
      intruder.api.post('/api/v1/review/generate', { source: { type: 'session', id: session } }),
      intruder.api.post('/api/v1/review/generate', { source: { type: 'path', id: path.id } }),
      intruder.api.post('/api/v1/review/generate', {
        source: { type: 'lesson', id: path.id, lessonId: 'l1' },
      }),
      owner.api.post('/api/v1/review/generate', { source: { type: 'document', id: crypto.randomUUID() } }),
    ]);
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expectErrorShape(res.body);
    }
    expect((await intruder.api.get('/api/v1/review/due')).body.items).toEqual([]);
    const still = await owner.api.get(`/api/v1/review/cards/${card.id}`);
    expect(still.body).toMatchObject({ reps: 0, hintsRevealed: [] });
    expect((await owner.api.delete(`/api/v1/review/cards/${card.id}`)).status).toBe(204);
    expect((await owner.api.get(`/api/v1/review/cards/${card.id}`)).status).toBe(404);
  });
});
