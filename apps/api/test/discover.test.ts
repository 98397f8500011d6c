// Discover through HTTP: curiosity tiles from interests and activity, cached per learner per day
// (Redis when TEST_REDIS_URL is set); a tile starts a chat or a path; published tutor paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CuriosityTiles, LearningPath, PublishedPath } from '@chitchat/contracts';
import { signUp, startServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('curiosity tiles', () => {
  it('suggests tiles from interests and recent activity, the same all day, new when interests change', async () => {
    const u = await signUp(server);
    await u.api.patch('/api/v1/profile', { preferences: { interests: ['volcanoes', 'jazz'], timezone: 'Europe/Paris' } });
    const first = await u.api.get('/api/v1/discover/tiles');
    expect(first.status).toBe(200);
    const tiles = CuriosityTiles.parse(first.body);
    expect(tiles.tiles.length).toBeGreaterThanOrEqual(3);
    expect(tiles.basedOn).toEqual(['volcanoes', 'jazz']);
    expect(tiles.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()));
    for (const t of tiles.tiles) {
      expect(t.emoji.length).toBeGreaterThan(0);
      expect(`${t.title} ${t.topic}`.toLowerCase()).toMatch(/volcanoes|jazz/);
    }
    expect(new Set(tiles.tiles.map((t) => t.id)).size).toBe(tiles.tiles.length);
    // Cached for the day: identical on the next call.
    expect((await u.api.get('/api/v1/discover/tiles')).body).toEqual(first.body);

    await u.api.patch('/api/v1/profile', { preferences: { interests: ['origami'] } });
    await u.api.post('/api/v1/learning-paths', { topic: 'Knots', difficulty: 'beginner' });
    const changed = CuriosityTiles.parse((await u.api.get('/api/v1/discover/tiles')).body);
    expect(changed.basedOn).toEqual(['origami', 'Knots']);
    expect(changed.tiles.map((t) => t.topic).join(' ')).toMatch(/origami/i);
    expect(changed.tiles.map((t) => t.topic).join(' ')).toMatch(/knots/i);
  });

  it('suggests broadly appealing tiles to a learner with no interests yet', async () => {
    const u = await signUp(server);
    const tiles = CuriosityTiles.parse((await u.api.get('/api/v1/discover/tiles')).body);
    expect(tiles.tiles.length).toBeGreaterThanOrEqual(3);
    expect(tiles.basedOn).toEqual([]);
  });

  it('starts a chat or a learning path from a tile; an unknown tile is 404', async () => {
    const u = await signUp(server);
    await u.api.patch('/api/v1/profile', { preferences: { interests: ['tea'], preferredDifficulty: 'intermediate' } });
    const [tile, other] = (await u.api.get('/api/v1/discover/tiles')).body.tiles;
    const chat = await u.api.post(`/api/v1/discover/tiles/${tile.id}/start`, { as: 'chat' });
    expect(chat.status).toBe(201);
    expect(chat.body.kind).toBe('chat');
    expect(chat.body.prompt).toContain(tile.title);
    const session = await server.ctx.db.admin.selectFrom('chat_sessions').select(['user_id', 'title']).where('id', '=', chat.body.sessionId).executeTakeFirstOrThrow();
    expect(session).toEqual({ user_id: u.id, title: tile.title });

    const started = await u.api.post(`/api/v1/discover/tiles/${other.id}/start`, { as: 'path' });
    expect(started.status).toBe(201);
    const path = LearningPath.parse(started.body.path);
    expect(path).toMatchObject({ topic: other.topic, difficulty: 'intermediate' });
    expect((await u.api.get(`/api/v1/learning-paths/${path.id}`)).status).toBe(200);

    const stranger = await signUp(server);
    expect((await stranger.api.post(`/api/v1/discover/tiles/${tile.id}/start`, { as: 'chat' })).status).toBe(404);
    expect((await u.api.post('/api/v1/discover/tiles/not-a-tile/start', { as: 'chat' })).status).toBe(404);
    expect((await u.api.post(`/api/v1/discover/tiles/${tile.id}/start`, { as: 'video' })).status).toBe(400);
  });
});

describe('published tutor paths', () => {
  it('lists published paths with the tutor’s public name only, newest first; drafts stay hidden', async () => {
    const tutor = await signUp(server, 'Professor');
    const learner = await signUp(server);
    // Paths start as drafts and are then published (the tutor feature's lifecycle); each step in its
    // own transaction, as requests would, so publication instants differ.
    await server.ctx.db.asUser(tutor.id, (tx) => tx.insertInto('tutor_profiles').values({ user_id: tutor.id, headline: 'Geology tutor' }).execute());
    const mk = async (title: string, publish: boolean) => {
      const { id } = await server.ctx.db.asUser(tutor.id, (tx) =>
        tx
          .insertInto('tutor_learning_paths')
          .values({ tutor_id: tutor.id, title, topic: 'Geology', lessons: JSON.stringify([{ id: 'a' }, { id: 'b' }]) })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      if (publish)
        await server.ctx.db.asUser(tutor.id, (tx) =>
          tx.updateTable('tutor_learning_paths').set({ status: 'published', published_at: new Date() }).where('id', '=', id).execute(),
        );
      return id;
    };
    const ids = { older: await mk('Rocks 101', true), newer: await mk('Minerals', true), draft: await mk('Unfinished', false) };
    const first = await learner.api.get('/api/v1/discover/paths?limit=1&topic=geology');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: any) => p.id)).toEqual([ids.newer]);
    const item = PublishedPath.parse(first.body.items[0]);
    expect(item).toMatchObject({ lessonCount: 2, difficulty: 'beginner', tutor: { id: tutor.id, displayName: 'Professor' } });
    expect(Object.keys(item.tutor).sort()).toEqual(['avatarUrl', 'displayName', 'id']);
    const second = await learner.api.get(`/api/v1/discover/paths?limit=1&topic=geology&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: any) => p.id)).toEqual([ids.older]);
    const all = await learner.api.get('/api/v1/discover/paths?limit=100');
    expect(all.body.items.map((p: any) => p.id)).not.toContain(ids.draft);
  });
});
