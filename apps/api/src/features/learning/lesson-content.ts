// A lesson's content: written by the model once (grounded in the learner's own material, or from a
// tutor's plan alone when shared), kept, and shown; without a model, the outline with the reader's
// own passages (the offline engine never writes teaching prose).
import type { FastifyBaseLogger } from 'fastify';
import { LessonContentBody, type LessonDetail, type LessonPlan } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { modelAnswers } from '../../platform/ai/index.ts';
import { lessonPrompt } from '../../platform/ai/prompts/lesson.ts';
import { iso } from '../../platform/db/values.ts';
import { salvageLesson } from './salvage.ts';
import { groundingTexts, outlinePassages, type LessonInput } from './own-material.ts';

/** A lesson in its path's plan and its place there (from 1); undefined when the plan has no such lesson. */
export function lessonAt(lessons: LessonPlan[], lessonId: string) {
  const lesson = lessons.find((l) => l.id === lessonId);
  return lesson && { lesson, position: lessons.indexOf(lesson) + 1 };
}

/** A kept lesson as the reader sees it: the model's lesson, or the outline with their own passages. */
export async function lessonBody(
  ctx: AppContext,
  userId: string,
  kept: { content: unknown; offline: boolean; created_at: Date },
  input: LessonInput,
  log?: FastifyBaseLogger,
): Promise<Pick<LessonDetail, 'offline' | 'content' | 'passages' | 'generatedAt'>> {
  const body = kept.offline
    ? { offline: true, content: null, passages: await outlinePassages(ctx, userId, input, log) }
    : { offline: false, content: kept.content as LessonContentBody, passages: [] };
  return { ...body, generatedAt: iso(kept.created_at) };
}

/** Kept content is written again only to replace an offline outline once a model is connected. */
const needsWriting = (ctx: AppContext, kept: { offline: boolean } | undefined) =>
  !kept || (kept.offline && modelAnswers(ctx.ai));

type Written = Awaited<ReturnType<typeof generateLessonContent>>;

/**
 * A lesson's kept content, written first when none is kept yet (or only an offline outline is, and
 * a model is connected now) — for learners' own paths, enrolled tutor paths and a tutor's preview.
 * `stored` is what the reading transaction found; the model writes with no transaction open; `keep`
 * then saves what it wrote and returns what is kept (undefined: nothing, e.g. the path went away).
 */
export async function keptLesson<K extends { offline: boolean }>(
  ctx: AppContext,
  userId: string,
  input: LessonInput,
  stored: K | undefined,
  opts: { signal?: AbortSignal; log: FastifyBaseLogger; shared?: boolean },
  keep: (written: Written) => Promise<K | undefined>,
): Promise<K | undefined> {
  if (stored && !needsWriting(ctx, stored)) return stored;
  return keep(await generateLessonContent(ctx, userId, input, opts));
}

const noOfflineLesson = (): never => {
  throw new Error(
    'The offline engine writes no lessons: generateLessonContent returns the outline before asking.',
  );
};

/**
 * A lesson's full content (explanation, key points, worked example, exercises, summary) from the
 * model, grounded in the learner's own material; `body` is its plain text. Without a model there
 * is no lesson to write: `offline` and no content (the lesson is shown as its outline). Used for
 * learners' own paths and for tutor paths they are enrolled in. No transaction is open.
 */
async function generateLessonContent(
  ctx: AppContext,
  userId: string,
  input: LessonInput,
  opts: { signal?: AbortSignal; log: FastifyBaseLogger; shared?: boolean },
): Promise<{ content: LessonContentBody | null; body: string; offline: boolean }> {
  if (!modelAnswers(ctx.ai)) return { content: null, body: '', offline: true };
  const { pathTitle, lesson } = input;
  // A lesson kept for others (a tutor path's, shared by its learners and tutor) is written from the
  // tutor's plan alone: grounding it in the opener's own material would show it to everyone else.
  const material = opts.shared
    ? []
    : await groundingTexts(ctx, userId, `${input.topic ?? pathTitle} ${lesson.title}`, 4, opts.log);
  const { object } = await ctx.ai.generateObject({
    task: 'lesson',
    userId,
    schema: LessonContentBody,
    system: lessonPrompt.system,
    prompt: lessonPrompt.build({ pathTitle, lesson, material }),
    signal: opts.signal,
    log: opts.log,
    salvage: salvageLesson,
    offline: noOfflineLesson,
  });
  const body = [
    object.explanation,
    ...object.keyPoints,
    object.workedExample.problem,
    object.workedExample.solution,
    object.summary,
  ].join('\n');
  return { content: object, body, offline: false };
}
