// Learning, review and discover with a model: the real Gemini provider (@ai-sdk/google) against
// the fake Gemini server. Checks what is sent (system prompt, response schema, the learner's
// material) and that replies are validated, normalised and kept.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { GeneratedPath, LearningPath, LessonDetail, ReviewCard } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServerWithFakeGemini, type TestUser } from './harness.ts';
import { lessonsGrounding } from '../src/features/learning/grounding.ts';
import { partsText } from './fakes/gemini.ts';

const { gemini, server } = await startServerWithFakeGemini();

const lesson = (title: string, difficulty: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title}: the idea`, `${title}: an example`],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 40,
  difficulty,
});
const modelPath = {
  title: 'Sourdough from scratch',
  description: 'Bake a reliable sourdough loaf.',
  objectives: ['Keep a starter alive', 'Bake a loaf'],
  estimatedHours: 3,
  // The model slips: the third lesson is easier than the second.
  lessons: [
    lesson('Starters', 'beginner'),
    lesson('Hydration', 'intermediate'),
    lesson('Shaping', 'beginner'),
    lesson('Scoring', 'advanced'),
  ],
};
const lastRequest = () => gemini.modelRequests[gemini.modelRequests.length - 1];
const prompt = (r = lastRequest()) => r!.body.contents.map(partsText).join('\n');

async function createPath(u: TestUser) {
  gemini.enqueue({ json: modelPath });
  const res = await u.api.post('/api/v1/learning-paths', {
    topic: 'Sourdough',
    difficulty: 'beginner',
    goal: 'Bake for friends',
    hoursPerWeek: 2,
  });
  expect(res.status).toBe(201);
  return LearningPath.parse(res.body);
}

describe('learning paths with a model', () => {
  it('sends a structured request and stores the validated path with ids and non-decreasing difficulty', async () => {
    const u = await signUp(server);
    const path = await createPath(u);
    const req = lastRequest()!;
    expect(req.method).toBe('generateContent');
    expect(partsText(req.body.systemInstruction)).toMatch(/learning path/i);
    expect(prompt()).toContain('Topic: Sourdough');
    expect(prompt()).toContain('Bake for friends');
    expect(
      req.body.generationConfig.responseSchema ?? req.body.generationConfig.responseJsonSchema,
    ).toBeTruthy();
    expect(path.title).toBe('Sourdough from scratch');
    expect(path.lessons.map((l) => [l.id, l.difficulty])).toEqual([
      ['l1', 'beginner'],
      ['l2', 'intermediate'],
      ['l3', 'intermediate'],
      ['l4', 'advanced'],
    ]);
    GeneratedPath.parse({ ...path, lessons: path.lessons });
  });

  it('a reply that does not fit the schema fails cleanly and stores nothing', async () => {
    const u = await signUp(server);
    gemini.fallback = { json: { title: 'Broken', lessons: [] } };
    const res = await u.api.post('/api/v1/learning-paths', {
      topic: 'Broken things',
      difficulty: 'beginner',
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expectErrorShape(res.body);
    expect((await u.api.get('/api/v1/learning-paths')).body.items).toEqual([]);
  });

  it('keeps a path whose reply has one malformed lesson: numbers clamped, an unusable lesson dropped, no repair call', async () => {
    const u = await signUp(server);
    const broken = { ...lesson('Ghost', 'beginner'), title: '', objectives: [] };
    gemini.enqueue({
      json: {
        ...modelPath,
        lessons: [
          { ...lesson('Starters', 'beginner'), estimatedMinutes: 1 },
          broken,
          lesson('Hydration', 'intermediate'),
          lesson('Scoring', 'advanced'),
        ],
      },
    });
    const res = await u.api.post('/api/v1/learning-paths', { topic: 'Sourdough', difficulty: 'beginner' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const path = LearningPath.parse(res.body);
    expect(path.lessons.map((l) => [l.id, l.title, l.estimatedMinutes])).toEqual([
      ['l1', 'Starters', 5],
      ['l2', 'Hydration', 40],
      ['l3', 'Scoring', 40],
    ]);
    expect(gemini.modelRequests).toHaveLength(1);
  });

  it('still fails with 502 ai_invalid_output when too few usable lessons remain, even after the repair call', async () => {
    const u = await signUp(server);
    const broken = { ...lesson('Ghost', 'beginner'), exercises: [] };
    gemini.fallback = { json: { ...modelPath, lessons: [lesson('Starters', 'beginner'), broken, broken] } };
    const res = await u.api.post('/api/v1/learning-paths', { topic: 'Sourdough', difficulty: 'beginner' });
    expect(res.status).toBe(502);
    expectErrorShape(res.body);
    expect(res.body.error.code).toBe('ai_invalid_output');
    expect(gemini.modelRequests).toHaveLength(2);
  });

  it('keeps a lesson whose reply has one exercise without a solution, dropping that exercise only', async () => {
    const u = await signUp(server);
    const path = await createPath(u);
    const good = { prompt: 'Compute the water for 1 kg at 75 %.', solution: '750 g' };
    gemini.enqueue({
      json: {
        explanation: 'Hydration is the ratio of water to flour.',
        keyPoints: ['Higher hydration gives an open crumb', ''],
        workedExample: { problem: 'Water for 500 g flour at 70 %?', solution: '350 g.' },
        exercises: [{ prompt: 'An exercise the model forgot to answer' }, good],
        summary: 'Hydration is water over flour.',
      },
    });
    const res = await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l2`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const detail = LessonDetail.parse(res.body);
    expect(detail.content?.exercises).toEqual([good]);
    expect(detail.content?.keyPoints).toEqual(['Higher hydration gives an open crumb']);
    expect(gemini.modelRequests).toHaveLength(2); // the path, then the lesson: no repair call
  });

  it('generates a lesson once from the model, grounded in its plan, then serves the kept copy', async () => {
    const u = await signUp(server);
    const path = await createPath(u);
    const content = {
      explanation: '# Hydration\n\nHydration is the ratio of water to flour by weight.',
      keyPoints: ['Higher hydration gives an open crumb'],
      workedExample: { problem: 'Water for 500 g flour at 70 %?', solution: '350 g of water.' },
      exercises: [{ prompt: 'Compute the water for 1 kg at 75 %.', hint: 'Multiply.', solution: '750 g' }],
      summary: 'Hydration is water over flour.',
    };
    gemini.enqueue({ json: content });
    const first = await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l2`);
    expect(first.status).toBe(200);
    expect(LessonDetail.parse(first.body).content).toEqual(content);
    expect(prompt()).toContain('Lesson: Hydration (intermediate)');
    expect(first.body).toMatchObject({ offline: false, passages: [] });
    const calls = gemini.modelRequests.length;
    const again = await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l2`);
    expect(again.body).toEqual(first.body);
    expect(gemini.modelRequests.length).toBe(calls);
    // A model's lesson is material the learner's chat can draw on.
    const found = await server.ctx.db.asUser(u.id, (tx) =>
      lessonsGrounding(tx, u.id, 'hydration ratio of water to flour', 5),
    );
    expect(found[0]).toMatchObject({ sourceType: 'lesson', sourceId: path.id, lessonId: 'l2' });
  });

  it('replaces an outline kept while offline with the full lesson once a model is connected', async () => {
    const u = await signUp(server);
    const path = await createPath(u);
    expect(path.offline).toBe(false);
    // As the offline engine kept it before the model was configured.
    await server.ctx.db.admin
      .insertInto('lesson_contents')
      .values({
        path_id: path.id,
        lesson_id: 'l1',
        user_id: u.id,
        title: 'Starters',
        content: '{}',
        body: '',
        offline: true,
      })
      .execute();
    const content = {
      explanation: 'A starter is flour and water colonised by wild yeast.',
      keyPoints: ['Feed it daily'],
      workedExample: { problem: 'How much to feed 100 g of starter?', solution: '50 g flour, 50 g water.' },
      exercises: [{ prompt: 'Plan a week of feeds.', solution: 'One feed a day.' }],
      summary: 'Feed the starter.',
    };
    gemini.enqueue({ json: content });
    const res = await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(LessonDetail.parse(res.body)).toMatchObject({ offline: false, content });
    const row = await server.ctx.db.admin
      .selectFrom('lesson_contents')
      .select(['offline', 'body'])
      .where('path_id', '=', path.id)
      .where('lesson_id', '=', 'l1')
      .executeTakeFirstOrThrow();
    expect(row.offline).toBe(false);
    expect(row.body).toContain('wild yeast');
  });
});

describe('review with a model', () => {
  async function cardsFromSession(u: TestUser) {
    const session = crypto.randomUUID();
    await server.ctx.db.asUser(u.id, (tx) =>
      sql`select save_chat_message(${session}::uuid, ${u.id}::uuid, ${'Osmosis is the movement of water across a membrane.'}, 'assistant')`.execute(
        tx,
      ),
    );
    gemini.enqueue({
      json: {
        questions: [
          {
            type: 'short_answer',
            question: 'What is the movement of water across a membrane called?',
            answer: 'osmosis',
            hints: ['Starts with o'],
            explanation: 'Osmosis moves water.',
            difficulty: 'easy',
          },
          {
            type: 'multiple_choice',
            question: 'What crosses the membrane in osmosis?',
            choices: ['water', 'salt', 'sugar'],
            answer: 'water',
            hints: ['H2O'],
            explanation: 'Water moves.',
            difficulty: 'easy',
          },
        ],
      },
    });
    const res = await u.api.post('/api/v1/review/generate', {
      source: { type: 'session', id: session },
      count: 2,
    });
    expect(res.status).toBe(201);
    expect(prompt()).toContain('Osmosis is the movement of water across a membrane.');
    return (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
  }

  it('asks the model to judge a free-text answer only when it does not match, and never for multiple choice', async () => {
    const u = await signUp(server);
    const [short, mc] = await cardsFromSession(u);
    const before = gemini.modelRequests.length;
    const exact = await u.api.post(`/api/v1/review/cards/${short!.id}/answer`, { answer: 'Osmosis.' });
    expect(exact.body).toMatchObject({ correct: true, rating: 'good' });
    const choice = await u.api.post(`/api/v1/review/cards/${mc!.id}/answer`, { answer: 'salt' });
    expect(choice.body).toMatchObject({ correct: false, rating: 'again' });
    expect(gemini.modelRequests.length).toBe(before);

    gemini.enqueue({
      json: { correct: true, feedback: 'Yes: diffusion of water through a membrane is osmosis.' },
    });
    const judged = await u.api.post(`/api/v1/review/cards/${short!.id}/answer`, {
      answer: 'water diffusion through a membrane',
    });
    expect(judged.status).toBe(200);
    expect(judged.body).toMatchObject({
      correct: true,
      feedback: 'Yes: diffusion of water through a membrane is osmosis.',
    });
    expect(gemini.modelRequests.length).toBe(before + 1);
    expect(prompt()).toContain('Expected answer: osmosis');
    expect(prompt()).toContain("Learner's answer: water diffusion through a membrane");
  });

  it('refuses a multiple-choice question whose answer is not among its choices', async () => {
    const u = await signUp(server);
    const session = crypto.randomUUID();
    await server.ctx.db.asUser(u.id, (tx) =>
      sql`select save_chat_message(${session}::uuid, ${u.id}::uuid, 'Some material here.', 'assistant')`.execute(
        tx,
      ),
    );
    gemini.fallback = {
      json: {
        questions: [
          {
            type: 'multiple_choice',
            question: 'Q?',
            choices: ['a', 'b', 'c'],
            answer: 'd',
            hints: ['h'],
            explanation: 'e',
            difficulty: 'easy',
          },
        ],
      },
    };
    const res = await u.api.post('/api/v1/review/generate', { source: { type: 'session', id: session } });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect((await u.api.get('/api/v1/review/cards')).body.items).toEqual([]);
  });
});

describe('discover with a model', () => {
  it('asks once per day for tiles based on interests, then serves the cache', async () => {
    const u = await signUp(server);
    await u.api.patch('/api/v1/profile', { preferences: { interests: ['chess'] } });
    gemini.enqueue({
      json: {
        tiles: [
          {
            emoji: '♟️',
            title: 'The Immortal Game',
            description: 'A famous 1851 sacrifice-filled game.',
            topic: 'the Immortal Game',
          },
          {
            emoji: '🤖',
            title: 'Engines and intuition',
            description: 'How computers changed chess.',
            topic: 'chess engines',
          },
          {
            emoji: '📐',
            title: 'Chess and geometry',
            description: 'Board patterns and maths.',
            topic: 'chess mathematics',
          },
        ],
      },
    });
    const first = await u.api.get('/api/v1/discover/tiles');
    expect(first.status).toBe(200);
    expect(first.body.tiles.map((t: any) => t.title)).toEqual([
      'The Immortal Game',
      'Engines and intuition',
      'Chess and geometry',
    ]);
    expect(prompt()).toContain('Interests: chess');
    const calls = gemini.modelRequests.length;
    expect((await u.api.get('/api/v1/discover/tiles')).body).toEqual(first.body);
    expect(gemini.modelRequests.length).toBe(calls);
  });

  it('keeps the good tiles of a reply with a malformed one', async () => {
    const u = await signUp(server);
    await u.api.patch('/api/v1/profile', { preferences: { interests: ['tides'] } });
    const tile = (title: string) => ({ emoji: '🌊', title, description: `About ${title}.`, topic: title });
    gemini.enqueue({
      json: {
        tiles: [
          tile('Spring tides'),
          { emoji: '🌙', title: 'No topic' },
          tile('Tidal bores'),
          tile('Tide tables'),
        ],
      },
    });
    const res = await u.api.get('/api/v1/discover/tiles');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.tiles.map((t: any) => t.title)).toEqual(['Spring tides', 'Tidal bores', 'Tide tables']);
    expect(gemini.modelRequests).toHaveLength(1);
  });
});
