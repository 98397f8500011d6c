// A tutor deleting their account must not erase their learners' work: the paths learners are
// taking stay (archived, "tutor left"), with the enrolments, progress and kept lesson content, and
// learners can finish them; nobody new can enrol; paths nobody is learning go with the tutor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogPathDetail, EnrollmentDetail, EnrollmentLessonDetail } from '@chitchat/contracts';
import { signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { asRoleOn, createPath, enroll, expect404, publish } from './tutor-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title} explained with a definition`, `${title} shown with an everyday example`],
  exercises: [`Describe ${title} in your own words`],
  estimatedMinutes: 20,
  difficulty: 'beginner' as const,
});

async function tutor(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  const res = await u.api.post('/api/v1/tutor/profile', {
    headline: `${name} teaches chemistry`,
    subjects: ['chemistry'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return u;
}

/** Opens a lesson's full content, then completes it (a lesson must be opened to be completed). */
async function openAndComplete(u: TestUser, enrollmentId: string, lessonId: string) {
  const content = await u.api.get(`/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/content`);
  expect(content.status, JSON.stringify(content.body)).toBe(200);
  const done = await u.api.post(`/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/complete`);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { content: EnrollmentLessonDetail.parse(content.body), done: done.body };
}

describe('a tutor deleting their account', () => {
  it('leaves learners their enrolment, progress and lessons; the path is archived with "tutor left"; nobody new enrols', async () => {
    const t = await tutor('Leaving');
    const learner = await signUp(server, 'Stayer');
    const path = await publish(
      t,
      (
        await createPath(t, {
          title: 'Acids and bases',
          topic: 'chemistry',
          lessons: [lesson('pH'), lesson('Buffers')],
        })
      ).id,
    );
    const unlearned = await publish(
      t,
      (await createPath(t, { title: 'Nobody takes this', lessons: [lesson('Salts')] })).id,
    );
    const draft = await createPath(t, { title: 'Never published', lessons: [lesson('Draft')] });
    const e = await enroll(learner, path.id);
    const before = await openAndComplete(learner, e.id, 'l1');

    expect((await t.api.delete('/api/v1/profile')).status).toBe(204);

    // The learner still lists the enrolment, with its progress; the path says its tutor left.
    const list = await learner.api.get('/api/v1/enrollments');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    const detail = EnrollmentDetail.parse((await learner.api.get(`/api/v1/enrollments/${e.id}`)).body);
    expect(detail.progress).toMatchObject({
      completedLessons: ['l1'],
      currentLesson: 'l2',
      completionPercentage: 50,
    });
    expect(detail.path).toMatchObject({ status: 'archived', tutorLeft: true, tutor: null, lessonCount: 2 });
    expect(detail.lessons.map((l) => l.title)).toEqual(['pH', 'Buffers']);
    const shown = CatalogPathDetail.parse((await learner.api.get(`/api/v1/catalog/paths/${path.id}`)).body);
    expect(shown).toMatchObject({
      status: 'archived',
      tutorLeft: true,
      tutor: null,
      enrolled: true,
      enrollmentId: e.id,
    });

    // The lesson content they had is the same text; they can finish the path (and earn its XP).
    const again = EnrollmentLessonDetail.parse(
      (await learner.api.get(`/api/v1/enrollments/${e.id}/lessons/l1/content`)).body,
    );
    expect(again.content).toEqual(before.content.content);
    expect(again.generatedAt).toBe(before.content.generatedAt);
    const last = await openAndComplete(learner, e.id, 'l2');
    expect(last.done).toMatchObject({ newlyCompleted: true, pathFinished: true });
    expect(last.done.xpAwarded).toBeGreaterThan(0);

    // Nobody new can enrol, or even see it; it is not in the catalog.
    const newcomer = await signUp(server, 'Newcomer');
    expect404(
      await newcomer.api.post(`/api/v1/catalog/paths/${path.id}/enroll`),
      'enrolling in a path whose tutor left',
    );
    expect404(
      await newcomer.api.get(`/api/v1/catalog/paths/${path.id}`),
      'a path whose tutor left, to a stranger',
    );
    const catalog = await newcomer.api.get('/api/v1/catalog/paths?q=Acids');
    expect(catalog.body.items.map((x: { id: string }) => x.id)).not.toContain(path.id);

    // Paths nobody was learning went with the tutor; the kept one has no tutor and cannot be revived.
    const rows = await server.ctx.db.admin
      .selectFrom('tutor_learning_paths')
      .select(['id', 'tutor_id', 'status', 'tutor_left_at'])
      .where('id', 'in', [path.id, unlearned.id, draft.id])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: path.id, tutor_id: null, status: 'archived' });
    expect(rows[0]!.tutor_left_at).toBeInstanceOf(Date);
    await expect(
      server.ctx.db.admin
        .updateTable('tutor_learning_paths')
        .set({ status: 'published' })
        .where('id', '=', path.id)
        .execute(),
    ).rejects.toThrow(/tutor_left_archived/);
  });

  it('a learner who had left the path keeps nothing to return to, but current learners are unaffected', async () => {
    const t = await tutor('Leaving2');
    const [stays, left] = await Promise.all([signUp(server, 'Stays'), signUp(server, 'Left')]);
    const path = await publish(
      t,
      (await createPath(t, { title: 'Redox', lessons: [lesson('Oxidation')] })).id,
    );
    const eStays = await enroll(stays, path.id);
    const eLeft = await enroll(left, path.id);
    expect((await left.api.delete(`/api/v1/enrollments/${eLeft.id}`)).status).toBe(204);

    expect((await t.api.delete('/api/v1/profile')).status).toBe(204);

    expect((await stays.api.get(`/api/v1/enrollments/${eStays.id}`)).status).toBe(200);
    // Coming back would be enrolling again: closed, as for any archived path.
    expect404(
      await left.api.post(`/api/v1/catalog/paths/${path.id}/enroll`),
      're-enrolling after the tutor left',
    );
    // Row-level security still keeps the path from strangers' queries.
    const stranger = await signUp(server, 'Stranger');
    const asRole = asRoleOn(() => server.ctx.db);
    const seen = await asRole(stranger.id, (tx) =>
      tx.selectFrom('tutor_learning_paths').select('id').where('id', '=', path.id).execute(),
    );
    expect(seen).toEqual([]);
  });
});
