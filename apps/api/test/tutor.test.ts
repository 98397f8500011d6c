// Tutors through HTTP on the real server and database (offline AI provider): profiles, authoring,
// publication and revision, the catalog, enrolments with progress and XP, the dashboard, and the
// rules that keep tutors and learners apart (HTTP and direct SQL as the app's database role).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  CatalogPathDetail,
  EnrollmentDetail,
  GeneratedPath,
  LessonPlan,
  PublicTutorPage,
  TutorDashboard,
  TutorPath,
  TutorPathStats,
  TutorProfile,
} from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { asRoleOn, createPath, enroll, expect404, publish } from './tutor-fixtures.ts';
import { XP_RULES } from '../src/features/xp/ledger.ts';

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

const lesson = (title: string, extra: Partial<LessonPlan> = {}) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [
    `${title} are explained with a clear definition and a diagram`,
    `${title} are shown with an example from everyday chemistry`,
  ],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 30,
  difficulty: 'beginner' as const,
  ...extra,
});

async function user(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  // A high daily goal keeps the daily bonus out of the XP sums below.
  expect(
    (await u.api.patch('/api/v1/profile', { displayName: name, preferences: { dailyGoal: 500 } })).status,
  ).toBe(200);
  return u;
}

async function tutor(name: string, headline = `${name} teaches`): Promise<TestUser> {
  const u = await user(name);
  const res = await u.api.post('/api/v1/tutor/profile', { headline, subjects: ['maths'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return u;
}

async function complete(u: TestUser, enrollmentId: string, lessonId: string) {
  expect((await u.api.get(`/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}`)).status).toBe(200);
  const res = await u.api.post(`/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/complete`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const asRole = asRoleOn(() => server.ctx.db);

describe('becoming a tutor', () => {
  it('creates the profile, sets isTutor, and edits it; a second profile is a 409', async () => {
    const u = await user('Tess');
    expect((await u.api.get('/api/v1/tutor/profile')).status).toBe(404);
    const res = await u.api.post('/api/v1/tutor/profile', {
      headline: 'Physics teacher, <b>12 years</b>',
      bio: 'I teach mechanics.',
      subjects: ['physics', 'Physics', 'maths'],
      links: [{ label: 'Site', url: 'https://example.com/tess' }],
    });
    expect(res.status).toBe(201);
    const p = TutorProfile.parse(res.body);
    expect(p).toMatchObject({
      userId: u.id,
      displayName: 'Tess',
      headline: 'Physics teacher, 12 years',
      subjects: ['physics', 'maths'],
    });
    expect((await u.api.get('/api/v1/profile')).body.isTutor).toBe(true);
    const again = await u.api.post('/api/v1/tutor/profile', { headline: 'again' });
    expect(again.status).toBe(409);
    expectErrorShape(again.body);

    const patched = await u.api.patch('/api/v1/tutor/profile', { bio: null, links: [] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ bio: null, links: [], headline: 'Physics teacher, 12 years' });
    expect((await u.api.get('/api/v1/tutor/profile')).body.bio).toBeNull();
  });

  it('refuses bad links and unknown fields', async () => {
    const u = await user('Bad');
    const r1 = await u.api.post('/api/v1/tutor/profile', {
      headline: 'x',
      links: [{ label: 'x', url: 'javascript:alert(1)' }],
    });
    expect(r1.status).toBe(400);
    const r2 = await u.api.post('/api/v1/tutor/profile', { headline: 'x', isTutor: true });
    expect(r2.status).toBe(400);
    expect((await u.api.get('/api/v1/profile')).body.isTutor).toBe(false);
  });

  it('a learner without a tutor profile cannot author paths (403) and has no tutor page (404)', async () => {
    const u = await user('Nope');
    const r = await u.api.post('/api/v1/tutor/paths', { title: 'x' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('not_a_tutor');
    expect((await u.api.post('/api/v1/tutor/paths/generate', { topic: 'Algebra' })).status).toBe(403);
    expect404(await u.api.get(`/api/v1/tutors/${u.id}`), 'tutor page of a non-tutor');
  });
});

describe('authoring paths', () => {
  it('creates a draft by hand with stable lesson ids; drafts are the tutor’s alone', async () => {
    const t = await tutor('Ada');
    const other = await tutor('Grace');
    const learner = await user('Lin');
    const path = await createPath(t, {
      title: 'Fractions',
      topic: 'Arithmetic',
      lessons: [lesson('Halves'), lesson('Thirds')],
    });
    expect(path).toMatchObject({
      status: 'draft',
      version: 1,
      publishedAt: null,
      learnerCount: 0,
      tutorId: t.id,
      lessonCount: 2,
    });
    expect(path.lessons.map((l) => l.id)).toEqual(['l1', 'l2']);

    // Another tutor and a learner: every way in is "not found".
    for (const [who, u] of [
      ['other tutor', other],
      ['learner', learner],
    ] as const) {
      expect404(await u.api.get(`/api/v1/tutor/paths/${path.id}`), `${who} reads draft`);
      expect404(await u.api.patch(`/api/v1/tutor/paths/${path.id}`, { title: 'mine' }), `${who} edits draft`);
      expect404(await u.api.post(`/api/v1/tutor/paths/${path.id}/publish`), `${who} publishes draft`);
      expect404(await u.api.delete(`/api/v1/tutor/paths/${path.id}`), `${who} deletes draft`);
      expect404(await u.api.get(`/api/v1/tutor/paths/${path.id}/stats`), `${who} reads draft stats`);
      expect404(await u.api.get(`/api/v1/tutor/paths/${path.id}/learners`), `${who} reads draft learners`);
      expect404(await u.api.get(`/api/v1/catalog/paths/${path.id}`), `${who} reads draft in catalog`);
      expect404(await u.api.post(`/api/v1/catalog/paths/${path.id}/enroll`), `${who} enrols in draft`);
    }
    const page = PublicTutorPage.parse((await learner.api.get(`/api/v1/tutors/${t.id}`)).body);
    expect(page.paths).toEqual([]);
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}`)).body.title).toBe('Fractions');
    // Unchanged by the attempts.
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}`)).body).toMatchObject({
      title: 'Fractions',
      status: 'draft',
    });
  });

  it('starts from an AI draft with the learners’ lesson structure', async () => {
    const t = await tutor('Ida');
    const res = await t.api.post('/api/v1/tutor/paths/generate', {
      topic: 'Linear algebra',
      difficulty: 'intermediate',
      goal: 'read ML papers',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const path = TutorPath.parse(res.body);
    GeneratedPath.parse({
      title: path.title,
      description: path.description,
      objectives: path.objectives,
      estimatedHours: path.estimatedHours,
      lessons: path.lessons,
    });
    expect(path).toMatchObject({ status: 'draft', topic: 'Linear algebra', difficulty: 'intermediate' });
    expect(path.lessons.map((l) => l.id)).toEqual(path.lessons.map((_, i) => `l${i + 1}`));
    // Editing the draft keeps ids, adds after the highest one ever given.
    const edited = await t.api.patch(`/api/v1/tutor/paths/${path.id}`, {
      lessons: [path.lessons[1], lesson('Eigenvectors in practice')],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.lessons.map((l: LessonPlan) => l.id)).toEqual(['l2', `l${path.lessons.length + 1}`]);
    expect(edited.body.version).toBe(1); // drafts are not versioned
  });

  it('lifecycle: no empty publication, drafts are not archived, published paths are not deleted nor returned to draft', async () => {
    const t = await tutor('Lovelace');
    const empty = await createPath(t, { title: 'Empty' });
    const r = await t.api.post(`/api/v1/tutor/paths/${empty.id}/publish`);
    expect(r.status).toBe(409);
    expect((await t.api.post(`/api/v1/tutor/paths/${empty.id}/archive`)).status).toBe(409);
    expect((await t.api.delete(`/api/v1/tutor/paths/${empty.id}`)).status).toBe(204);
    expect404(await t.api.get(`/api/v1/tutor/paths/${empty.id}`), 'deleted draft');

    const p = await createPath(t, { title: 'Logic', lessons: [lesson('Truth tables')] });
    const pub = await publish(t, p.id);
    expect(pub.publishedAt).not.toBeNull();
    expect((await publish(t, p.id)).publishedAt).toBe(pub.publishedAt); // idempotent
    expect((await t.api.delete(`/api/v1/tutor/paths/${p.id}`)).status).toBe(409);
    expect((await t.api.patch(`/api/v1/tutor/paths/${p.id}`, { lessons: [] })).status).toBe(409);
    // Below the API: the database refuses a return to draft and a published insert.
    await expect(
      asRole(t.id, (tx) =>
        tx.updateTable('tutor_learning_paths').set({ status: 'draft' }).where('id', '=', p.id).execute(),
      ),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      asRole(t.id, (tx) =>
        tx
          .insertInto('tutor_learning_paths')
          .values({ tutor_id: t.id, title: 'sneaky', status: 'published', lessons: '[]' })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '23514' });
    const mine = await t.api.get('/api/v1/tutor/paths?status=published');
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });
});

describe('catalog', () => {
  it('finds published paths by words, topic, difficulty and tutor, pages with a cursor', async () => {
    const t = await tutor('Carta', 'Cartography guide');
    const viewer = await user('Viewer');
    const word = `zyx${Date.now().toString(36)}`;
    const a = await publish(
      t,
      (
        await createPath(t, {
          title: `Reading ${word} maps`,
          topic: `Maps ${word}`,
          difficulty: 'beginner',
          lessons: [lesson('Legend')],
        })
      ).id,
    );
    const b = await publish(
      t,
      (
        await createPath(t, {
          title: `Advanced ${word} projections`,
          topic: `Maps ${word}`,
          difficulty: 'advanced',
          lessons: [lesson('Mercator')],
        })
      ).id,
    );
    await createPath(t, {
      title: `Draft ${word} secrets`,
      topic: `Maps ${word}`,
      lessons: [lesson('Hidden')],
    });

    const byWord = await viewer.api.get(`/api/v1/catalog/paths?q=${word}`);
    expect(byWord.status).toBe(200);
    expect(byWord.body.items.map((x: { id: string }) => x.id)).toEqual([b.id, a.id]);
    expect(byWord.body.items[0]).toMatchObject({
      tutor: { id: t.id, displayName: 'Carta', headline: 'Cartography guide' },
      enrolled: false,
      learnerCount: 0,
    });
    // The tutor's name and subjects find their paths too.
    const named = await tutor(`Zed${word}`);
    await createPath(named, { title: 'Unpublished', lessons: [lesson('x')] });
    const c = await publish(
      named,
      (await createPath(named, { title: 'Knots', lessons: [lesson('Bowline')] })).id,
    );
    expect(
      (await viewer.api.get(`/api/v1/catalog/paths?q=zed${word}`)).body.items.map(
        (x: { id: string }) => x.id,
      ),
    ).toEqual([c.id]);
    expect((await named.api.patch('/api/v1/tutor/profile', { subjects: [`Sailing${word}`] })).status).toBe(
      200,
    );
    expect(
      (await viewer.api.get(`/api/v1/catalog/paths?q=sailing${word}`)).body.items.map(
        (x: { id: string }) => x.id,
      ),
    ).toEqual([c.id]);
    const byTopic = await viewer.api.get(
      `/api/v1/catalog/paths?topic=${encodeURIComponent(`MAPS ${word}`)}&difficulty=advanced`,
    );
    expect(byTopic.body.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const byTutor1 = await viewer.api.get(`/api/v1/catalog/paths?tutorId=${t.id}&limit=1`);
    expect(byTutor1.body.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect(byTutor1.body.nextCursor).toBeTruthy();
    const byTutor2 = await viewer.api.get(
      `/api/v1/catalog/paths?tutorId=${t.id}&limit=1&cursor=${byTutor1.body.nextCursor}`,
    );
    expect(byTutor2.body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(byTutor2.body.nextCursor).toBeNull();
    expect((await viewer.api.get('/api/v1/catalog/paths?cursor=garbage')).status).toBe(400);

    const page = PublicTutorPage.parse((await viewer.api.get(`/api/v1/tutors/${t.id}`)).body);
    expect(page.paths.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(page.stats).toEqual({ publishedPaths: 2, learners: 0 });
    const detail = CatalogPathDetail.parse((await viewer.api.get(`/api/v1/catalog/paths/${a.id}`)).body);
    expect(detail).toMatchObject({ status: 'published', enrolled: false, enrollmentId: null });
    expect(detail.lessons.map((l) => l.title)).toEqual(['Legend']);
  });
});

describe('enrolment races and time', () => {
  it('two enrolments at once: one 201, one 409, one row', async () => {
    const t = await tutor('Race');
    const u = await user('Racer');
    const p = await publish(t, (await createPath(t, { title: 'Race path', lessons: [lesson('Start')] })).id);
    const both = await Promise.all([
      u.api.post(`/api/v1/catalog/paths/${p.id}/enroll`),
      u.api.post(`/api/v1/catalog/paths/${p.id}/enroll`),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await server.ctx.db.admin
      .selectFrom('path_enrollments')
      .select('id')
      .where('path_id', '=', p.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('enrolments over time and activity follow the dates', async () => {
    const t = await tutor('Clock');
    const [old, recent] = [await user('Old'), await user('Recent')];
    const p = await publish(
      t,
      (await createPath(t, { title: 'Time path', lessons: [lesson('One'), lesson('Two')] })).id,
    );
    const eOld = await enroll(old, p.id);
    await enroll(recent, p.id);
    // The first learner enrolled ten days ago and has not been back since.
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await server.ctx.db.admin
      .updateTable('path_enrollments')
      .set({ enrolled_at: tenDaysAgo, last_activity_at: tenDaysAgo })
      .where('id', '=', eOld.id)
      .execute();
    const s = TutorPathStats.parse((await t.api.get(`/api/v1/tutor/paths/${p.id}/stats`)).body);
    expect(s.activeLearners7d).toBe(1);
    const byDate = Object.fromEntries(s.enrollmentsByDay.map((d) => [d.date, d.count]));
    expect(byDate[tenDaysAgo.toISOString().slice(0, 10)]).toBe(1);
    expect(byDate[new Date().toISOString().slice(0, 10)]).toBe(1);
    expect(s.enrollmentsByDay.reduce((a, d) => a + d.count, 0)).toBe(2);
    // Opening a lesson is activity.
    expect((await old.api.get(`/api/v1/enrollments/${eOld.id}/lessons/l1`)).status).toBe(200);
    expect(
      TutorPathStats.parse((await t.api.get(`/api/v1/tutor/paths/${p.id}/stats`)).body).activeLearners7d,
    ).toBe(2);
  });
});

describe('a tutor publishes, two learners enrol and progress, the dashboard matches', () => {
  let t: TestUser;
  let rival: TestUser;
  let ann: TestUser;
  let ben: TestUser;
  let path: TutorPath;
  let annE: EnrollmentDetail;
  let benE: EnrollmentDetail;
  let rivalDraft: TutorPath;

  beforeAll(async () => {
    t = await tutor('Mira', 'Chemistry tutor');
    rival = await tutor('Rex');
    ann = await user('Ann');
    ben = await user('Ben');
    path = await createPath(t, {
      title: 'Chemistry from scratch',
      topic: 'Chemistry',
      lessons: [lesson('Atoms'), lesson('Molecules'), lesson('Reactions'), lesson('Stoichiometry')],
    });
    path = await publish(t, path.id);
    rivalDraft = await createPath(rival, { title: 'Rival draft', lessons: [lesson('Secret')] });
  });

  it('enrols once; a second enrolment is 409; the tutor cannot enrol in their own path', async () => {
    annE = await enroll(ann, path.id);
    expect(annE.progress).toEqual({ completedLessons: [], currentLesson: 'l1', completionPercentage: 0 });
    expect(annE.path).toMatchObject({
      title: 'Chemistry from scratch',
      status: 'published',
      lessonCount: 4,
      tutor: { id: t.id, displayName: 'Mira' },
    });
    const twice = await ann.api.post(`/api/v1/catalog/paths/${path.id}/enroll`);
    expect(twice.status).toBe(409);
    expectErrorShape(twice.body);
    benE = await enroll(ben, path.id);
    expect((await t.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).status).toBe(409);
    const list = await ann.api.get('/api/v1/enrollments');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([annE.id]);
    expect((await ann.api.get(`/api/v1/catalog/paths/${path.id}`)).body).toMatchObject({
      enrolled: true,
      enrollmentId: annE.id,
      learnerCount: 2,
    });
  });

  it('progress, lesson completion and XP work exactly as for a learner’s own paths', async () => {
    const xp0 = (await ann.api.get('/api/v1/profile')).body.xp;
    const l1 = await complete(ann, annE.id, 'l1');
    expect(l1).toMatchObject({
      newlyCompleted: true,
      xpAwarded: XP_RULES.lessonCompleted,
      progress: { completedLessons: ['l1'], currentLesson: 'l2', completionPercentage: 25 },
    });
    const retry = await complete(ann, annE.id, 'l1');
    expect(retry).toMatchObject({ newlyCompleted: false, xpAwarded: 0 });
    await complete(ann, annE.id, 'l2');
    await complete(ann, annE.id, 'l3');
    const last = await complete(ann, annE.id, 'l4');
    expect(last).toMatchObject({
      pathFinished: true,
      xpAwarded: XP_RULES.lessonCompleted + XP_RULES.pathFinished,
      progress: { completionPercentage: 100 },
    });
    expect((await ann.api.get('/api/v1/profile')).body.xp).toBe(
      xp0 + 4 * XP_RULES.lessonCompleted + XP_RULES.pathFinished,
    );
    await complete(ben, benE.id, 'l1');
    const lessonRes = await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l2`);
    expect(lessonRes.body).toMatchObject({
      position: 2,
      completed: false,
      lesson: { id: 'l2', title: 'Molecules' },
    });
    expect404(await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l99`), 'unknown lesson');
    expect404(
      await ben.api.post(`/api/v1/enrollments/${benE.id}/lessons/l99/complete`),
      'complete unknown lesson',
    );
    // Another learner's enrolment: not found, and untouched.
    expect404(await ben.api.get(`/api/v1/enrollments/${annE.id}`), 'other learner’s enrolment');
    expect404(
      await ben.api.post(`/api/v1/enrollments/${annE.id}/lessons/l1/complete`),
      'complete in other’s enrolment',
    );
    expect404(await ben.api.delete(`/api/v1/enrollments/${annE.id}`), 'leave other’s enrolment');
    expect404(
      await t.api.get(`/api/v1/enrollments/${annE.id}`),
      'tutor reads a learner’s enrolment as their own',
    );
  });

  it('the dashboard figures match what the learners did; review accuracy comes from their answers', async () => {
    // Review cards made from the tutor path through the review API, as each learner would.
    // Ann makes one from the whole path and one from its second lesson; Ben one from the path.
    const cards: string[] = [];
    for (const [u, source] of [
      [ann, { type: 'path', id: path.id }],
      [ann, { type: 'lesson', id: path.id, lessonId: 'l2' }],
      [ben, { type: 'path', id: path.id }],
    ] as const) {
      const gen = await u.api.post('/api/v1/review/generate', { source, count: 1 });
      expect(gen.status, JSON.stringify(gen.body)).toBe(201);
      expect(gen.body.items).toHaveLength(1);
      expect(gen.body.items[0].source).toMatchObject({ type: source.type, id: path.id });
      cards.push(gen.body.items[0].id);
    }
    // The expected answers (hidden from the API until answered), read as the database owner.
    const answers = await server.ctx.db.admin
      .selectFrom('review_cards')
      .select(['id', 'answer'])
      .where('id', 'in', cards)
      .execute();
    const answerOf = (id: string) => answers.find((a) => a.id === id)!.answer;
    // Ann: right, wrong. Ben: right. 2 of 3 correct.
    for (const [u, card, answer, correct] of [
      [ann, cards[0], answerOf(cards[0]!), true],
      [ann, cards[1], 'zzz, not it', false],
      [ben, cards[2], answerOf(cards[2]!), true],
    ] as const) {
      const r = await u.api.post(`/api/v1/review/cards/${card}/answer`, { answer });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.correct).toBe(correct);
    }

    const res = await t.api.get('/api/v1/tutor/dashboard');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const dash = TutorDashboard.parse(res.body);
    expect(dash.totals).toMatchObject({ paths: 1, publishedPaths: 1, learners: 2, activeLearners7d: 2 });
    const s = dash.paths[0]!;
    expect(s.path.id).toBe(path.id);
    expect(s).toMatchObject({
      learners: 2,
      enrollmentsTotal: 2,
      left: 0,
      activeLearners7d: 2,
      completed: 1,
      completionRate: 0.5,
      averageProgress: 62.5,
    });
    expect(s.enrollmentsByDay).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(s.enrollmentsByDay.at(-1)).toEqual({ date: today, count: 2 });
    expect(s.enrollmentsByDay.slice(0, -1).every((d) => d.count === 0)).toBe(true);
    expect(s.lessonFunnel.map((f) => [f.lessonId, f.completed, f.dropOff])).toEqual([
      ['l1', 2, 0],
      ['l2', 1, 1],
      ['l3', 1, 0],
      ['l4', 1, 0],
    ]);
    expect(s.reviewAnswers).toBe(3);
    expect(s.reviewAccuracy).toBeCloseTo(2 / 3, 5);
    // Learners: public name, avatar and progress only (no email, no preferences).
    const byName = Object.fromEntries(s.recentLearners.map((l) => [l.displayName, l]));
    expect(Object.keys(byName).sort()).toEqual(['Ann', 'Ben']);
    expect(byName.Ann.progress.completionPercentage).toBe(100);
    expect(byName.Ann.completedAt).not.toBeNull();
    expect(byName.Ben.progress).toEqual({
      completedLessons: ['l1'],
      currentLesson: 'l2',
      completionPercentage: 25,
    });
    expect(JSON.stringify(res.body)).not.toContain(ann.email);
    expect(JSON.stringify(res.body)).not.toContain('dailyGoal');

    const one = TutorPathStats.parse((await t.api.get(`/api/v1/tutor/paths/${path.id}/stats`)).body);
    expect(one.completionRate).toBe(0.5);
    const learners = await t.api.get(`/api/v1/tutor/paths/${path.id}/learners?limit=1`);
    expect(learners.body.items).toHaveLength(1);
    const rest = await t.api.get(
      `/api/v1/tutor/paths/${path.id}/learners?limit=1&cursor=${learners.body.nextCursor}`,
    );
    expect([learners.body.items[0].userId, rest.body.items[0].userId].sort()).toEqual(
      [ann.id, ben.id].sort(),
    );
    expect(rest.body.nextCursor).toBeNull();
  });

  it('another tutor sees none of it: their dashboard is empty of it and every route is 404', async () => {
    const dash = TutorDashboard.parse((await rival.api.get('/api/v1/tutor/dashboard')).body);
    expect(dash.paths.map((p) => p.path.id)).toEqual([rivalDraft.id]);
    expect(dash.totals.learners).toBe(0);
    expect404(await rival.api.get(`/api/v1/tutor/paths/${path.id}/stats`), 'rival stats');
    expect404(await rival.api.get(`/api/v1/tutor/paths/${path.id}/learners`), 'rival learners');
    expect404(await rival.api.get(`/api/v1/tutor/paths/${path.id}`), 'rival reads authoring view');
    expect404(await rival.api.patch(`/api/v1/tutor/paths/${path.id}`, { title: 'hijack' }), 'rival edits');
    expect404(await rival.api.post(`/api/v1/tutor/paths/${path.id}/archive`), 'rival archives');
    expect404(await t.api.get(`/api/v1/tutor/paths/${rivalDraft.id}`), 'tutor reads rival draft');
    expect404(
      await t.api.get(`/api/v1/catalog/paths/${rivalDraft.id}`),
      'tutor reads rival draft in catalog',
    );
    // A learner sees no one else's progress through the tutor routes either.
    expect404(await ann.api.get(`/api/v1/tutor/paths/${path.id}/learners`), 'learner reads learners');
  });

  it('as the app’s database role with the other tutor’s claim, nothing of it is visible or writable', async () => {
    const seen = await asRole(rival.id, async (tx) => ({
      paths: await tx
        .selectFrom('tutor_learning_paths')
        .select(['id', 'status'])
        .where('tutor_id', '=', t.id)
        .execute(),
      drafts: await tx
        .selectFrom('tutor_learning_paths')
        .select('id')
        .where('status', '=', 'draft')
        .where('tutor_id', '<>', rival.id)
        .execute(),
      enrollments: await tx
        .selectFrom('path_enrollments')
        .select('id')
        .where('path_id', '=', path.id)
        .execute(),
      allEnrollments: await tx.selectFrom('path_enrollments').select('id').execute(),
      stats: (
        await sql`select * from tutor_path_stats(${path.id}::uuid, now() - interval '30 days', now() - interval '7 days')`.execute(
          tx,
        )
      ).rows,
      cards: await tx.selectFrom('review_cards').select('id').where('source_id', '=', path.id).execute(),
      logs: await tx.selectFrom('review_logs').select('id').execute(),
      updated: Number(
        (
          await tx
            .updateTable('tutor_learning_paths')
            .set({ title: 'hijacked' })
            .where('id', '=', path.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
      progress: Number(
        (
          await tx
            .updateTable('path_enrollments')
            .set({ left_at: new Date() })
            .where('path_id', '=', path.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
    }));
    // The published path itself is public; its learners and the tutor's drafts are not.
    expect(seen.paths).toEqual([{ id: path.id, status: 'published' }]);
    expect(seen.drafts).toEqual([]);
    expect(seen.enrollments).toEqual([]);
    expect(seen.allEnrollments).toEqual([]);
    expect(seen.stats).toEqual([]);
    expect(seen.cards).toEqual([]);
    expect(seen.logs).toEqual([]);
    expect(seen.updated).toBe(0);
    expect(seen.progress).toBe(0);

    // The path's own tutor, same role: the two learners' enrolments, through their policies.
    const mine = await asRole(t.id, async (tx) => ({
      enrollments: await tx
        .selectFrom('path_enrollments')
        .select('user_id')
        .where('path_id', '=', path.id)
        .execute(),
      stats: (
        await sql<{
          enrollments_total: number;
        }>`select * from tutor_path_stats(${path.id}::uuid, now() - interval '30 days', now() - interval '7 days')`.execute(
          tx,
        )
      ).rows,
      draft: await tx
        .selectFrom('tutor_learning_paths')
        .select('id')
        .where('id', '=', rivalDraft.id)
        .execute(),
      cards: await tx.selectFrom('review_cards').select('id').execute(),
    }));
    expect(mine.enrollments.map((e) => e.user_id).sort()).toEqual([ann.id, ben.id].sort());
    expect(mine.stats).toHaveLength(1);
    expect(Number(mine.stats[0]!.enrollments_total)).toBe(2);
    expect(mine.draft).toEqual([]);
    expect(mine.cards).toEqual([]); // the learners' cards stay theirs; the tutor sees only aggregates

    // A learner, same role: their own enrolment only; no planting one for someone else or in a draft.
    const learnerView = await asRole(ben.id, (tx) =>
      tx.selectFrom('path_enrollments').select('user_id').execute(),
    );
    expect(learnerView.map((e: { user_id: string }) => e.user_id)).toEqual([ben.id]);
    await expect(
      asRole(ben.id, (tx) =>
        tx
          .insertInto('path_enrollments')
          .values({ path_id: rivalDraft.id, user_id: ben.id, progress: '{}' })
          .execute(),
      ),
    ).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      asRole(ben.id, (tx) =>
        tx
          .insertInto('path_enrollments')
          .values({ path_id: path.id, user_id: rival.id, progress: '{}' })
          .execute(),
      ),
    ).rejects.toMatchObject({
      code: '42501',
    });
    expect(
      (
        await asRole(ben.id, (tx) =>
          sql`select * from tutor_path_stats(${path.id}::uuid, now(), now())`.execute(tx),
        )
      ).rows,
    ).toEqual([]);
  });

  it('revising the published path’s lessons bumps the version and keeps learners’ progress by lesson id', async () => {
    const current = TutorPath.parse((await t.api.get(`/api/v1/tutor/paths/${path.id}`)).body);
    const [l1, , l3, l4] = current.lessons;
    // Reword l1, drop l2 (Molecules), add a new lesson at the end.
    const res = await t.api.patch(`/api/v1/tutor/paths/${path.id}`, {
      lessons: [{ ...l1, title: 'Atoms, revised' }, l3, l4, lesson('Equilibrium')],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const revised = TutorPath.parse(res.body);
    expect(revised.version).toBe(current.version + 1);
    expect(revised.lessons.map((l) => l.id)).toEqual(['l1', 'l3', 'l4', 'l5']);
    // Ann had all four: the removed one drops out, the new one is still to do.
    const a = EnrollmentDetail.parse((await ann.api.get(`/api/v1/enrollments/${annE.id}`)).body);
    expect(a.progress).toEqual({
      completedLessons: ['l1', 'l3', 'l4'],
      currentLesson: 'l5',
      completionPercentage: 75,
    });
    expect(a.completedAt).toBeNull();
    expect(a.path.version).toBe(revised.version);
    expect(a.lessons[0]!.title).toBe('Atoms, revised');
    // Ben keeps l1 and continues with the new order.
    const b = EnrollmentDetail.parse((await ben.api.get(`/api/v1/enrollments/${benE.id}`)).body);
    expect(b.progress).toEqual({ completedLessons: ['l1'], currentLesson: 'l3', completionPercentage: 25 });
    // A removed lesson is gone for learners; an unknown id in a revision is a 400.
    expect404(await ben.api.post(`/api/v1/enrollments/${benE.id}/lessons/l2/complete`), 'removed lesson');
    expect(
      (await t.api.patch(`/api/v1/tutor/paths/${path.id}`, { lessons: [{ ...l1, id: 'l2' }] })).status,
    ).toBe(400);
    // Ann finishes the new lesson: complete again, without a second path-finished bonus.
    const fin = await complete(ann, annE.id, 'l5');
    expect(fin).toMatchObject({
      xpAwarded: XP_RULES.lessonCompleted,
      progress: { completionPercentage: 100 },
    });
    // Metadata edits do not bump the version.
    const meta = await t.api.patch(`/api/v1/tutor/paths/${path.id}`, { description: 'Now with equilibrium' });
    expect(meta.body.version).toBe(revised.version);
    const s = TutorPathStats.parse((await t.api.get(`/api/v1/tutor/paths/${path.id}/stats`)).body);
    expect(s.lessonFunnel.map((f) => [f.lessonId, f.completed])).toEqual([
      ['l1', 2],
      ['l3', 1],
      ['l4', 1],
      ['l5', 1],
    ]);
  });

  it('leaving drops the learner from the tutor’s view; enrolling again resumes without new XP', async () => {
    expect((await ben.api.delete(`/api/v1/enrollments/${benE.id}`)).status).toBe(204);
    expect404(await ben.api.get(`/api/v1/enrollments/${benE.id}`), 'left enrolment');
    expect404(await ben.api.delete(`/api/v1/enrollments/${benE.id}`), 'leave twice');
    expect((await ben.api.get('/api/v1/enrollments')).body.items).toEqual([]);
    const s = TutorPathStats.parse((await t.api.get(`/api/v1/tutor/paths/${path.id}/stats`)).body);
    expect(s).toMatchObject({ learners: 1, enrollmentsTotal: 2, left: 1 });
    expect(s.recentLearners.map((l) => l.userId)).toEqual([ann.id]);
    // The tutor's role cannot see the left learner's row at all.
    const rows = await asRole(t.id, (tx) =>
      tx.selectFrom('path_enrollments').select('user_id').where('path_id', '=', path.id).execute(),
    );
    expect(rows.map((r: { user_id: string }) => r.user_id)).toEqual([ann.id]);

    const xp = (await ben.api.get('/api/v1/profile')).body.xp;
    const back = await enroll(ben, path.id);
    expect(back.id).toBe(benE.id);
    expect(back.progress.completedLessons).toEqual(['l1']);
    expect((await complete(ben, benE.id, 'l1')).xpAwarded).toBe(0);
    expect((await ben.api.get('/api/v1/profile')).body.xp).toBe(xp);
  });

  it('archiving closes the path to new learners; enrolled learners keep reading their progress', async () => {
    const late = await user('Late');
    const arch = await t.api.post(`/api/v1/tutor/paths/${path.id}/archive`);
    expect(arch.status).toBe(200);
    expect(arch.body.status).toBe('archived');
    expect404(await late.api.post(`/api/v1/catalog/paths/${path.id}/enroll`), 'enrol in archived');
    expect404(await late.api.get(`/api/v1/catalog/paths/${path.id}`), 'non-learner reads archived');
    expect((await late.api.get(`/api/v1/catalog/paths?tutorId=${t.id}`)).body.items).toEqual([]);

    const a = EnrollmentDetail.parse((await ann.api.get(`/api/v1/enrollments/${annE.id}`)).body);
    expect(a.path.status).toBe('archived');
    expect(a.progress.completionPercentage).toBe(100);
    expect((await ann.api.get(`/api/v1/catalog/paths/${path.id}`)).body).toMatchObject({
      status: 'archived',
      enrolled: true,
    });
    expect((await ann.api.get('/api/v1/enrollments')).body.items.map((e: { id: string }) => e.id)).toEqual([
      annE.id,
    ]);
    // The tutor still sees the learners of an archived path.
    expect((await t.api.get(`/api/v1/tutor/paths/${path.id}/stats`)).body.learners).toBe(2);

    // Leaving an archived path is final until it is republished (enforced in the database too).
    expect((await ben.api.delete(`/api/v1/enrollments/${benE.id}`)).status).toBe(204);
    expect404(await ben.api.post(`/api/v1/catalog/paths/${path.id}/enroll`), 're-enrol in archived');
    await expect(
      asRole(ben.id, (tx) =>
        tx.updateTable('path_enrollments').set({ left_at: null }).where('id', '=', benE.id).execute(),
      ),
    ).rejects.toMatchObject({ code: 'CC404' });

    // Republishing reopens it.
    await publish(t, path.id);
    expect((await ben.api.post(`/api/v1/catalog/paths/${path.id}/enroll`)).status).toBe(201);
  });
});
