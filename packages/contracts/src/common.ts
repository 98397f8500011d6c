import { z } from 'zod';
import { ErrorCode } from './errors.ts';

export const Uuid = z.uuid({ message: 'must be a UUID' });
export const IdParams = z.object({ id: Uuid });
export const Timestamp = z.iso.datetime({ offset: true });

/** Every error the API returns has this shape. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode.describe('Stable machine-readable code, e.g. validation_failed, not_found'),
      message: z.string().describe('What went wrong, in words a person can act on'),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** On /auth/v1 errors also carry GoTrue's fields, which Supabase clients read. */
export const AuthErrorBody = ErrorBody.extend({
  code: z.number().describe('HTTP status (GoTrue field)'),
  error_code: z.string().describe('GoTrue error code'),
  msg: z.string().describe('GoTrue message'),
}).meta({ id: 'AuthErrorBody' });

/** Keyset pagination: `cursor` is opaque (from `nextCursor`), `limit` is 1..100. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * Plain text from a person: trimmed, tags stripped (as in the seed's validateMessage).
 * Input only: never use it (or any transform) in a response schema — responses are encoded by
 * zod, and a transform cannot be encoded (the request fails with a 500).
 */
export const cleanText = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => s.replace(/<[^>]*>/g, '').trim())
    .pipe(
      z
        .string()
        .min(min, `must have at least ${min} character(s) of text`)
        .max(max, `must be at most ${max} characters`),
    );

/**
 * What a learner writes to learn — a question, an answer — taken as written (trimmed): `Vec<T>`,
 * `<div>` or `a < b > c` are content, and stripping "tags" would change the question. It is safe
 * because it is only ever shown as text (React escapes it; nothing renders it as HTML) and goes to
 * a model inside delimited prompts. (The seed stripped tags from chat messages; see docs/security.md.)
 */
export const learnerText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must have at least 1 character(s) of text')
    .max(max, `must be at most ${max} characters`);
