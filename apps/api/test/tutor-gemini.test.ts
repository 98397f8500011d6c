// Tutor routes with a model: the real Gemini provider against the fake Gemini server. Lesson
// content of a tutor path is generated once for all its learners. An AI
// draft completes when the client waits for it (cancellation is tied to the response, not the
// request, whose `close` fires as soon as its body has been read).
import { describe, expect, it } from 'vitest';
import { EnrollmentLessonDetail, TutorLessonPreview, TutorPath } from '@chitchat/contracts';
import { signUp, startServerWithFakeGemini, type TestUser } from './harness.ts';
import { partsText } from './fakes/gemini.ts';
import { lessonRevision } from '../src/features/tutor/lessons.ts';
import { uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';
import crypto from 'node:crypto';

const { gemini, server } = await startServerWithFakeGemini();

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title}: the idea`, `${title}: an example`],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 40,
  difficulty: 'beginner',
});
const modelPath = {
  title: 'Knots for sailors',
  description: 'Tie the knots a sailor needs.',
  objectives: ['Tie a bowline'],
  estimatedHours: 2,
  lessons: [lesson('Bowline'), lesson('Cleat hitch'), lesson('Clove hitch')],
};

async function tutor(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  expect((await u.api.post('/api/v1/tutor/profile', { headline: `${name} teaches` })).status).toBe(201);
  return u;
}

describe('AI drafts of tutor paths', () => {
  it('a client that waits gets the draft: the model call is not cancelled when the request body has been read', async () => {
    const t = await tutor('Sailor');
    gemini.enqueue({ json: modelPath });
    const res = await t.api.post('/api/v1/tutor/paths/generate', { topic: 'Knots', difficulty: 'beginner' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const path = TutorPath.parse(res.body);
    expect(path).toMatchObject({ title: 'Knots for sailors', status: 'draft' });
    expect(path.lessons.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
    expect(gemini.modelRequests).toHaveLength(1);
    expect(gemini.modelRequests[0]!.aborted).toBe(false);
  });

  it('a draft whose reply has one malformed lesson keeps the others (minutes clamped) instead of failing', async () => {
    const t = await tutor('Rigger');
    const lessons = [
      { ...lesson('Bowline'), estimatedMinutes: 1 },
      { ...lesson('Reef knot'), difficulty: 'expert' },
      lesson('Cleat hitch'),
      lesson('Clove hitch'),
    ];
    gemini.enqueue({ json: { ...modelPath, lessons } });
    const res = await t.api.post('/api/v1/tutor/paths/generate', { topic: 'Knots', difficulty: 'beginner' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const path = TutorPath.parse(res.body);
    expect(path.lessons.map((l) => [l.title, l.estimatedMinutes])).toEqual([
      ['Bowline', 5],
      ['Cleat hitch', 40],
      ['Clove hitch', 40],
    ]);
    expect(gemini.modelRequests).toHaveLength(1);
  });
});

describe('lesson content of an enrolled tutor path', () => {
  it('one model call for the lesson, whichever learner opens it first; the others get the kept copy', async () => {
    const t = await tutor('Baker');
    const path = (
      await t.api.post('/api/v1/tutor/paths', {
        title: 'Knots',
        topic: 'Sailing',
        lessons: [lesson('Bowline'), lesson('Cleat hitch')],
      })
    ).body;
    expect((await t.api.post(`/api/v1/tutor/paths/${path.id}/publish`)).status).toBe(200);
    const [a, b] = [await signUp(server, 'A'), await signUp(server, 'B')];
    const ea = (await a.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).body;
    const eb = (await b.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).body;
    const content = {
      explanation: '# Cleat hitch\n\nMakes a line fast to a cleat.',
      keyPoints: ['Start with a full turn round the base'],
      workedExample: { problem: 'Tie off a dock line.', solution: 'Turn, figure eight, locking hitch.' },
      exercises: [
        { prompt: 'Tie it with your eyes closed.', solution: 'Turn, figure eight, locking hitch.' },
      ],
      summary: 'Turn, cross, lock.',
    };
    gemini.enqueue({ json: content });
    const first = await a.api.get(`/api/v1/enrollments/${ea.id}/lessons/l2/content`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(EnrollmentLessonDetail.parse(first.body).content).toEqual(content);
    expect(gemini.modelRequests).toHaveLength(1);
    // The learning feature's lesson prompt, with the tutor's plan for the lesson.
    expect(gemini.modelRequests[0]!.body.contents.map(partsText).join('\n')).toContain('Lesson: Cleat hitch');
    const second = await b.api.get(`/api/v1/enrollments/${eb.id}/lessons/l2/content`);
    expect(second.body).toMatchObject({ enrollmentId: eb.id, content, generatedAt: first.body.generatedAt });
    expect(gemini.modelRequests).toHaveLength(1);
  });

  it("is written from the tutor's plan alone: the first opener's own documents never reach the shared lesson", async () => {
    const t = await tutor('Dory');
    const path = (
      await t.api.post('/api/v1/tutor/paths', {
        title: 'Knots',
        topic: 'Sailing',
        lessons: [lesson('Bowline'), lesson('Cleat hitch')],
      })
    ).body;
    expect((await t.api.post(`/api/v1/tutor/paths/${path.id}/publish`)).status).toBe(200);
    const a = await signUp(server, 'Private');
    const secret = `cleat hitch diary ${crypto.randomUUID()}`;
    gemini.enqueue({
      json: {
        summary: 'Notes on the cleat hitch.',
        keyConcepts: [{ name: 'Cleat hitch', explanation: 'A knot.' }],
        suggestedQuestions: ['How?'],
      },
    });
    const { init } = await uploadViaUrl(
      a,
      'diary.md',
      'text/markdown',
      Buffer.from(`# Sailing\n\nThe cleat hitch, from my private diary: ${secret}.\n`),
    );
    expect((await waitProcessed(a, init.uploadId)).status).toBe('ready');
    const ea = (await a.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).body;
    gemini.reset();
    gemini.enqueue({
      json: {
        explanation: '# Cleat hitch',
        keyPoints: ['Turn'],
        workedExample: { problem: 'p', solution: 's' },
        exercises: [{ prompt: 'x', solution: 'y' }],
        summary: 'Turn, cross, lock.',
      },
    });
    expect((await a.api.get(`/api/v1/enrollments/${ea.id}/lessons/l2/content`)).status).toBe(200);
    const sent = gemini.modelRequests.filter((r: any) => !/embed/i.test(r.method));
    expect(sent).toHaveLength(1);
    const prompt = sent[0]!.body.contents.map(partsText).join('\n');
    expect(prompt).toContain('Lesson: Cleat hitch');
    expect(prompt).not.toContain(secret);
  });

  it('an outline kept while offline is replaced by the model’s lesson on the next open', async () => {
    const t = await tutor('Skipper');
    const path = (
      await t.api.post('/api/v1/tutor/paths', {
        title: 'Ropes',
        topic: 'Sailing',
        lessons: [lesson('Whipping')],
      })
    ).body;
    expect((await t.api.post(`/api/v1/tutor/paths/${path.id}/publish`)).status).toBe(200);
    const a = await signUp(server, 'Deckhand');
    const e = (await a.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).body;
    const revision = lessonRevision(path.lessons[0]);
    await server.ctx.db.admin
      .insertInto('tutor_lesson_contents')
      .values({
        path_id: path.id,
        lesson_id: 'l1',
        revision,
        title: 'Whipping',
        content: '{}',
        offline: true,
        created_by: a.id,
      })
      .execute();
    const content = {
      explanation: 'Whipping stops a rope end from fraying.',
      keyPoints: ['Work against the lay'],
      workedExample: { problem: 'Whip a 12 mm line.', solution: 'Twelve tight turns, then finish.' },
      exercises: [{ prompt: 'Whip both ends of a line.', solution: 'Two whippings.' }],
      summary: 'Whip rope ends.',
    };
    gemini.enqueue({ json: content });
    const res = await a.api.get(`/api/v1/enrollments/${e.id}/lessons/l1/content`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(EnrollmentLessonDetail.parse(res.body)).toMatchObject({ offline: false, content });
    const row = await server.ctx.db.admin
      .selectFrom('tutor_lesson_contents')
      .select('offline')
      .where('path_id', '=', path.id)
      .executeTakeFirstOrThrow();
    expect(row.offline).toBe(false);
  });
});

describe('a tutor previewing a lesson with a model connected', () => {
  it('writes the lesson from the plan once and keeps it: learners then read the very text the tutor checked, with no second model call', async () => {
    const t = await tutor('Previewer');
    const path = (
      await t.api.post('/api/v1/tutor/paths', {
        title: 'Anchoring',
        topic: 'Sailing',
        lessons: [lesson('Scope')],
      })
    ).body;
    const content = {
      explanation: 'Let out five times the depth.',
      keyPoints: ['Scope is rode length over depth'],
      workedExample: { problem: 'Anchor in 4 m.', solution: 'Let out 20 m.' },
      exercises: [{ prompt: 'Anchor in 6 m.', solution: '30 m.' }],
      summary: 'Five to one.',
    };
    gemini.enqueue({ json: content });
    const preview = await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l1/preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(TutorLessonPreview.parse(preview.body)).toMatchObject({
      status: 'draft',
      offline: false,
      content,
    });
    expect(gemini.modelRequests).toHaveLength(1);
    // Previewing again reads the kept copy.
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l1/preview`)).body.generatedAt).toBe(
      preview.body.generatedAt,
    );
    expect((await t.api.post(`/api/v1/tutor/paths/${path.id}/publish`)).status).toBe(200);
    const a = await signUp(server, 'Crew');
    const e = (await a.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).body;
    const read = await a.api.get(`/api/v1/enrollments/${e.id}/lessons/l1/content`);
    expect(read.body).toMatchObject({ offline: false, content, generatedAt: preview.body.generatedAt });
    expect(gemini.modelRequests).toHaveLength(1);
  });
});
