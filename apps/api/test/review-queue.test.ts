// The review queue narrowed to one source (one lesson's cards for "Review this lesson"), and
// `nextDueAt`, which lets the app say when the next card falls due once the day's queue is done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { ReviewCard, ReviewDuePage } from '@chitchat/contracts';
import { client, expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { PHOTOSYNTHESIS as MATERIAL, VOLCANOES as VOLCANO, WATER_CYCLE as WATER } from './review-fixtures.ts';

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

async function generate(u: TestUser, source: Record<string, unknown>, count = 3) {
  const res = await u.api.post('/api/v1/review/generate', { source, count });
  expect(res.status).toBe(201);
  return (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
}

/** A path outlined by the offline engine, its first two lessons rewritten as if a model had written them. */
async function pathWithTwoLessons(u: TestUser) {
  const api = client(offline.url, u.token);
  const path = (await api.post('/api/v1/learning-paths', { topic: 'Photosynthesis', difficulty: 'beginner' }))
    .body;
  const [l1, l2] = path.lessons.map((l: { id: string }) => l.id);
  for (const l of [l1, l2])
    expect((await api.get(`/api/v1/learning-paths/${path.id}/lessons/${l}`)).status).toBe(200);
  const lesson = (m: string[]) => ({
    explanation: m.slice(0, 4).join(' '),
    keyPoints: m.slice(4, 6),
    workedExample: { problem: 'What else?', solution: m[6] },
    exercises: [{ prompt: 'Say one more thing.', solution: m[7] }],
    summary: m[7],
  });
  await server.ctx.db.admin
    .updateTable('learning_paths')
    .set({ offline: false })
    .where('id', '=', path.id)
    .execute();
  for (const [l, m] of [
    [l1, MATERIAL],
    [l2, WATER],
  ] as const)
    await server.ctx.db.admin
      .updateTable('lesson_contents')
      .set({ offline: false, content: JSON.stringify(lesson(m)), body: m.join('\n') })
      .where('path_id', '=', path.id)
      .where('lesson_id', '=', l)
      .execute();
  return { pathId: path.id as string, l1: l1 as string, l2: l2 as string };
}

async function sessionCards(u: TestUser) {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, async (tx) => {
    await sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, 'Tell me about volcanoes', 'user')`.execute(
      tx,
    );
    for (const line of VOLCANO)
      await sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, ${line}, 'assistant')`.execute(tx);
  });
  return generate(u, { type: 'session', id });
}

const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id).sort();

describe('review queue filters and nextDueAt', () => {
  it('narrows the due queue and the card list to one lesson’s cards, the caller’s only', async () => {
    const u = await signUp(server);
    const { pathId, l1, l2 } = await pathWithTwoLessons(u);
    const first = await generate(u, { type: 'lesson', id: pathId, lessonId: l1 });
    const second = await generate(u, { type: 'lesson', id: pathId, lessonId: l2 });
    const chat = await sessionCards(u);
    expect(first.length && second.length && chat.length).toBeTruthy();

    const q = `sourceType=lesson&sourceId=${pathId}&lessonId=${encodeURIComponent(l1)}&limit=100`;
    const due = await u.api.get(`/api/v1/review/due?${q}`);
    expect(due.status).toBe(200);
    ReviewDuePage.parse(due.body);
    expect(ids(due.body)).toEqual(first.map((c) => c.id).sort());
    expect((await u.api.get(`/api/v1/review/cards?${q}`)).body.items.map((c: any) => c.id).sort()).toEqual(
      first.map((c) => c.id).sort(),
    );
    // Without the lesson: every card of that path's lessons; without a filter: all of them.
    expect(
      ids((await u.api.get(`/api/v1/review/due?sourceType=lesson&sourceId=${pathId}&limit=100`)).body),
    ).toEqual([...first, ...second].map((c) => c.id).sort());
    expect((await u.api.get('/api/v1/review/due?limit=100')).body.items).toHaveLength(
      first.length + second.length + chat.length,
    );

    // Another learner asking for the same lesson sees none of them.
    const other = await signUp(server);
    const theirs = await other.api.get(`/api/v1/review/due?${q}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toMatchObject({ items: [], nextDueAt: null });
    expect((await other.api.get(`/api/v1/review/cards?${q}`)).body.items).toEqual([]);
  });

  it('refuses a bad filter with 400', async () => {
    const u = await signUp(server);
    for (const q of [
      'sourceType=lessons',
      'lessonId=l1',
      'sourceType=path&lessonId=l1',
      `sourceId=${crypto.randomUUID()}`,
      `sourceType=lesson&lessonId=${'x'.repeat(101)}`,
    ]) {
      for (const path of ['/api/v1/review/due', '/api/v1/review/cards']) {
        const res = await u.api.get(`${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBe(400);
        expectErrorShape(res.body);
      }
    }
  });

  it('nextDueAt: null with no cards; once the queue is done, the earliest due of the caller’s remaining cards', async () => {
    const u = await signUp(server);
    expect((await u.api.get('/api/v1/review/due')).body).toEqual({
      items: [],
      nextCursor: null,
      nextDueAt: null,
    });
    const cards = await sessionCards(u);
    const queue = await u.api.get('/api/v1/review/due?limit=100');
    expect(queue.body.items).toHaveLength(cards.length);
    expect(queue.body.nextDueAt).toBeNull();

    // Another learner's card due sooner does not count.
    const other = await signUp(server);
    const [theirs] = await sessionCards(other);
    await other.api.post(`/api/v1/review/cards/${theirs!.id}/answer`, { rating: 'again' });

    const dues: string[] = [];
    for (const c of cards)
      dues.push((await u.api.post(`/api/v1/review/cards/${c.id}/answer`, { rating: 'easy' })).body.card.due);
    const done = await u.api.get('/api/v1/review/due?limit=100');
    expect(done.body.items).toEqual([]);
    const earliest = dues.map((d) => new Date(d).getTime()).sort((a, b) => a - b)[0];
    expect(new Date(done.body.nextDueAt).getTime()).toBe(earliest);
    expect(earliest).toBeGreaterThan(Date.now());
    // Narrowed to a source the learner has no cards of: nothing to wait for.
    expect(
      (await u.api.get(`/api/v1/review/due?sourceType=document&sourceId=${crypto.randomUUID()}`)).body
        .nextDueAt,
    ).toBeNull();
  });
});
