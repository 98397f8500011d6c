import { z } from 'zod';
import { cleanText, Timestamp, Uuid } from './common.ts';

export const LibraryKind = z.enum(['message', 'document', 'path', 'lesson', 'tile', 'resource']);
const Tag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'a tag must not be empty')
      .max(40)
      .regex(/^[\p{L}\p{N} _-]+$/u, 'tags use letters, digits, spaces, - and _'),
  );
const Common = {
  title: cleanText(300).optional().describe('Defaults to the source’s title'),
  note: cleanText(4000, 0).optional(),
  tags: z.array(Tag).max(20).optional(),
};

export const SaveLibraryItemBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), messageId: Uuid, ...Common }).strict(),
  z.object({ kind: z.literal('document'), documentId: Uuid, ...Common }).strict(),
  z.object({ kind: z.literal('path'), pathId: Uuid, ...Common }).strict(),
  z
    .object({ kind: z.literal('lesson'), pathId: Uuid, lessonId: z.string().min(1).max(100), ...Common })
    .strict(),
  z
    .object({
      kind: z.literal('tile'),
      tile: z.object({
        emoji: z.string().min(1).max(16),
        title: cleanText(80),
        description: cleanText(240),
        topic: cleanText(200).optional(),
      }),
      ...Common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('resource'),
      url: z.url({ protocol: /^https?$/ }).max(2048),
      ...Common,
      title: cleanText(300),
    })
    .strict(),
]);
export type SaveLibraryItemBody = z.infer<typeof SaveLibraryItemBody>;

export const UpdateLibraryItemBody = z
  .object({
    title: cleanText(300).optional(),
    note: cleanText(4000, 0).nullable().optional(),
    tags: z.array(Tag).max(20).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of title, note, tags');

export const LibraryQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  kind: LibraryKind.optional(),
  tag: z.string().max(40).optional(),
  q: z.string().max(200).optional().describe('Text search over title, note, excerpt and tags'),
});

export const LibraryItem = z
  .object({
    id: Uuid,
    kind: LibraryKind,
    title: z.string(),
    url: z.string().nullable(),
    note: z.string().nullable(),
    excerpt: z.string().nullable(),
    tags: z.array(z.string()),
    source: z.object({ id: z.string(), lessonId: z.string().nullable() }).nullable(),
    sourceAvailable: z
      .boolean()
      .describe('False when the saved message, path, lesson or document was deleted'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'LibraryItem' });
export type LibraryItem = z.infer<typeof LibraryItem>;
