// Per-item salvage of a model's learning path or lesson (ObjectRequest.salvage): one lesson with
// `estimatedMinutes: 1` or one exercise without a solution must not fail the whole reply. Numbers
// are clamped, texts trimmed and lists cut to the contract's limits; items that still do not fit
// are dropped and logged. Nothing is invented: the provider validates the result against the full
// schema again, so its minimums (at least three lessons, one exercise, …) decide when to give up.
import { z } from 'zod';
import { GeneratedPath, LessonContentBody, LessonPlanDraft } from '@chitchat/contracts';
import type { AiLog } from '../../platform/ai/index.ts';
import { clampInt, isRecord, keepValid, trimText } from '../../platform/ai/salvage.ts';

/** The usable strings of a list, each trimmed to `maxLength`, at most `maxCount` of them. */
export function keepTexts(
  items: unknown,
  limits: { maxLength: number; maxCount: number },
  what: string,
  log?: AiLog,
): string[] {
  const text = z.string().trim().min(1).max(limits.maxLength);
  return keepValid(items, text, { what, repair: (x) => trimText(x, limits.maxLength), log }).slice(
    0,
    limits.maxCount,
  );
}

const lessonDraft = (log?: AiLog) => (raw: unknown) =>
  isRecord(raw)
    ? {
        ...raw,
        title: trimText(raw.title, 200),
        objectives: keepTexts(raw.objectives, { maxLength: 300, maxCount: 8 }, 'lesson objective', log),
        outline: keepTexts(raw.outline, { maxLength: 300, maxCount: 12 }, 'lesson outline point', log),
        exercises: keepTexts(raw.exercises, { maxLength: 500, maxCount: 6 }, 'lesson exercise', log),
        estimatedMinutes: clampInt(raw.estimatedMinutes, 5, 600),
        difficulty: typeof raw.difficulty === 'string' ? raw.difficulty.trim().toLowerCase() : raw.difficulty,
      }
    : raw;

/** A learning path (learner's or a tutor's AI draft) with its unusable lessons dropped. */
export function salvagePath(raw: unknown, log?: AiLog): GeneratedPath | undefined {
  if (!isRecord(raw)) return undefined;
  return {
    ...raw,
    title: trimText(raw.title, 200),
    description: trimText(raw.description, 2000),
    objectives: keepTexts(raw.objectives, { maxLength: 300, maxCount: 10 }, 'path objective', log),
    estimatedHours: clampInt(raw.estimatedHours, 1, 500),
    lessons: keepValid(raw.lessons, LessonPlanDraft, { what: 'lesson', repair: lessonDraft(log), log }).slice(
      0,
      20,
    ),
  } as GeneratedPath;
}

const Exercise = LessonContentBody.shape.exercises.element;
const repairExercise = (raw: unknown) =>
  isRecord(raw)
    ? {
        ...raw,
        prompt: trimText(raw.prompt, 2000),
        solution: trimText(raw.solution, 4000),
        ...(typeof raw.hint === 'string' && raw.hint.trim()
          ? { hint: trimText(raw.hint, 1000) }
          : { hint: undefined }),
      }
    : raw;

/** A lesson's content with its unusable exercises and key points dropped and long texts trimmed. */
export function salvageLesson(raw: unknown, log?: AiLog): LessonContentBody | undefined {
  if (!isRecord(raw)) return undefined;
  const example = isRecord(raw.workedExample) ? raw.workedExample : {};
  return {
    ...raw,
    explanation: trimText(raw.explanation, 20_000),
    keyPoints: keepTexts(raw.keyPoints, { maxLength: 500, maxCount: 12 }, 'key point', log),
    workedExample: { problem: trimText(example.problem, 4000), solution: trimText(example.solution, 8000) },
    exercises: keepValid(raw.exercises, Exercise, { what: 'exercise', repair: repairExercise, log }).slice(
      0,
      8,
    ),
    summary: trimText(raw.summary, 2000),
  } as LessonContentBody;
}
