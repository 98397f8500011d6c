// Tutor paths wired into the rest of the learning features (offline AI provider): keyset cursors
// that keep microseconds, Discover's list of published paths (the catalog's), the learner
// dashboard's "continue lesson", review cards from tutor paths, and full lesson content for
// enrolled learners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Dashboard, EnrollmentLessonDetail, type LessonPlan, TutorPath } from '@chitchat/contracts';
import { signUp, type ApiResponse, startServer, type TestServer, type TestUser } from './harness.ts';
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

const lesson = (title: string, extra: Partial<LessonPlan> = {}) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [
    `${title} is explained with a clear definition`,
    `${title} is shown with an example from everyday chemistry`,
  ],
  exercises: [`Describe ${title} in your own words`],
  estimatedMinutes: 30,
  difficulty: 'beginner' as const,
  ...extra,
});

async function tutor(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  const res = await u.api.post('/api/v1/tutor/profile', {
    headline: `${name} teaches`,
    subjects: ['chemistry'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return u;
}

const asRole = asRoleOn(() => server.ctx.db);

/** Every item of a keyset-paginated list, one item per page. */
async function allPages(u: TestUser, url: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const sep = url.includes('?') ? '&' : '?';
    const res: ApiResponse = await u.api.get(`${url}${sep}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((x: { id?: string; userId?: string }) => x.id ?? x.userId));
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

/** Sets timestamps the triggers own (published_at) as the database owner, triggers off. */
async function setRaw(table: string, column: string, value: string, id: string) {
  await server.ctx.db.admin.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value}::timestamptz where id = ${id}::uuid`.execute(
      tx,
    );
  });
}

describe('keyset cursors of the tutor routes keep microseconds', () => {
  it('rows within one millisecond are neither repeated nor skipped (catalog, my paths, enrolments, learners)', async () => {
    const t = await tutor('Micro');
    const learners = [await signUp(server, 'Mu1'), await signUp(server, 'Mu2')];
    const a = await publish(t, (await createPath(t, { title: 'Micro A', lessons: [lesson('Atoms')] })).id);
    const b = await publish(t, (await createPath(t, { title: 'Micro B', lessons: [lesson('Ions')] })).id);
    // The same millisecond, 100 µs apart.
    await setRaw('tutor_learning_paths', 'published_at', '2026-01-01T00:00:00.000100Z', a.id);
    await setRaw('tutor_learning_paths', 'published_at', '2026-01-01T00:00:00.000200Z', b.id);
    await setRaw('tutor_learning_paths', 'created_at', '2026-01-01T00:00:00.000100Z', a.id);
    await setRaw('tutor_learning_paths', 'created_at', '2026-01-01T00:00:00.000200Z', b.id);
    expect(await allPages(learners[0]!, `/api/v1/catalog/paths?tutorId=${t.id}`)).toEqual([b.id, a.id]);
    expect(await allPages(learners[0]!, `/api/v1/discover/paths?topic=`)).toContain(a.id);
    expect(await allPages(t, '/api/v1/tutor/paths')).toEqual([b.id, a.id]);

    const e1 = await enroll(learners[0]!, a.id);
    const e2 = await enroll(learners[0]!, b.id);
    await setRaw('path_enrollments', 'enrolled_at', '2026-01-02T00:00:00.000100Z', e1.id);
    await setRaw('path_enrollments', 'enrolled_at', '2026-01-02T00:00:00.000200Z', e2.id);
    expect(await allPages(learners[0]!, '/api/v1/enrollments')).toEqual([e2.id, e1.id]);

    const e3 = await enroll(learners[1]!, a.id);
    await setRaw('path_enrollments', 'enrolled_at', '2026-01-02T00:00:00.000300Z', e3.id);
    expect(await allPages(t, `/api/v1/tutor/paths/${a.id}/learners`)).toEqual([
      learners[1]!.id,
      learners[0]!.id,
    ]);
  });
});

describe('Discover lists published paths with the catalog’s query', () => {
  it('the same paths, order, fields and cursors as GET /catalog/paths; drafts and archived paths stay out', async () => {
    const t = await tutor('Finder');
    const viewer = await signUp(server, 'Seeker');
    const topic = `Volcanoes ${Date.now().toString(36)}`;
    const p1 = await publish(
      t,
      (
        await createPath(t, {
          title: 'Lava',
          topic,
          estimatedHours: 3,
          lessons: [lesson('Magma'), lesson('Lava flows')],
        })
      ).id,
    );
    const p2 = await publish(
      t,
      (await createPath(t, { title: 'Ash', topic, difficulty: 'advanced', lessons: [lesson('Ash clouds')] }))
        .id,
    );
    const p3 = await publish(
      t,
      (await createPath(t, { title: 'Retired', topic, lessons: [lesson('Old')] })).id,
    );
    expect((await t.api.post(`/api/v1/tutor/paths/${p3.id}/archive`)).status).toBe(200);
    await createPath(t, { title: 'Draft', topic, lessons: [lesson('Hidden')] });

    const q = `topic=${encodeURIComponent(topic.toUpperCase())}&limit=1`;
    const d1 = await viewer.api.get(`/api/v1/discover/paths?${q}`);
    const c1 = await viewer.api.get(`/api/v1/catalog/paths?${q}`);
    expect(d1.status).toBe(200);
    expect(d1.body.items.map((x: { id: string }) => x.id)).toEqual([p2.id]);
    expect(d1.body.nextCursor).toBe(c1.body.nextCursor);
    const {
      tutor: cTutor,
      id,
      title,
      description,
      difficulty,
      estimatedHours,
      lessonCount,
      publishedAt,
    } = c1.body.items[0];
    expect(d1.body.items[0]).toEqual({
      id,
      title,
      description,
      topic,
      difficulty,
      estimatedHours,
      lessonCount,
      publishedAt,
      tutor: { id: cTutor.id, displayName: cTutor.displayName, avatarUrl: cTutor.avatarUrl },
    });
    // A catalog cursor pages Discover and the other way round.
    const d2 = await viewer.api.get(`/api/v1/discover/paths?${q}&cursor=${c1.body.nextCursor}`);
    expect(d2.body.items.map((x: { id: string }) => x.id)).toEqual([p1.id]);
    expect(d2.body.items[0]).toMatchObject({ estimatedHours: 3, lessonCount: 2 });
    expect(d2.body.nextCursor).toBeNull();
    expect((await viewer.api.get(`/api/v1/discover/paths?topic=x&cursor=garbage`)).status).toBe(400);
  });
});

describe('the learner dashboard’s “continue lesson” for tutor paths', () => {
  it('gives the enrolment id for the tutor lesson routes, follows revisions, and skips a path the learner left', async () => {
    const t = await tutor('Dash');
    const u = await signUp(server, 'Continuer');
    const p = await publish(
      t,
      (
        await createPath(t, {
          title: 'Acids',
          lessons: [lesson('pH'), lesson('Buffers'), lesson('Titration')],
        })
      ).id,
    );
    const e = await enroll(u, p.id);
    expect((await u.api.get(`/api/v1/enrollments/${e.id}/lessons/l1`)).status).toBe(200);
    expect((await u.api.post(`/api/v1/enrollments/${e.id}/lessons/l1/complete`)).status).toBe(200);

    let d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.continueLesson).toEqual({
      kind: 'tutor_path',
      pathId: p.id,
      enrollmentId: e.id,
      pathTitle: 'Acids',
      lessonId: 'l2',
      lessonTitle: 'Buffers',
      completionPercentage: 33,
    });
    // The id is what the app needs to open and complete the lesson.
    const opened = await u.api.get(
      `/api/v1/enrollments/${d.continueLesson!.enrollmentId}/lessons/${d.continueLesson!.lessonId}`,
    );
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ enrollmentId: e.id, lesson: { id: 'l2', title: 'Buffers' } });

    // The tutor drops Buffers: the learner continues with Titration, at half the path.
    const cur = TutorPath.parse((await t.api.get(`/api/v1/tutor/paths/${p.id}`)).body);
    expect(
      (await t.api.patch(`/api/v1/tutor/paths/${p.id}`, { lessons: [cur.lessons[0], cur.lessons[2]] }))
        .status,
    ).toBe(200);
    d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.continueLesson).toMatchObject({
      enrollmentId: e.id,
      lessonId: 'l3',
      lessonTitle: 'Titration',
      completionPercentage: 50,
    });

    // Left: not offered any more, while a learner's own path is (without an enrolment id).
    expect((await u.api.delete(`/api/v1/enrollments/${e.id}`)).status).toBe(204);
    expect(Dashboard.parse((await u.api.get('/api/v1/dashboard')).body).continueLesson).toBeNull();
    const own = (
      await u.api.post('/api/v1/learning-paths', { topic: 'Chemistry of soap', difficulty: 'beginner' })
    ).body;
    d = Dashboard.parse((await u.api.get('/api/v1/dashboard')).body);
    expect(d.continueLesson).toMatchObject({
      kind: 'learning_path',
      pathId: own.id,
      enrollmentId: null,
      lessonId: 'l1',
    });
  });
});

describe('review cards from tutor paths', () => {
  it('enrolled learners (and anyone while it is published) make cards from the path or a lesson; drafts, left archived paths and unknown lessons are 404', async () => {
    const t = await tutor('Quiz');
    const [learner, visitor, leaver] = [
      await signUp(server, 'Enrolled'),
      await signUp(server, 'Visitor'),
      await signUp(server, 'Leaver'),
    ];
    const p = await publish(
      t,
      (
        await createPath(t, {
          title: 'Salts',
          topic: 'Chemistry',
          lessons: [lesson('Sodium chloride'), lesson('Crystal lattices')],
        })
      ).id,
    );
    const draft = await createPath(t, { title: 'Unpublished', lessons: [lesson('Secret lesson')] });
    const e = await enroll(learner, p.id);
    const eLeaver = await enroll(leaver, p.id);

    const fromPath = await learner.api.post('/api/v1/review/generate', {
      source: { type: 'path', id: p.id },
      count: 3,
    });
    expect(fromPath.status, JSON.stringify(fromPath.body)).toBe(201);
    expect(fromPath.body.items.length).toBeGreaterThan(0);
    for (const c of fromPath.body.items)
      expect(c.source).toEqual({ type: 'path', id: p.id, lessonId: null, title: 'Salts' });
    const fromLesson = await learner.api.post('/api/v1/review/generate', {
      source: { type: 'lesson', id: p.id, lessonId: 'l2' },
      count: 2,
    });
    expect(fromLesson.status, JSON.stringify(fromLesson.body)).toBe(201);
    expect(fromLesson.body.items[0].source).toEqual({
      type: 'lesson',
      id: p.id,
      lessonId: 'l2',
      title: 'Crystal lattices',
    });
    // The cards are the learner's own: in their queue, not the tutor's nor anyone else's.
    const due = await learner.api.get('/api/v1/review/due?limit=100');
    expect(due.body.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(fromPath.body.items.map((c: { id: string }) => c.id)),
    );
    expect((await t.api.get('/api/v1/review/due')).body.items).toEqual([]);
    expect404(
      await t.api.get(`/api/v1/review/cards/${fromPath.body.items[0].id}`),
      'tutor reads a learner’s card',
    );

    // A published path is open to anyone signed in, like the catalog.
    expect(
      (await visitor.api.post('/api/v1/review/generate', { source: { type: 'path', id: p.id }, count: 1 }))
        .status,
    ).toBe(201);
    // Not a draft (not even the tutor's own), nor a lesson the path does not have.
    expect404(
      await visitor.api.post('/api/v1/review/generate', { source: { type: 'path', id: draft.id } }),
      'draft',
    );
    expect404(
      await t.api.post('/api/v1/review/generate', { source: { type: 'path', id: draft.id } }),
      'own draft',
    );
    expect404(
      await learner.api.post('/api/v1/review/generate', {
        source: { type: 'lesson', id: p.id, lessonId: 'l9' },
      }),
      'unknown lesson',
    );

    // Archived: its learners keep reviewing it; a visitor and a learner who left do not.
    expect((await leaver.api.delete(`/api/v1/enrollments/${eLeaver.id}`)).status).toBe(204);
    expect((await t.api.post(`/api/v1/tutor/paths/${p.id}/archive`)).status).toBe(200);
    expect(
      (
        await learner.api.post('/api/v1/review/generate', {
          source: { type: 'lesson', id: p.id, lessonId: 'l1' },
          count: 1,
        })
      ).status,
    ).toBe(201);
    expect404(
      await visitor.api.post('/api/v1/review/generate', { source: { type: 'path', id: p.id } }),
      'archived, not enrolled',
    );
    expect404(
      await leaver.api.post('/api/v1/review/generate', { source: { type: 'path', id: p.id } }),
      'archived, left',
    );

    // The tutor's dashboard counts the enrolled learner's answers.
    const card = fromPath.body.items[0].id;
    const { answer } = await server.ctx.db.admin
      .selectFrom('review_cards')
      .select('answer')
      .where('id', '=', card)
      .executeTakeFirstOrThrow();
    expect((await learner.api.post(`/api/v1/review/cards/${card}/answer`, { answer })).body.correct).toBe(
      true,
    );
    const stats = await t.api.get(`/api/v1/tutor/paths/${p.id}/stats`);
    expect(stats.body).toMatchObject({ reviewAnswers: 1, reviewAccuracy: 1 });
    expect(e.pathId).toBe(p.id);
  });
});

describe('full lesson content for enrolled tutor paths', () => {
  it('generated once per lesson revision, kept and shared by the path’s learners; 404 for others', async () => {
    const t = await tutor('Author');
    const rival = await tutor('OtherAuthor');
    const [ann, ben, outsider] = [
      await signUp(server, 'Ann'),
      await signUp(server, 'Ben'),
      await signUp(server, 'Outsider'),
    ];
    const p = await publish(
      t,
      (
        await createPath(t, {
          title: 'Gases',
          topic: 'Chemistry',
          lessons: [lesson('Pressure'), lesson('Ideal gas law')],
        })
      ).id,
    );
    const annE = await enroll(ann, p.id);
    const benE = await enroll(ben, p.id);

    const first = await ann.api.get(`/api/v1/enrollments/${annE.id}/lessons/l2/content`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const d = EnrollmentLessonDetail.parse(first.body);
    expect(d).toMatchObject({
      enrollmentId: annE.id,
      pathId: p.id,
      position: 2,
      completed: false,
      lesson: { id: 'l2', title: 'Ideal gas law' },
    });
    // Offline: the lesson is its outline (the tutor's plan), never invented prose.
    expect(d).toMatchObject({ offline: true, content: null, passages: [] });
    // Kept: the same content again, and the same for the other learner.
    const again = EnrollmentLessonDetail.parse(
      (await ann.api.get(`/api/v1/enrollments/${annE.id}/lessons/l2/content`)).body,
    );
    expect(again.generatedAt).toBe(d.generatedAt);
    const forBen = EnrollmentLessonDetail.parse(
      (await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l2/content`)).body,
    );
    expect(forBen).toMatchObject({ enrollmentId: benE.id, content: d.content, generatedAt: d.generatedAt });
    const rows = await server.ctx.db.admin
      .selectFrom('tutor_lesson_contents')
      .select(['lesson_id', 'revision', 'offline'])
      .where('path_id', '=', p.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.offline).toBe(true);

    // Others: another learner's enrolment id, an unknown lesson, someone not enrolled.
    expect404(
      await outsider.api.get(`/api/v1/enrollments/${annE.id}/lessons/l2/content`),
      'another learner’s enrolment',
    );
    expect404(await ann.api.get(`/api/v1/enrollments/${annE.id}/lessons/l9/content`), 'unknown lesson');
    expect404(
      await t.api.get(`/api/v1/enrollments/${annE.id}/lessons/l2/content`),
      'tutor through a learner’s enrolment',
    );

    // Revising lesson l2 gets fresh content for it; l1's stays as it was.
    const l1 = EnrollmentLessonDetail.parse(
      (await ann.api.get(`/api/v1/enrollments/${annE.id}/lessons/l1/content`)).body,
    );
    const cur = TutorPath.parse((await t.api.get(`/api/v1/tutor/paths/${p.id}`)).body);
    const res = await t.api.patch(`/api/v1/tutor/paths/${p.id}`, {
      lessons: [cur.lessons[0], { ...cur.lessons[1], title: 'The combined gas law' }],
    });
    expect(res.status).toBe(200);
    const revised = EnrollmentLessonDetail.parse(
      (await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l2/content`)).body,
    );
    expect(revised.lesson.title).toBe('The combined gas law');
    const l2Revisions = await server.ctx.db.admin
      .selectFrom('tutor_lesson_contents')
      .select('revision')
      .where('path_id', '=', p.id)
      .where('lesson_id', '=', 'l2')
      .execute();
    expect(l2Revisions).toHaveLength(2);
    const l1After = EnrollmentLessonDetail.parse(
      (await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l1/content`)).body,
    );
    expect(l1After).toMatchObject({ content: l1.content, generatedAt: l1.generatedAt });

    // Review cards of an enrolled learner are made from the generated content too.
    const cards = await ann.api.post('/api/v1/review/generate', {
      source: { type: 'lesson', id: p.id, lessonId: 'l2' },
      count: 3,
    });
    expect(cards.status, JSON.stringify(cards.body)).toBe(201);
    expect(cards.body.items.length).toBeGreaterThan(0);

    // Row-level security, as the app's database role: the path's learners and its tutor read it;
    // another tutor, an outsider and a learner who left do not, and no one else can plant content.
    const visible = async (userId: string) =>
      (
        await asRole(userId, (tx) =>
          tx.selectFrom('tutor_lesson_contents').select('lesson_id').where('path_id', '=', p.id).execute(),
        )
      ).length;
    expect(await visible(ann.id)).toBe(3);
    expect(await visible(t.id)).toBe(3);
    expect(await visible(rival.id)).toBe(0);
    expect(await visible(outsider.id)).toBe(0);
    expect((await ben.api.delete(`/api/v1/enrollments/${benE.id}`)).status).toBe(204);
    expect(await visible(ben.id)).toBe(0);
    expect404(await ben.api.get(`/api/v1/enrollments/${benE.id}/lessons/l1/content`), 'left learner');
    const plant = (userId: string) =>
      asRole(userId, (tx) =>
        tx
          .insertInto('tutor_lesson_contents')
          .values({
            path_id: p.id,
            lesson_id: 'l1',
            revision: 'forged',
            title: 'x',
            content: JSON.stringify({ explanation: 'forged' }),
            created_by: userId,
          })
          .execute(),
      );
    await expect(plant(outsider.id)).rejects.toMatchObject({ code: '42501' });
    await expect(plant(rival.id)).rejects.toMatchObject({ code: '42501' });
    await expect(plant(ben.id)).rejects.toMatchObject({ code: '42501' });
    // Content is fixed once generated: no updates, even by the path's learners.
    await expect(
      asRole(ann.id, (tx) =>
        tx
          .updateTable('tutor_lesson_contents')
          .set({ title: 'changed' })
          .where('path_id', '=', p.id)
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
