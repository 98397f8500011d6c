// Managing a tutor path after drafting it: editing one lesson in place, and previewing each lesson
// as learners see it (drafts too). Ownership: another tutor and a learner get 404 for every route,
// and the database keeps tutors out of other tutors' lesson content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TutorLessonPreview, TutorPath, type LessonPlan } from '@chitchat/contracts';
import { signUp, startServer, expectErrorShape, type TestServer, type TestUser } from './harness.ts';
import { asRoleOn, createPath, enroll, expect404, publish } from './tutor-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    env: {
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_15_MIN: '10000',
    },
  });
});
afterAll(async () => server?.close());

const asRole = asRoleOn(() => server.ctx.db);

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title}: the idea`, `${title}: an example`],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 30,
  difficulty: 'beginner' as const,
});

async function tutor(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  expect((await u.api.post('/api/v1/tutor/profile', { headline: `${name} teaches` })).status).toBe(201);
  return u;
}

describe('editing one lesson', () => {
  it('changes only the fields sent; the lesson keeps its id and place; a draft is not versioned', async () => {
    const t = await tutor('Edith');
    const path = await createPath(t, { title: 'Knots', lessons: [lesson('Bowline'), lesson('Clove hitch')] });
    const res = await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l2`, {
      title: 'The clove hitch',
      outline: ['Two turns', 'Tuck under'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const edited = TutorPath.parse(res.body);
    expect(edited.lessons.map((l) => l.id)).toEqual(['l1', 'l2']);
    expect(edited.lessons[1]).toEqual({
      ...path.lessons[1],
      title: 'The clove hitch',
      outline: ['Two turns', 'Tuck under'],
    });
    expect(edited.lessons[0]).toEqual(path.lessons[0]);
    expect(edited.version).toBe(1);
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}`)).body.lessons[1].title).toBe('The clove hitch');
    // Unchanged values change nothing.
    const same = await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l2`, { title: 'The clove hitch' });
    expect(same.body.updatedAt).toBe(edited.updatedAt);
  });

  it('refuses an empty change, unknown fields and blank values with a 400 in the error shape; an unknown lesson is 404', async () => {
    const t = await tutor('Ida');
    const path = await createPath(t, { title: 'Knots', lessons: [lesson('Bowline')] });
    for (const body of [
      {},
      { id: 'l9' },
      { colour: 'red' },
      { title: '' },
      { objectives: [] },
      { estimatedMinutes: 1 },
    ]) {
      const r = await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l1`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(r.body);
    }
    expect404(
      await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l7`, { title: 'Nope' }),
      'unknown lesson',
    );
    expect404(
      await t.api.patch(`/api/v1/tutor/paths/${crypto.randomUUID()}/lessons/l1`, { title: 'Nope' }),
      'unknown path',
    );
  });

  it('on a published path it is a revision: the version goes up and learners keep their progress on the lesson', async () => {
    const t = await tutor('Rev');
    const path = await createPath(t, {
      title: 'Splices',
      lessons: [lesson('Eye splice'), lesson('Back splice')],
    });
    await publish(t, path.id);
    const l = await signUp(server, 'Lou');
    const e = await enroll(l, path.id);
    expect((await l.api.get(`/api/v1/enrollments/${e.id}/lessons/l1`)).status).toBe(200);
    expect((await l.api.post(`/api/v1/enrollments/${e.id}/lessons/l1/complete`)).status).toBe(200);
    const res = await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l1`, {
      exercises: ['Splice a dock line'],
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    const after = (await l.api.get(`/api/v1/enrollments/${e.id}`)).body;
    expect(after.progress.completedLessons).toEqual(['l1']);
    expect(after.lessons[0].exercises).toEqual(['Splice a dock line']);
  });

  it('someone else’s path is 404, for another tutor and for a learner enrolled in it', async () => {
    const t = await tutor('Owner');
    const path = await createPath(t, { title: 'Hitches', lessons: [lesson('Rolling hitch')] });
    await publish(t, path.id);
    const other = await tutor('Other');
    const learner = await signUp(server, 'Pupil');
    await enroll(learner, path.id);
    for (const u of [other, learner]) {
      expect404(
        await u.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l1`, { title: 'Mine now' }),
        'edit someone else’s lesson',
      );
      expect404(
        await u.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l1/preview`),
        'preview someone else’s lesson',
      );
    }
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}`)).body.lessons[0].title).toBe('Rolling hitch');
  });
});

describe('previewing a lesson as learners see it', () => {
  it('a draft’s lesson without a model: its outline, marked offline, with no passages and nothing kept', async () => {
    const t = await tutor('Pria');
    const path = await createPath(t, {
      title: 'Tides',
      lessons: [lesson('Spring tides'), lesson('Neap tides')],
    });
    const res = await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l2/preview`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = TutorLessonPreview.parse(res.body);
    expect(p).toMatchObject({
      pathId: path.id,
      status: 'draft',
      position: 2,
      lessonCount: 2,
      offline: true,
      content: null,
      passages: [],
      generatedAt: null,
    });
    expect(p.lesson).toEqual(path.lessons[1] as LessonPlan);
    const kept = await server.ctx.db.admin
      .selectFrom('tutor_lesson_contents')
      .select('lesson_id')
      .where('path_id', '=', path.id)
      .execute();
    expect(kept).toEqual([]);
    expect404(await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l3/preview`), 'unknown lesson');
    const bad = await t.api.get('/api/v1/tutor/paths/not-a-uuid/lessons/l1/preview');
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body);
  });

  it('shows the full lesson a learner’s first open kept, for the current revision only', async () => {
    const t = await tutor('Kept');
    const path = await createPath(t, { title: 'Stars', lessons: [lesson('Polaris')] });
    await publish(t, path.id);
    const l = await signUp(server, 'Stargazer');
    const e = await enroll(l, path.id);
    expect((await l.api.get(`/api/v1/enrollments/${e.id}/lessons/l1/content`)).status).toBe(200);
    const content = {
      explanation: '# Polaris\n\nThe north star.',
      keyPoints: ['Find the Plough first'],
      workedExample: { problem: 'Find north.', solution: 'Follow the pointers.' },
      exercises: [{ prompt: 'Find it tonight.', solution: 'Look north.' }],
      summary: 'Follow the pointers.',
    };
    // As if a model had written it for the learner.
    await server.ctx.db.admin
      .updateTable('tutor_lesson_contents')
      .set({ content: JSON.stringify(content), offline: false })
      .where('path_id', '=', path.id)
      .execute();
    const p = TutorLessonPreview.parse(
      (await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l1/preview`)).body,
    );
    expect(p).toMatchObject({ offline: false, content, status: 'published' });
    expect(p.generatedAt).not.toBeNull();
    // A revision of the lesson is previewed afresh (its outline, without a model).
    expect(
      (await t.api.patch(`/api/v1/tutor/paths/${path.id}/lessons/l1`, { title: 'Finding Polaris' })).status,
    ).toBe(200);
    const revised = TutorLessonPreview.parse(
      (await t.api.get(`/api/v1/tutor/paths/${path.id}/lessons/l1/preview`)).body,
    );
    expect(revised).toMatchObject({ offline: true, content: null, lesson: { title: 'Finding Polaris' } });
  });

  it('in the database, a tutor keeps lesson content for their own paths only', async () => {
    const t = await tutor('Mine');
    const other = await tutor('Theirs');
    const path = await createPath(t, { title: 'Clouds', lessons: [lesson('Cumulus')] });
    const row = (by: string) => ({
      path_id: path.id,
      lesson_id: 'l1',
      revision: 'r1',
      title: 'Cumulus',
      content: '{}',
      offline: false,
      created_by: by,
    });
    await asRole(t.id, (tx) => tx.insertInto('tutor_lesson_contents').values(row(t.id)).execute());
    await expect(
      asRole(other.id, (tx) => tx.insertInto('tutor_lesson_contents').values(row(other.id)).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    // Nor in another's name.
    await expect(
      asRole(t.id, (tx) => tx.insertInto('tutor_lesson_contents').values(row(other.id)).execute()),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
