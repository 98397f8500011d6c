// Discover through HTTP: curiosity tiles from interests and activity, cached per learner per day
// (Redis when TEST_REDIS_URL is set); a tile starts a chat or a path; published tutor paths.
// `server` runs the harness's provider (the offline engine, or the tiny local model with
// TEST_AI_PROVIDER=local, whose tiles are valid nonsense); the offline engine's own tiles are
// tested on `offline`, a server that is offline in both passes; a model's repeated titles on a
// fake Gemini. All over the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CuriosityTiles, LearningPath, PublishedPath } from '@chitchat/contracts';
import { client, signUp, startServer, usingLocalModel, type TestServer, type TestUser } from './harness.ts';
import { startFakeGemini } from './fakes/gemini.ts';

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

/** A day's tiles: the contract's shape, at least three, each with its own id and title. */
function expectTiles(body: unknown) {
  const tiles = CuriosityTiles.parse(body);
  expect(tiles.tiles.length).toBeGreaterThanOrEqual(3);
  for (const t of tiles.tiles)
    for (const text of [t.emoji, t.title, t.description, t.topic])
      expect(text.trim().length).toBeGreaterThan(0);
  expect(new Set(tiles.tiles.map((t) => t.id)).size).toBe(tiles.tiles.length);
  expect(new Set(tiles.tiles.map((t) => t.title.toLowerCase())).size).toBe(tiles.tiles.length);
  return tiles;
}

/** Volcanoes and jazz (Paris time), then origami and a path on knots: the day's tiles, and the new ones. */
async function tilesBeforeAndAfter(u: TestUser) {
  await u.api.patch('/api/v1/profile', {
    preferences: { interests: ['volcanoes', 'jazz'], timezone: 'Europe/Paris' },
  });
  const first = await u.api.get('/api/v1/discover/tiles');
  expect(first.status).toBe(200);
  const tiles = expectTiles(first.body);
  // Cached for the day: identical on the next call.
  expect((await u.api.get('/api/v1/discover/tiles')).body).toEqual(first.body);
  await u.api.patch('/api/v1/profile', { preferences: { interests: ['origami'] } });
  expect(
    (await u.api.post('/api/v1/learning-paths', { topic: 'Knots', difficulty: 'beginner' })).status,
  ).toBe(201);
  return { tiles, changed: expectTiles((await u.api.get('/api/v1/discover/tiles')).body) };
}

/** The offline engine's tiles are about the learner's interests, then their recent activity. */
function expectAboutInterests(tiles: CuriosityTiles, changed: CuriosityTiles) {
  for (const t of tiles.tiles) expect(`${t.title} ${t.topic}`.toLowerCase()).toMatch(/volcanoes|jazz/);
  expect(changed.tiles.map((t) => t.topic).join(' ')).toMatch(/origami/i);
  expect(changed.tiles.map((t) => t.topic).join(' ')).toMatch(/knots/i);
}

describe('curiosity tiles', () => {
  it('suggests tiles from interests and recent activity, the same all day, new when interests change', async () => {
    const { tiles, changed } = await tilesBeforeAndAfter(await signUp(server));
    expect(tiles.basedOn).toEqual(['volcanoes', 'jazz']);
    expect(tiles.date).toBe(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()),
    );
    expect(changed.basedOn).toEqual(['origami', 'Knots']);
    expect(changed.date).toBe(tiles.date);
    if (!usingLocalModel) expectAboutInterests(tiles, changed);
  });

  it('offline: the tiles are about the learner’s interests and recent activity (a server that is offline in both passes)', async () => {
    const { tiles, changed } = await tilesBeforeAndAfter(await signUp(offline));
    expect(tiles.basedOn).toEqual(['volcanoes', 'jazz']);
    expect(changed.basedOn).toEqual(['origami', 'Knots']);
    expectAboutInterests(tiles, changed);
  });

  it('offline: a chat seeds tiles by its topic, never by a clause cut from the learner’s own words', async () => {
    const u = await signUp(offline);
    const chat = async (message: string) => {
      const r = await u.api.post('/api/v1/chat', { message });
      expect(r.status).toBe(200);
      return (await u.api.get(`/api/v1/chat/sessions/${r.body.sessionId}`)).body.title as string;
    };
    const clause = await chat('How does the light-dependent stage of photosynthesis make ATP?');
    expect(clause.split(' ').length).toBeGreaterThan(3);
    expect(await chat('What is osmosis?')).toBe('Osmosis');
    // A tile's prompt sent as it is (“Ask ChitChat about it”): its title is the learner's words too.
    const prompt = await chat('🧩 Tides in everyday life: where the moon quietly shows up at the beach');
    const tiles = expectTiles((await u.api.get('/api/v1/discover/tiles')).body);
    expect(tiles.basedOn).toEqual(['Osmosis']);
    expect(JSON.stringify(tiles.tiles)).not.toContain(clause);
    expect(JSON.stringify(tiles.tiles)).not.toContain(prompt);
  });

  it('keeps the day’s tiles through a restart (a new server on the same database); a new day brings new ones', async () => {
    const u = await signUp(offline);
    // Pago Pago (UTC−11) and Kiritimati (UTC+14) are never on the same date.
    await u.api.patch('/api/v1/profile', {
      preferences: { interests: ['volcanoes'], timezone: 'Pacific/Pago_Pago' },
    });
    const first = expectTiles((await u.api.get('/api/v1/discover/tiles')).body);
    // Recent activity shapes a day's first set only: a set made again now would differ.
    expect(
      (await u.api.post('/api/v1/learning-paths', { topic: 'Knots', difficulty: 'beginner' })).status,
    ).toBe(201);
    const restarted = await startServer({ db: offline.ctx.db, env: { AI_PROVIDER: 'offline' } });
    try {
      const again = { api: client(restarted.url, u.token) };
      expect((await again.api.get('/api/v1/discover/tiles')).body).toEqual(first);
      await again.api.patch('/api/v1/profile', { preferences: { timezone: 'Pacific/Kiritimati' } });
      const next = expectTiles((await again.api.get('/api/v1/discover/tiles')).body);
      expect(next.date).not.toBe(first.date);
      expect(next.basedOn).toEqual(['volcanoes', 'Knots']);
      expect(next.tiles).not.toEqual(first.tiles);
      // One day's set is kept per learner.
      const rows = await offline.ctx.db.admin
        .selectFrom('curiosity_tiles')
        .select(sql<string>`local_date::text`.as('date'))
        .where('user_id', '=', u.id)
        .execute();
      expect(rows).toEqual([{ date: next.date }]);
    } finally {
      await restarted.close();
    }
  });

  it('suggests broadly appealing tiles to a learner with no interests yet', async () => {
    const u = await signUp(server);
    const tiles = CuriosityTiles.parse((await u.api.get('/api/v1/discover/tiles')).body);
    expect(tiles.tiles.length).toBeGreaterThanOrEqual(3);
    expect(tiles.basedOn).toEqual([]);
  });

  it('starts a chat or a learning path from a tile; an unknown tile is 404', async () => {
    const u = await signUp(server);
    await u.api.patch('/api/v1/profile', {
      preferences: { interests: ['tea'], preferredDifficulty: 'intermediate' },
    });
    const [tile, other] = expectTiles((await u.api.get('/api/v1/discover/tiles')).body).tiles;
    const chat = await u.api.post(`/api/v1/discover/tiles/${tile!.id}/start`, { as: 'chat' });
    expect(chat.status).toBe(201);
    expect(chat.body.kind).toBe('chat');
    expect(chat.body.prompt).toContain(tile!.title);
    const session = await server.ctx.db.admin
      .selectFrom('chat_sessions')
      .select(['user_id', 'title'])
      .where('id', '=', chat.body.sessionId)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ user_id: u.id, title: tile!.title });

    const started = await u.api.post(`/api/v1/discover/tiles/${other!.id}/start`, { as: 'path' });
    expect(started.status).toBe(201);
    const path = LearningPath.parse(started.body.path);
    expect(path).toMatchObject({ topic: other!.topic, difficulty: 'intermediate' });
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}`)).status).toBe(200);

    const stranger = await signUp(server);
    expect((await stranger.api.post(`/api/v1/discover/tiles/${tile!.id}/start`, { as: 'chat' })).status).toBe(
      404,
    );
    expect((await u.api.post('/api/v1/discover/tiles/not-a-tile/start', { as: 'chat' })).status).toBe(404);
    expect((await u.api.post(`/api/v1/discover/tiles/${tile!.id}/start`, { as: 'video' })).status).toBe(400);
  });
});

describe('tiles a model wrote', () => {
  it('keeps one tile per title (a tile’s id is its title’s), makes up three from the offline tiles, and each opens itself', async () => {
    const gemini = await startFakeGemini();
    const model = await startServer({
      db: server.ctx.db,
      env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_RETRY_BASE_MS: '1' },
    });
    try {
      const u = await signUp(model);
      await u.api.patch('/api/v1/profile', { preferences: { interests: ['volcanoes'] } });
      const tile = (title: string, topic: string) => ({
        emoji: '🌋',
        title,
        description: `All about ${topic}.`,
        topic,
      });
      gemini.enqueue({
        json: {
          tiles: [
            tile('Lava lakes', 'lava lakes'),
            tile('LAVA LAKES', 'lakes of lava'),
            tile('Lava lakes', 'molten rock'),
          ],
        },
      });
      const res = await u.api.get('/api/v1/discover/tiles');
      expect(res.status).toBe(200);
      expect(gemini.modelRequests).toHaveLength(1);
      const { tiles } = expectTiles(res.body);
      expect(tiles).toHaveLength(3);
      expect(tiles[0]).toMatchObject({ title: 'Lava lakes', topic: 'lava lakes' });
      // The other two are the offline engine's, about the learner's interests.
      for (const t of tiles.slice(1)) expect(t.topic).toMatch(/volcanoes/);
      for (const t of tiles) {
        const started = await u.api.post(`/api/v1/discover/tiles/${t.id}/start`, { as: 'chat' });
        expect(started.status).toBe(201);
        expect(started.body.prompt).toContain(`Tell me more about ${t.topic}.`);
      }
    } finally {
      await model.close();
      await gemini.close();
    }
  });
});

describe('published tutor paths', () => {
  it('lists published paths with the tutor’s public name only, newest first; drafts stay hidden', async () => {
    const tutor = await signUp(server, 'Professor');
    const learner = await signUp(server);
    // Paths start as drafts and are then published (the tutor feature's lifecycle); each step in its
    // own transaction, as requests would, so publication instants differ.
    await server.ctx.db.asUser(tutor.id, (tx) =>
      tx.insertInto('tutor_profiles').values({ user_id: tutor.id, headline: 'Geology tutor' }).execute(),
    );
    const mk = async (title: string, publish: boolean) => {
      const { id } = await server.ctx.db.asUser(tutor.id, (tx) =>
        tx
          .insertInto('tutor_learning_paths')
          .values({
            tutor_id: tutor.id,
            title,
            topic: 'Geology',
            lessons: JSON.stringify([{ id: 'a' }, { id: 'b' }]),
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      if (publish)
        await server.ctx.db.asUser(tutor.id, (tx) =>
          tx
            .updateTable('tutor_learning_paths')
            .set({ status: 'published', published_at: new Date() })
            .where('id', '=', id)
            .execute(),
        );
      return id;
    };
    const ids = {
      older: await mk('Rocks 101', true),
      newer: await mk('Minerals', true),
      draft: await mk('Unfinished', false),
    };
    const first = await learner.api.get('/api/v1/discover/paths?limit=1&topic=geology');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: any) => p.id)).toEqual([ids.newer]);
    const item = PublishedPath.parse(first.body.items[0]);
    expect(item).toMatchObject({
      lessonCount: 2,
      difficulty: 'beginner',
      tutor: { id: tutor.id, displayName: 'Professor' },
    });
    expect(Object.keys(item.tutor).sort()).toEqual(['avatarUrl', 'displayName', 'id']);
    const second = await learner.api.get(
      `/api/v1/discover/paths?limit=1&topic=geology&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((p: any) => p.id)).toEqual([ids.older]);
    const all = await learner.api.get('/api/v1/discover/paths?limit=100');
    expect(all.body.items.map((p: any) => p.id)).not.toContain(ids.draft);
  });
});
