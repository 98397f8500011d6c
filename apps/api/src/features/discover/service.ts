// Discover: curiosity tiles from the learner's interests and recent activity, one set per learner
// per local day, kept in the database (table curiosity_tiles) behind the cache (Redis when
// configured); a tile starts a chat or a learning path. Also lists published tutor paths.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { GeneratedTiles, tileChatPrompt, type CuriosityTiles, type Difficulty } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { isRecord, keepValid, trimText } from '../../platform/ai/salvage.ts';
import { notFound } from '../../http/errors.ts';
import { curiosityTilesPrompt } from '../../platform/ai/prompts/curiosity_tiles.ts';
import { createLearningService } from '../learning/service.ts';
import { createCatalogService } from '../tutor/catalog.ts';
import { clockFrom } from '../xp/clock.ts';
import { logActivity } from '../activity/log.ts';
import { echoesLearner, sessionTitle } from '../concepts/sources.ts';
import { offlineTiles } from './offline.ts';

const TILE_COUNT = 6;
/** How long the cache holds a day's set (a day in any time zone, and a little more). */
const TILES_TTL_SECONDS = 26 * 3600;
const Tile = GeneratedTiles.shape.tiles.element;

/** A model's tiles with the unusable ones dropped (long texts trimmed, at most 12). */
function salvageTiles(raw: unknown, log?: AiLog): GeneratedTiles | undefined {
  if (!isRecord(raw)) return undefined;
  const repair = (t: unknown) =>
    isRecord(t)
      ? {
          ...t,
          title: trimText(t.title, 80),
          description: trimText(t.description, 240),
          topic: trimText(t.topic, 200),
        }
      : t;
  return { tiles: keepValid(raw.tiles, Tile, { what: 'curiosity tile', repair, log }).slice(0, 12) };
}
/** A tile's id: its learner's own (another learner's tile of the same title is another tile). */
const tileId = (userId: string, title: string) =>
  crypto.createHash('sha256').update(`${userId}\n${title.toLowerCase()}`).digest('base64url').slice(0, 16);

/** The fewest tiles a day's set has (GeneratedTiles' minimum). */
const MIN_TILES = 3;

/**
 * One tile per title: a tile's id is its title's, so a model's second tile of the same title would
 * share the first one's id and could never be opened (starting it opened the first). When that
 * leaves fewer than MIN_TILES, the offline tiles of other titles make up the number.
 */
function distinctTiles<T extends { title: string }>(tiles: T[], fill: () => T[]): T[] {
  const seen = new Set<string>();
  const keep = (t: T) => {
    const key = t.title.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  };
  const out = tiles.filter(keep);
  if (out.length < MIN_TILES)
    out.push(
      ...fill()
        .filter(keep)
        .slice(0, MIN_TILES - out.length),
    );
  return out;
}

export function createDiscoverService(ctx: AppContext) {
  const { db } = ctx;
  const paths = createLearningService(ctx);
  const catalog = createCatalogService(ctx);

  async function tiles(
    userId: string,
    opts: { signal?: AbortSignal; log: FastifyBaseLogger },
  ): Promise<CuriosityTiles> {
    const { prefs, recent } = await db.asUser(userId, async (tx) => {
      const user = await tx
        .selectFrom('users')
        .select('preferences')
        .where('id', '=', userId)
        .executeTakeFirst();
      const recentPaths = await tx
        .selectFrom('learning_paths')
        .select('topic')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(3)
        .execute();
      const recentChats = await tx
        .selectFrom('chat_sessions as s')
        .select((eb) => [
          's.title',
          eb
            .selectFrom('chat_messages as m')
            .select('m.content')
            .whereRef('m.session_id', '=', 's.id')
            .where('m.role', '=', 'user')
            .orderBy('m.created_at')
            .limit(1)
            .as('question'),
        ])
        .where('s.user_id', '=', userId)
        .where('s.title', 'is not', null)
        .where('s.title', '<>', 'New Conversation')
        .orderBy('s.updated_at', 'desc')
        .limit(3)
        .execute();
      // A chat's title is a seed only when it is a topic: not the default title, not a question,
      // not a clause cut from the learner's question (a tile "…of Light stage make ATP" reads badly).
      const chatTopics = recentChats.flatMap((c) =>
        sessionTitle(c.title).filter((t) => !echoesLearner(t, c.question ? [c.question] : [])),
      );
      return {
        prefs: (user?.preferences ?? {}) as Record<string, unknown>,
        recent: [...recentPaths.map((p) => p.topic), ...chatTopics].filter((x): x is string => !!x),
      };
    });
    const interests = Array.isArray(prefs.interests) ? (prefs.interests as string[]).slice(0, 10) : [];
    const date = clockFrom(prefs).localDate();
    // One set per learner per local day; changing one's interests asks for a new set. Recent
    // activity shapes the day's first set only, so starting a tile does not reshuffle the others.
    const basis = crypto
      .createHash('sha256')
      .update(JSON.stringify(interests))
      .digest('base64url')
      .slice(0, 12);
    const key = `discover:tiles:${userId}:${date}:${basis}`;
    const cached = await ctx.store.cache.get<CuriosityTiles>(key);
    if (cached) return cached;
    // The cache is the fast path; the day's set is kept in the database, so it outlives a restart
    // (and an in-memory cache) on the default install.
    const kept = await db.asUser(userId, (tx) =>
      tx
        .selectFrom('curiosity_tiles')
        .select('tiles')
        .where('user_id', '=', userId)
        .where('local_date', '=', date)
        .where('basis', '=', basis)
        .executeTakeFirst(),
    );
    if (kept) {
      await ctx.store.cache.set(key, kept.tiles, TILES_TTL_SECONDS);
      return kept.tiles as CuriosityTiles;
    }

    const offline = () => offlineTiles({ interests, recent, date, count: TILE_COUNT });
    const { object } = await ctx.ai.generateObject({
      task: 'curiosity_tiles',
      userId,
      schema: GeneratedTiles,
      system: curiosityTilesPrompt.system,
      prompt: curiosityTilesPrompt.build({ interests, recent, count: TILE_COUNT }),
      signal: opts.signal,
      log: opts.log,
      salvage: salvageTiles,
      offline: () => ({ tiles: offline() }),
    });
    const result: CuriosityTiles = {
      date,
      basedOn: [...interests, ...recent],
      tiles: distinctTiles(object.tiles, offline).map((t) => ({ id: tileId(userId, t.title), ...t })),
    };
    const stored = await keep(userId, date, basis, result);
    await ctx.store.cache.set(key, stored, TILES_TTL_SECONDS);
    return stored;
  }

  /**
   * Keeps the day's set (one row per learner; earlier days' go) and returns the set now kept: two
   * first requests at once both write, and the first set of the same basis stays for both.
   */
  async function keep(userId: string, date: string, basis: string, set: CuriosityTiles) {
    const row = await db.asUser(userId, async (tx) => {
      await tx
        .deleteFrom('curiosity_tiles')
        .where('user_id', '=', userId)
        .where('local_date', '<>', date)
        .execute();
      return tx
        .insertInto('curiosity_tiles')
        .values({ user_id: userId, local_date: date, basis, tiles: JSON.stringify(set) })
        .onConflict((oc) =>
          oc.columns(['user_id', 'local_date']).doUpdateSet({
            basis: sql`excluded.basis`,
            tiles: sql`case when curiosity_tiles.basis = excluded.basis then curiosity_tiles.tiles else excluded.tiles end`,
          }),
        )
        .returning('tiles')
        .executeTakeFirstOrThrow();
    });
    return row.tiles as CuriosityTiles;
  }

  return {
    tiles,

    async start(
      userId: string,
      id: string,
      body: { as: 'chat' | 'path'; difficulty?: Difficulty },
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ) {
      const today = await tiles(userId, opts);
      const tile = today.tiles.find((t) => t.id === id);
      if (!tile) throw notFound('Tile');
      if (body.as === 'path') {
        const prefs = await db.asUser(userId, (tx) =>
          tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst(),
        );
        const preferred = (prefs?.preferences as { preferredDifficulty?: Difficulty } | undefined)
          ?.preferredDifficulty;
        const path = await paths.create(
          userId,
          { topic: tile.topic, difficulty: body.difficulty ?? preferred ?? 'beginner' },
          opts,
        );
        return { kind: 'path' as const, path };
      }
      const session = await db.asUser(userId, (tx) =>
        tx
          .insertInto('chat_sessions')
          .values({ user_id: userId, title: tile.title.slice(0, 200) })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      logActivity(db, opts.log, userId, {
        kind: 'tile_opened',
        subjectType: 'chat_session',
        subjectId: session.id,
        metadata: { tile: tile.title },
      });
      return { kind: 'chat' as const, sessionId: session.id, prompt: tileChatPrompt(tile) };
    },

    /** Published tutor paths, newest first: the tutor catalog's query (tutor/catalog.ts), in Discover's shape. */
    async publishedPaths(userId: string, q: { cursor?: string; limit: number; topic?: string }) {
      const page = await catalog.list(userId, {
        cursor: q.cursor,
        limit: q.limit,
        topic: q.topic?.trim() || undefined,
      });
      return {
        items: page.items.map((p) => ({
          id: p.id,
          title: p.title,
          description: p.description,
          topic: p.topic,
          difficulty: p.difficulty,
          estimatedHours: p.estimatedHours,
          lessonCount: p.lessonCount,
          tutor: { id: p.tutor.id, displayName: p.tutor.displayName, avatarUrl: p.tutor.avatarUrl },
          publishedAt: p.publishedAt,
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
