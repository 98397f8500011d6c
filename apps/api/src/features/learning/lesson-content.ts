// A lesson's content: written by the model once (grounded in the learner's own material, or from a
// tutor's plan alone when shared), kept, and shown; without a model, the outline with the reader's
// own passages (the offline engine never writes teaching prose).
import type { FastifyBaseLogger } from 'fastify';
import { LessonContentBody, type LessonDetail } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { modelAnswers } from '../../platform/ai/index.ts';
import { lessonPrompt } from '../../platform/ai/prompts/lesson.ts';
import { salvageLesson } from './salvage.ts';
import { groundingTexts, outlinePassages, type LessonInput } from './own-material.ts';

/** A kept lesson as the reader sees it: the model's lesson, or the outline with their own passages. */
export async function lessonBody(
  ctx: AppContext,
  userId: string,
  kept: { content: unknown; offline: boolean },
  input: LessonInput,
  log?: FastifyBaseLogger,
): Promise<Pick<LessonDetail, 'offline' | 'content' | 'passages'>> {
  if (!kept.offline) return { offline: false, content: kept.content as LessonContentBody, passages: [] };
  return { offline: true, content: null, passages: await outlinePassages(ctx, userId, input, log) };
}

/** Kept content is written again only to replace an offline outline once a model is connected. */
export const needsWriting = (ctx: AppContext, kept: { offline: boolean } | undefined) =>
  !kept || (kept.offline && modelAnswers(ctx.ai));

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
export async function generateLessonContent(
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
