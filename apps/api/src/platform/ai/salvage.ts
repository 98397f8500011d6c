// Per-item salvage of a structured model reply. Real models drift: one lesson says
// `estimatedMinutes: 1`, one multiple-choice answer is not among its choices. Rather than failing a
// whole batch for one bad item, a feature's `salvage` (ObjectRequest) repairs what is safely
// repairable, drops the rest with one log line, and the provider validates the result again — so
// the schema's own minimums decide when nothing usable is left.
import type { z } from 'zod';
import type { AiLog, ObjectRequest } from './types.ts';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number rounded and clamped into [min, max]; anything else unchanged (for the schema to judge). */
export function clampInt(v: unknown, min: number, max: number): unknown {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return v;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** A string cut to at most `max` characters at a word boundary; anything else unchanged. */
export function trimText(v: unknown, max: number): unknown {
  if (typeof v !== 'string' || v.length <= max) return v;
  const cut = v.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd();
}

export interface KeepValidOptions {
  /** What one item is, for the log line ("review question"). */
  what: string;
  /** Applied to each item before validation: clamp, trim, match — never invent content. */
  repair?: (item: unknown) => unknown;
  log?: AiLog;
}

/**
 * The items of `items` (an array, or anything else → none) that validate against `item` after
 * `repair`. Dropped items are logged once, by their issue paths only (no learner content in logs).
 */
export function keepValid<T>(items: unknown, item: z.ZodType<T>, opts: KeepValidOptions): T[] {
  if (!Array.isArray(items)) return [];
  const kept: T[] = [];
  const problems: string[] = [];
  items.forEach((raw, index) => {
    const parsed = item.safeParse(opts.repair ? opts.repair(raw) : raw);
    if (parsed.success) kept.push(parsed.data);
    else
      problems.push(
        `#${index}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'} ${i.code}`).join(', ')}`,
      );
  });
  if (problems.length) {
    opts.log?.warn(
      {
        ai: { dropped: problems.length, kept: kept.length, what: opts.what, problems: problems.slice(0, 10) },
      },
      `AI reply: dropped ${problems.length} malformed ${opts.what}(s)`,
    );
  }
  return kept;
}

/** The JSON value of a model's raw reply text (tolerating a ```json fence), or undefined. */
export function parseReply(text: string | undefined): unknown {
  if (!text) return undefined;
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}

/** The request's salvage of a raw reply, validated against the full schema; undefined when unusable. */
export function salvageReply<T>(req: ObjectRequest<T>, text: string | undefined): T | undefined {
  if (!req.salvage) return undefined;
  const raw = parseReply(text);
  if (raw === undefined) return undefined;
  const candidate = req.salvage(raw, req.log);
  if (candidate === undefined) return undefined;
  const checked = req.schema.safeParse(candidate);
  return checked.success ? checked.data : undefined;
}
