import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';
import { Difficulty } from './profile.ts';
import { LearningPath } from './learning.ts';

/** What a model (or the offline engine) suggests: the seed's "emoji, title, short description". */
export const GeneratedTiles = z.object({
  tiles: z
    .array(
      z.object({
        emoji: z.string().min(1).max(16),
        title: z.string().min(1).max(80),
        description: z.string().min(1).max(240),
        topic: z.string().min(1).max(200).describe('What to learn or ask about when the tile is opened'),
      }),
    )
    .min(3)
    .max(12),
});
export type GeneratedTiles = z.infer<typeof GeneratedTiles>;

export const CuriosityTile = z
  .object({
    id: z.string().describe('Stable for the day; pass it to /discover/tiles/:tileId/start'),
    emoji: z.string(),
    title: z.string(),
    description: z.string(),
    topic: z.string(),
  })
  .meta({ id: 'CuriosityTile' });
export type CuriosityTile = z.infer<typeof CuriosityTile>;

/** The question a tile asks when a learner chats about it (the API's start and the app's "Ask" send the same). */
export const tileChatPrompt = (t: Pick<CuriosityTile, 'emoji' | 'title' | 'description' | 'topic'>) =>
  `${t.emoji} ${t.title}: ${t.description} Tell me more about ${t.topic}.`;

export const CuriosityTiles = z
  .object({
    date: z.string().describe('The learner’s local date the tiles are for'),
    basedOn: z.array(z.string()),
    tiles: z.array(CuriosityTile),
  })
  .meta({ id: 'CuriosityTiles' });
export type CuriosityTiles = z.infer<typeof CuriosityTiles>;

export const TileParams = z.object({ tileId: z.string().min(1).max(64) });
export const StartTileBody = z
  .object({ as: z.enum(['chat', 'path']), difficulty: Difficulty.optional() })
  .strict();
export const StartTileResult = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('chat'),
      sessionId: Uuid,
      prompt: z.string().describe('Suggested first message'),
    }),
    z.object({ kind: z.literal('path'), path: LearningPath }),
  ])
  .meta({ id: 'StartTileResult' });

export const PublishedPathsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  topic: z.string().max(200).optional(),
});
export const PublishedPath = z
  .object({
    id: Uuid,
    title: z.string(),
    description: z.string().nullable(),
    topic: z.string().nullable(),
    difficulty: Difficulty,
    estimatedHours: z.number().int().nullable(),
    lessonCount: z.number().int(),
    tutor: z.object({ id: Uuid, displayName: z.string().nullable(), avatarUrl: z.string().nullable() }),
    publishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'PublishedPath' });
