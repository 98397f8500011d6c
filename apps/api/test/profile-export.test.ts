// GET /profile/export: the learner's data of every kind, nobody else's, as one JSON attachment;
// refused without a token; well formed for a learner with nothing yet; complete across pages.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileExport } from '@chitchat/contracts';
import { client, expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    env: { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
  });
});
afterAll(async () => server?.close());

const must = (res: { status: number; body: any }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const TUTOR_LESSON = {
  title: 'Lesson one',
  objectives: ['o'],
  outline: ['x'],
  exercises: ['e'],
  estimatedMinutes: 30,
  difficulty: 'beginner',
};
const NOTES = [
  'The mitochondrion is the organelle that produces most of the cell’s energy.',
  'Ribosomes build proteins from amino acids in the cytoplasm.',
  'The nucleus stores the cell’s DNA and controls its activity.',
  'The cell membrane controls what enters and leaves the cell.',
].join('\n');

interface Learner {
  user: TestUser;
  canary: string;
  ids: Record<string, string>;
}

/** A learner with at least one row of every kind the export covers, each carrying `canary` where it has text. */
async function learnerWithEverything(name: string): Promise<Learner> {
  const user = await signUp(server, name);
  const canary = `canary-${name}-${crypto.randomBytes(5).toString('hex')}`;
  const api = user.api;
  must(
    await api.patch('/api/v1/profile', {
      bio: `bio ${canary}`,
      preferences: { learningGoals: [`goal ${canary}`], dailyGoal: 500 },
    }),
    'profile',
  );

  const turn = must(await api.post('/api/v1/chat', { message: `My question about ${canary}` }), 'chat');

  const path = must(
    await api.post('/api/v1/learning-paths', { topic: 'Photosynthesis basics', goal: `pass ${canary}` }),
    'path',
  );
  must(await api.get(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[0].id}`), 'open lesson');
  must(
    await api.post(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[0].id}/complete`),
    'complete lesson',
  );

  const bytes = Buffer.from(`${NOTES}\nThe secret word is ${canary}.\n`);
  const init = must(
    await api.post('/api/v1/uploads/init', {
      fileName: `${canary}.txt`,
      fileType: 'text/plain',
      fileSize: bytes.length,
    }),
    'upload init',
  );
  expect((await api.fetchUrl(init.uploadUrl, { method: 'PUT', headers: init.headers, body: bytes })).ok).toBe(
    true,
  );
  must(await api.post(`/api/v1/uploads/${init.uploadId}/complete`, {}), 'upload complete');
  for (
    let i = 0;
    i < 150 && must(await api.get(`/api/v1/uploads/${init.uploadId}`), 'upload').status !== 'ready';
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const cards = must(
    await api.post('/api/v1/review/generate', { source: { type: 'document', id: init.uploadId }, count: 2 }),
    'cards',
  );
  const card = cards.items[0];
  must(await api.post(`/api/v1/review/cards/${card.id}/answer`, { answer: `I think ${canary}` }), 'answer');

  const item = must(
    await api.post('/api/v1/library', {
      kind: 'resource',
      url: 'https://example.org/notes',
      title: 'My notes',
      note: `note ${canary}`,
    }),
    'library',
  );

  // A tutor elsewhere publishes a path; this learner enrols. This learner also drafts one as a tutor.
  const tutor = await signUp(server, `${name}-tutor`);
  must(await tutor.api.post('/api/v1/tutor/profile', { headline: 'Tutor' }), 'tutor profile');
  const published = must(
    await tutor.api.post('/api/v1/tutor/paths', { title: 'Published path', lessons: [TUTOR_LESSON] }),
    'tutor path',
  );
  must(await tutor.api.post(`/api/v1/tutor/paths/${published.id}/publish`), 'publish');
  const enrollment = must(await api.post(`/api/v1/catalog/paths/${published.id}/enroll`), 'enrol');
  must(await api.post('/api/v1/tutor/profile', { headline: `Tutor ${canary}` }), 'own tutor profile');
  const draft = must(
    await api.post('/api/v1/tutor/paths', {
      title: 'My draft',
      description: `draft ${canary}`,
      lessons: [TUTOR_LESSON],
    }),
    'draft',
  );

  return {
    user,
    canary,
    ids: {
      session: turn.sessionId,
      message: turn.userMessageId,
      path: path.id,
      upload: init.uploadId,
      card: card.id,
      library: item.id,
      enrollment: enrollment.id,
      draft: draft.id,
    },
  };
}

async function exportOf(user: TestUser) {
  const res = await fetch(`${server.url}/api/v1/profile/export`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  const text = await res.text();
  return { res, text, body: ProfileExport.parse(JSON.parse(text)) };
}

describe('GET /api/v1/profile/export', () => {
  let a: Learner;
  let b: Learner;
  beforeAll(async () => {
    a = await learnerWithEverything('exporter');
    b = await learnerWithEverything('bystander');
  }, 120_000);

  it('holds the caller’s data of every kind, as an attachment', async () => {
    const { res, body } = await exportOf(a.user);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="chitchat-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');

    expect(body.profile).toMatchObject({ id: a.user.id, email: a.user.email, bio: `bio ${a.canary}` });
    expect(body.profile.preferences.learningGoals).toEqual([`goal ${a.canary}`]);
    expect(body.chatSessions.map((s) => s.id)).toEqual([a.ids.session]);
    const mine = body.chatMessages.find((m) => m.id === a.ids.message);
    expect(mine).toMatchObject({
      sessionId: a.ids.session,
      role: 'user',
      content: `My question about ${a.canary}`,
    });
    expect(body.chatMessages.some((m) => m.role === 'assistant')).toBe(true);
    expect(body.learningPaths.map((p) => p.id)).toEqual([a.ids.path]);
    expect(body.learningPaths[0]).toMatchObject({ goal: `pass ${a.canary}` });
    expect(
      (body.learningPaths[0]!.progress as { completed_lessons: string[] }).completed_lessons,
    ).toHaveLength(1);
    expect(body.lessonContents.length).toBeGreaterThanOrEqual(1);
    expect(body.lessonContents.every((l) => l.pathId === a.ids.path)).toBe(true);
    expect(body.enrollments.map((e) => e.id)).toEqual([a.ids.enrollment]);
    expect(body.reviewCards.map((c) => c.id)).toContain(a.ids.card);
    expect(body.reviewLog.length).toBeGreaterThanOrEqual(1);
    expect(body.reviewLog[0]).toMatchObject({ cardId: a.ids.card, answer: `I think ${a.canary}` });
    // The saved link, and the upload (every upload that has been read is in the Library).
    expect(body.libraryItems).toHaveLength(2);
    expect(body.libraryItems.find((i) => i.id === a.ids.library)!.note).toBe(`note ${a.canary}`);
    expect(body.libraryItems.filter((i) => i.id !== a.ids.library).map((i) => [i.kind, i.sourceId])).toEqual([
      ['document', a.ids.upload],
    ]);
    expect(body.uploads.map((u) => u.id)).toEqual([a.ids.upload]);
    expect(body.uploads[0]).toMatchObject({ fileName: `${a.canary}.txt`, status: 'ready' });
    expect(body.uploads[0]).not.toHaveProperty('path');
    expect(body.xpEvents.map((e) => e.reason)).toContain('lesson_completed');
    expect(body.tutorProfile).toMatchObject({ headline: `Tutor ${a.canary}` });
    expect(body.tutorPaths.map((p) => (p as { id: string }).id)).toEqual([a.ids.draft]);
  });

  it('holds none of another learner’s rows', async () => {
    const { text } = await exportOf(a.user);
    expect(text).not.toContain(b.canary);
    for (const id of [b.user.id, ...Object.values(b.ids)]) expect(text, id).not.toContain(id);
    expect(text).not.toContain(b.user.email);
    // And the other way round.
    const other = await exportOf(b.user);
    expect(other.text).not.toContain(a.canary);
    expect(other.body.profile.id).toBe(b.user.id);
  });

  it('is 401 without a token, and with a wrong one', async () => {
    const anon = await client(server.url).get('/api/v1/profile/export');
    expect(anon.status).toBe(401);
    expectErrorShape(anon.body);
    const forged = await client(server.url, 'not-a-token').get('/api/v1/profile/export');
    expect(forged.status).toBe(401);
  });

  it('is well formed for a learner with no data yet', async () => {
    const fresh = await signUp(server, 'newcomer');
    const { res, body } = await exportOf(fresh);
    expect(res.status).toBe(200);
    expect(body.profile.id).toBe(fresh.id);
    for (const key of [
      'chatSessions',
      'chatMessages',
      'learningPaths',
      'lessonContents',
      'enrollments',
      'reviewCards',
      'reviewLog',
      'decks',
      'libraryItems',
      'uploads',
      'xpEvents',
      'concepts',
      'conceptSources',
      'conceptCards',
      'tutorPaths',
    ] as const)
      expect(body[key], key).toEqual([]);
    expect(body.tutorProfile).toBeNull();
  });

  it('pages through a large table: every row once, in one valid document', async () => {
    const big = await signUp(server, 'hoarder');
    const n = 1234;
    await server.ctx.db.admin
      .insertInto('library_items')
      .values(
        Array.from({ length: n }, (_, i) => ({
          user_id: big.id,
          kind: 'resource' as const,
          source_key: `resource:bulk-${i}`,
          title: `Item ${i}`,
          url: `https://example.org/${i}`,
          search_text: `Item ${i}`,
        })),
      )
      .execute();
    const { body } = await exportOf(big);
    expect(body.libraryItems).toHaveLength(n);
    expect(new Set(body.libraryItems.map((i) => i.title)).size).toBe(n);
  });

  it('a deleted account has nothing left to export', async () => {
    const leaver = await signUp(server, 'leaver');
    expect((await leaver.api.delete('/api/v1/profile')).status).toBe(204);
    const res = await leaver.api.get('/api/v1/profile/export');
    expect(res.status).toBe(401);
  });
});
