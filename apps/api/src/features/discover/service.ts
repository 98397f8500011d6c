// Discover: curiosity tiles from the learner's interests and recent activity, cached per learner
// per local day (Redis when configured); a tile starts a chat or a learning path. Also lists
// published tutor paths.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { GeneratedTiles, type CuriosityTiles, type Difficulty } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import { curiosityTilesPrompt } from '../../platform/ai/prompts/curiosity_tiles.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../learning/cursor.ts';
import { createLearningService } from '../learning/service.ts';
import { clockFrom } from '../xp/clock.ts';
import { logActivity } from '../activity/log.ts';
import { offlineTiles } from './offline.ts';

const TILE_COUNT = 6;
const iso = (d: Date | string) => new Date(d).toISOString();
const tileId = (title: string) => crypto.createHash('sha256').update(title.toLowerCase()).digest('base64url').slice(0, 16);

export function createDiscoverService(ctx: AppContext) {
  const { db } = ctx;
  const paths = createLearningService(ctx);

  async function tiles(userId: string, opts: { signal?: AbortSignal; log: FastifyBaseLogger }): Promise<CuriosityTiles> {
    const { prefs, recent } = await db.asUser(userId, async (tx) => {
      const user = await tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst();
      const recentPaths = await tx.selectFrom('learning_paths').select('topic').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(3).execute();
      const recentChats = await tx
        .selectFrom('chat_sessions')
        .select('title')
        .where('user_id', '=', userId)
        .where('title', 'is not', null)
        .where('title', '<>', 'New Conversation')
        .orderBy('updated_at', 'desc')
        .limit(3)
        .execute();
      return {
        prefs: (user?.preferences ?? {}) as Record<string, unknown>,
        recent: [...recentPaths.map((p) => p.topic), ...recentChats.map((c) => c.title)].filter((x): x is string => !!x),
      };
    });
    const interests = Array.isArray(prefs.interests) ? (prefs.interests as string[]).slice(0, 10) : [];
    const date = clockFrom(prefs).localDate();
    // One set per learner per local day; changing one's interests asks for a new set. Recent
    // activity shapes the day's first set only, so starting a tile does not reshuffle the others.
    const basis = crypto.createHash('sha256').update(JSON.stringify(interests)).digest('base64url').slice(0, 12);
    const key = `discover:tiles:${userId}:${date}:${basis}`;
    const cached = await ctx.store.cache.get<CuriosityTiles>(key);
    if (cached) return cached;

    const { object } = await ctx.ai.generateObject({
      task: 'curiosity_tiles',
      schema: GeneratedTiles,
      system: curiosityTilesPrompt.system,
      prompt: curiosityTilesPrompt.build({ interests, recent, count: TILE_COUNT }),
      signal: opts.signal,
      offline: () => ({ tiles: offlineTiles({ interests, recent, date, count: TILE_COUNT }) }),
    });
    const result: CuriosityTiles = { date, basedOn: [...interests, ...recent], tiles: object.tiles.map((t) => ({ id: tileId(t.title), ...t })) };
    await ctx.store.cache.set(key, result, 26 * 3600);
    return result;
  }

  return {
    tiles,

    async start(userId: string, id: string, body: { as: 'chat' | 'path'; difficulty?: Difficulty }, opts: { signal?: AbortSignal; log: FastifyBaseLogger }) {
      const today = await tiles(userId, opts);
      const tile = today.tiles.find((t) => t.id === id);
      if (!tile) throw notFound('Tile');
      if (body.as === 'path') {
        const prefs = await db.asUser(userId, (tx) => tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst());
        const preferred = (prefs?.preferences as { preferredDifficulty?: Difficulty } | undefined)?.preferredDifficulty;
        const path = await paths.create(userId, { topic: tile.topic, difficulty: body.difficulty ?? preferred ?? 'beginner' }, opts);
        return { kind: 'path' as const, path };
      }
      const session = await db.asUser(userId, (tx) =>
        tx.insertInto('chat_sessions').values({ user_id: userId, title: tile.title.slice(0, 200) }).returning('id').executeTakeFirstOrThrow(),
      );
      logActivity(db, opts.log, userId, { kind: 'tile_opened', subjectType: 'chat_session', subjectId: session.id, metadata: { tile: tile.title } });
      return { kind: 'chat' as const, sessionId: session.id, prompt: `${tile.emoji} ${tile.title}: ${tile.description} Tell me more about ${tile.topic}.` };
    },

    async publishedPaths(userId: string, q: { cursor?: string; limit: number; topic?: string }) {
      const after = decodeCursor(q.cursor);
      const rows = await db.asUser(userId, (tx) => {
        let query = tx
          .selectFrom('tutor_learning_paths as p')
          .innerJoin('public_profiles as u', 'u.id', 'p.tutor_id')
          .select([
            'p.id', 'p.title', 'p.description', 'p.topic', 'p.difficulty_level', 'p.estimated_hours', 'p.lessons', 'p.published_at',
            'u.id as tutor_id', 'u.display_name', 'u.avatar_url', exactTs('p.published_at').as('k'),
          ])
          .where('p.status', '=', 'published');
        if (q.topic?.trim()) query = query.where(sql<boolean>`lower(p.topic) = lower(${q.topic.trim()})`);
        if (after) query = query.where(sql<boolean>`(p.published_at, p.id) < (${after.key}::timestamptz, ${after.id}::uuid)`);
        return query.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(q.limit + 1).execute();
      });
      return toPage(
        rows,
        q.limit,
        (r) => ({
          id: r.id,
          title: r.title,
          description: r.description,
          topic: r.topic,
          difficulty: r.difficulty_level,
          estimatedHours: r.estimated_hours,
          lessonCount: (r.lessons as unknown[]).length,
          tutor: { id: r.tutor_id, displayName: r.display_name, avatarUrl: r.avatar_url },
          publishedAt: r.published_at ? iso(r.published_at) : null,
        }),
        (r) => encodeCursor(r.k ?? '1970-01-01T00:00:00.000000Z', r.id),
      );
    },
  };
}
