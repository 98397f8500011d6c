// The learner's own material (documents, lessons, messages) found for a topic: what grounds a new
// path or a lesson the model writes, and the passages an offline lesson's outline shows.
import type { FastifyBaseLogger } from 'fastify';
import type { LessonPassage, LessonPlan } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { searchAll } from '../../grounding.ts';
import type { Passage } from '../../platform/ai/index.ts';
import { contentWords, sharedWords } from './words.ts';

/** Passages of the learner's own material (documents, lessons, messages) about `query`: one statement. */
const groundingPassages = (
  ctx: AppContext,
  userId: string,
  query: string,
  limit: number,
  log?: FastifyBaseLogger,
): Promise<Passage[]> =>
  // A failing source: go ahead with what was found before it.
  searchAll(ctx.db, ctx.grounding, userId, query, limit, {}, (err) =>
    log?.warn({ err }, 'grounding source failed'),
  );

/** Texts from the learner's own material (documents, lessons, messages) about `query`: one transaction. */
export async function groundingTexts(
  ctx: AppContext,
  userId: string,
  query: string,
  limit: number,
  log?: FastifyBaseLogger,
): Promise<string[]> {
  return (await groundingPassages(ctx, userId, query, limit, log)).map((p) => p.text).slice(0, limit * 2);
}

export type LessonInput = { pathTitle: string; topic: string | null; lesson: LessonPlan };

/** The passages of the reader's own uploaded documents that match a lesson's outline (offline lessons). */
export async function outlinePassages(
  ctx: AppContext,
  userId: string,
  input: LessonInput,
  log?: FastifyBaseLogger,
): Promise<LessonPassage[]> {
  const query = [input.topic ?? input.pathTitle, input.lesson.title, ...input.lesson.outline].join(' ');
  const found = await groundingPassages(ctx, userId, query, 4, log);
  // The search takes any word of the outline, and an offline outline is mostly template ("a map of
  // the main ideas"): a passage is shown only when it shares a content word with the topic, the
  // passages sharing the most of the lesson's words first.
  const topic = contentWords(input.topic ?? input.pathTitle);
  const lesson = contentWords(query);
  return found
    .filter((p) => p.sourceType === 'document')
    .map((p, i) => ({
      p,
      i,
      about: sharedWords(topic, `${p.title} ${p.text}`),
      n: sharedWords(lesson, p.text),
    }))
    .filter((x) => !topic.size || x.about > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.p)
    .slice(0, 4)
    .map((p) => ({ text: p.text, source: { uploadId: p.sourceId, title: p.title, page: p.page ?? null } }));
}
