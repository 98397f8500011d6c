// Learning paths through HTTP on the real server and database: on the offline engine, and once more
// on the local model (TEST_AI_PROVIDER=local). What only the offline engine does (outlines) is
// tested on a server that is offline in both passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedPath, LearningPath, LessonDetail } from '@chitchat/contracts';
import {
  expectErrorShape,
  signUp,
  startServer,
  usingLocalModel,
  type TestServer,
  type TestUser,
} from './harness.ts';
import { makePdf, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';
import { XP_RULES } from '../src/features/xp/ledger.ts';
import { lessonsGrounding } from '../src/features/learning/grounding.ts';

let server: TestServer;
/** Always the offline engine, over the same database. */
let offline: TestServer;
beforeAll(async () => {
  server = await startServer();
  offline = await startServer({ db: server.ctx.db, env: { AI_PROVIDER: 'offline' } });
});
afterAll(async () => {
  await offline?.close();
  await server?.close();
});

const LEVELS = ['beginner', 'intermediate', 'advanced'];

async function learner(on: TestServer = server): Promise<TestUser> {
  const u = await signUp(on);
  // A high daily goal keeps the daily bonus out of these XP sums (the XP tests cover it).
  const p = await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 500 } });
  expect(p.status).toBe(200);
  return u;
}

async function createPath(
  u: TestUser,
  body: Record<string, unknown> = { topic: 'Photosynthesis', difficulty: 'beginner' },
) {
  const res = await u.api.post('/api/v1/learning-paths', body);
  expect(res.status).toBe(201);
  return LearningPath.parse(res.body);
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('learning paths', () => {
  it('generates a structured path whose difficulty rises and whose lessons have stable ids', async () => {
    const u = await learner();
    const path = await createPath(u, {
      topic: 'Linear algebra',
      difficulty: 'intermediate',
      goal: 'Understand machine learning papers',
      hoursPerWeek: 3,
    });
    // The generated part validates against the generation schema too.
    GeneratedPath.parse({
      title: path.title,
      description: path.description,
      objectives: path.objectives,
      estimatedHours: path.estimatedHours,
      lessons: path.lessons,
    });
    expect(path.topic).toBe('Linear algebra');
    expect(path.difficulty).toBe('intermediate');
    expect(path.goal).toBe('Understand machine learning papers');
    expect(path.lessons.map((l) => l.id)).toEqual(path.lessons.map((_, i) => `l${i + 1}`));
    // Starts at the learner’s level and never falls (whatever a model says).
    const levels = path.lessons.map((l) => LEVELS.indexOf(l.difficulty));
    expect(levels[0]).toBe(1);
    expect(levels).toEqual([...levels].sort());
    expect(Math.max(...levels)).toBeLessThanOrEqual(2);
    for (const l of path.lessons) {
      expect(l.objectives.length).toBeGreaterThan(0);
      expect(l.outline.length).toBeGreaterThan(0);
      expect(l.exercises.length).toBeGreaterThan(0);
    }
    if (usingLocalModel) {
      // A model wrote it: not an outline, and its lessons are written (and kept) when opened.
      expect(path.offline).toBe(false);
      const lesson = LessonDetail.parse(
        (await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).body,
      );
      expect(lesson.offline).toBe(false);
      expect(lesson.content?.explanation.length).toBeGreaterThan(0);
      expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).body.generatedAt).toBe(
        lesson.generatedAt,
      );
    } else {
      expect(path.offline).toBe(true);
      expect(levels[levels.length - 1]).toBe(2);
      for (const l of path.lessons) expect(l.title).toMatch(/linear algebra/i);
    }
    expect(path.progress).toEqual({ completedLessons: [], currentLesson: 'l1', completionPercentage: 0 });
    expect(path.lessonCount).toBe(path.lessons.length);
    expect(path.estimatedHours).toBe(
      Math.max(1, Math.round(path.lessons.reduce((a, l) => a + l.estimatedMinutes, 0) / 60)),
    );
  });

  it('refuses bad input with a 400 that says what to fix', async () => {
    const u = await learner();
    const res = await u.api.post('/api/v1/learning-paths', { topic: '', difficulty: 'expert' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    expect(res.body.error.message).toMatch(/topic|difficulty/);
    const bad = await u.api.get('/api/v1/learning-paths?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });

  it('lists newest first with keyset pagination, renames and deletes', async () => {
    const u = await learner();
    const created = [];
    for (const topic of ['Rust', 'Go', 'Haskell'])
      created.push(await createPath(u, { topic, difficulty: 'beginner' }));
    const first = await u.api.get('/api/v1/learning-paths?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: any) => p.topic)).toEqual(['Haskell', 'Go']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await u.api.get(`/api/v1/learning-paths?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: any) => p.topic)).toEqual(['Rust']);
    expect(second.body.nextCursor).toBeNull();

    const renamed = await u.api.patch(`/api/v1/learning-paths/${created[0]!.id}`, {
      title: 'Rust for the impatient',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Rust for the impatient');
    expect((await u.api.get(`/api/v1/learning-paths/${created[0]!.id}`)).body.title).toBe(
      'Rust for the impatient',
    );

    expect((await u.api.delete(`/api/v1/learning-paths/${created[1]!.id}`)).status).toBe(204);
    expect((await u.api.get(`/api/v1/learning-paths/${created[1]!.id}`)).status).toBe(404);
    expect((await u.api.delete(`/api/v1/learning-paths/${created[1]!.id}`)).status).toBe(404);
  });

  it('opens an offline lesson as its outline, marked offline, never as invented teaching prose (also when opened twice at once)', async () => {
    const u = await learner(offline);
    const path = await createPath(u);
    expect(path.offline).toBe(true);
    const url = `/api/v1/learning-paths/${path.id}/lessons/l2`;
    const [a, b] = await Promise.all([u.api.get(url), u.api.get(url)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const lesson = LessonDetail.parse(a.body);
    expect(lesson).toMatchObject({
      offline: true,
      content: null,
      passages: [],
      position: 2,
      completed: false,
    });
    expect(lesson.lesson).toEqual(path.lessons[1]);
    // The old template's filler sentence (in every section) and anything like it are gone.
    expect(JSON.stringify(a.body)).not.toMatch(/Work through this part|writing down what you already know/);
    expect(b.body.generatedAt).toBe(lesson.generatedAt);
    expect((await u.api.get(url)).body).toEqual(a.body);
    const rows = await offline.ctx.db.admin
      .selectFrom('lesson_contents')
      .select(['lesson_id', 'offline', 'body'])
      .where('path_id', '=', path.id)
      .execute();
    expect(rows).toEqual([{ lesson_id: 'l2', offline: true, body: '' }]);
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l99`)).status).toBe(404);
    expect((await u.api.get('/api/v1/learning-paths')).body.items[0]).toMatchObject({
      id: path.id,
      offline: true,
    });
  });

  it('an offline outline quotes the passages of the learner’s own uploads that match the lesson, with their source', async () => {
    const u = await learner(offline);
    const pdf = await makePdf([
      'Mycorrhiza is a partnership between fungi and plant roots. The fungus trades minerals for sugars.',
    ]);
    const { init } = await uploadViaUrl(u, 'fungi-notes.pdf', 'application/pdf', pdf);
    expect((await waitProcessed(u, init.uploadId)).status).toBe('ready');
    const path = await createPath(u, { topic: 'Mycorrhiza', difficulty: 'beginner' });
    const lesson = LessonDetail.parse((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).body);
    expect(lesson.offline).toBe(true);
    expect(lesson.passages.length).toBeGreaterThan(0);
    expect(lesson.passages[0]!.source).toEqual({
      uploadId: init.uploadId,
      title: 'fungi-notes.pdf',
      page: 1,
    });
    expect(lesson.passages[0]!.text).toMatch(/mycorrhiza/i);
    // Another learner's outline of the same topic never shows someone else's material.
    const other = await learner(offline);
    const theirs = await createPath(other, { topic: 'Mycorrhiza', difficulty: 'beginner' });
    expect(
      LessonDetail.parse((await other.api.get(`/api/v1/learning-paths/${theirs.id}/lessons/l1`)).body)
        .passages,
    ).toEqual([]);
  });

  it('an offline outline shows none of the learner’s uploads about another topic', async () => {
    const u = await learner(offline);
    const pdf = await makePdf([
      'The explosiveness of an eruption depends mainly on the viscosity of the magma and the dissolved gas it holds.',
    ]);
    const { init } = await uploadViaUrl(u, 'volcanoes.pdf', 'application/pdf', pdf);
    expect((await waitProcessed(u, init.uploadId)).status).toBe('ready');
    const lessonOf = async (topic: string) => {
      const path = await createPath(u, { topic, difficulty: 'beginner' });
      return LessonDetail.parse((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).body);
    };
    // The outline's “a map of the main ideas” matches “mainly” in the search: not a reason to show it.
    expect((await lessonOf('Photosynthesis')).passages).toEqual([]);
    expect((await lessonOf('Volcanic eruptions')).passages.map((p) => p.source.title)).toEqual([
      'volcanoes.pdf',
    ]);
  });

  it('an offline outline is no grounding source: it holds no teaching text', async () => {
    const u = await learner(offline);
    const path = await createPath(u, { topic: 'Mycology', difficulty: 'beginner' });
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).status).toBe(200);
    expect(
      await offline.ctx.db.asUser(u.id, (tx) => lessonsGrounding(tx, u.id, 'what is mycology about?', 5)),
    ).toEqual([]);
    expect(offline.ctx.grounding).toContain(lessonsGrounding);
  });

  it('completing every lesson reaches 100 % and awards XP exactly once, even for concurrent duplicates', async () => {
    const u = await learner();
    const path = await createPath(u, { topic: 'Statistics', difficulty: 'beginner' });
    const ids = path.lessons.map((l) => l.id);
    let xpSeen = 0;
    for (const [i, id] of ids.entries()) {
      expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/${id}`)).status).toBe(200);
      const url = `/api/v1/learning-paths/${path.id}/lessons/${id}/complete`;
      // The same request twice at once (a double tap, or two devices).
      const [a, b] = await Promise.all([u.api.post(url), u.api.post(url)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect([a.body.newlyCompleted, b.body.newlyCompleted].sort()).toEqual([false, true]);
      const winner = a.body.newlyCompleted ? a.body : b.body;
      const last = i === ids.length - 1;
      expect(winner.xpAwarded).toBe(XP_RULES.lessonCompleted + (last ? XP_RULES.pathFinished : 0));
      expect(winner.progress.completionPercentage).toBe(Math.round((100 * (i + 1)) / ids.length));
      expect(winner.progress.currentLesson).toBe(ids[i + 1] ?? null);
      xpSeen += winner.xpAwarded;
    }
    const expected = ids.length * XP_RULES.lessonCompleted + XP_RULES.pathFinished;
    expect(xpSeen).toBe(expected);
    const profile = await u.api.get('/api/v1/profile');
    expect(profile.body.xp).toBe(expected);
    const got = await u.api.get(`/api/v1/learning-paths/${path.id}`);
    expect(got.body.progress).toEqual({
      completedLessons: ids,
      currentLesson: null,
      completionPercentage: 100,
    });
    // A retry later changes nothing.
    const retry = await u.api.post(`/api/v1/learning-paths/${path.id}/lessons/l1/complete`);
    expect(retry.body).toMatchObject({
      newlyCompleted: false,
      pathFinished: false,
      xpAwarded: 0,
      xp: expected,
    });
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).body.completed).toBe(true);

    // Logged after the answer: lesson_completed for each lesson, path_finished once.
    const events = await until(async () => {
      const rows = await server.ctx.db.admin
        .selectFrom('activity_events')
        .select(['kind', 'lesson_id'])
        .where('user_id', '=', u.id)
        .execute();
      return rows.filter((r) => r.kind === 'lesson_completed').length === ids.length &&
        rows.some((r) => r.kind === 'path_finished')
        ? rows
        : null;
    }, 'activity events');
    expect(events.filter((r) => r.kind === 'path_finished')).toHaveLength(1);
  });

  it('pays for a lesson only once it was opened: completing an unopened lesson is a 409 that changes nothing', async () => {
    const u = await learner();
    const path = await createPath(u, { topic: 'Plate tectonics', difficulty: 'beginner' });
    const complete = () => u.api.post(`/api/v1/learning-paths/${path.id}/lessons/l2/complete`);
    const refused = await complete();
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body);
    expect(refused.body.error.code).toBe('lesson_not_opened');
    expect(refused.body.error.message).toMatch(/open the lesson/i);
    expect((await u.api.get('/api/v1/profile')).body.xp).toBe(0);
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}`)).body.progress.completedLessons).toEqual([]);
    // Opening another lesson does not open this one.
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l1`)).status).toBe(200);
    expect((await complete()).status).toBe(409);

    expect((await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/l2`)).status).toBe(200);
    const done = await complete();
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ newlyCompleted: true, xpAwarded: XP_RULES.lessonCompleted });
  });

  it('logs every open of a lesson as activity (as a tutor path’s lesson does), and opening earns no XP', async () => {
    const u = await learner();
    const path = await createPath(u, { topic: 'Glaciers', difficulty: 'beginner' });
    const url = `/api/v1/learning-paths/${path.id}/lessons/l1`;
    // The first open writes the lesson; the later ones read what was kept.
    for (let i = 0; i < 3; i++) expect((await u.api.get(url)).status).toBe(200);
    const opened = () =>
      server.ctx.db.admin
        .selectFrom('activity_events')
        .select(['kind', 'subject_type', 'path_id', 'lesson_id'])
        .where('user_id', '=', u.id)
        .where('kind', '=', 'lesson_opened')
        .execute();
    const events = await until(async () => {
      const rows = await opened();
      return rows.length >= 3 ? rows : null;
    }, 'three lesson_opened events');
    expect(events).toEqual(
      Array(3).fill({ kind: 'lesson_opened', subject_type: 'lesson', path_id: path.id, lesson_id: 'l1' }),
    );
    expect((await u.api.get('/api/v1/profile')).body.xp).toBe(0);
  });

  it('refuses another learner’s path on every endpoint with 404', async () => {
    const owner = await learner();
    const intruder = await learner();
    const path = await createPath(owner);
    const base = `/api/v1/learning-paths/${path.id}`;
    const attempts = [
      intruder.api.get(base),
      intruder.api.patch(base, { title: 'mine now' }),
      intruder.api.delete(base),
      intruder.api.get(`${base}/lessons/l1`),
      intruder.api.post(`${base}/lessons/l1/complete`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expectErrorShape(res.body);
    }
    expect((await intruder.api.get('/api/v1/learning-paths')).body.items).toEqual([]);
    const still = await owner.api.get(base);
    expect(still.body.title).toBe(path.title);
    expect(still.body.progress.completedLessons).toEqual([]);
    expect((await intruder.api.get('/api/v1/profile')).body.xp).toBe(0);
  });
});
