// Review questions from the learner's material: written by the model, or offline by offline.ts.
// A model's batch is kept question by question: a question that is safely repairable (a
// multiple-choice answer given by its letter or in another case, a numeric difficulty) is repaired,
// one that is not (an answer that is none of its choices, a cloze without a blank) is dropped and
// logged, and the request fails only when no question is left.
import { GeneratedQuestion, GeneratedQuestions } from '@chitchat/contracts';
import type { AiLog, AiProvider } from '../../platform/ai/index.ts';
import { clampInt, isRecord, keepValid } from '../../platform/ai/salvage.ts';
import { reviewQuestionsPrompt } from '../../platform/ai/prompts/review_questions.ts';
import { unprocessable } from '../../http/errors.ts';
import { pickedChoice } from './answers.ts';
import { offlineQuestions } from './offline.ts';

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
const CHOICE_LETTER = /^\(?([a-f])[).:]?$/i;
const MAX_QUESTIONS = 20;

/**
 * The choice a multiple-choice answer means: the one choice with the same text (case, spacing,
 * punctuation aside; see pickedChoice, which judges answers the same way) or its letter ("B").
 */
function matchChoice(answer: unknown, choices: unknown): unknown {
  if (typeof answer !== 'string' || !Array.isArray(choices) || choices.includes(answer)) return answer;
  const same = pickedChoice(
    answer,
    choices.filter((c): c is string => typeof c === 'string'),
  );
  if (same !== undefined) return same;
  const letter = CHOICE_LETTER.exec(answer.trim());
  return (letter?.[1] && choices[letter[1].toLowerCase().charCodeAt(0) - 'a'.charCodeAt(0)]) ?? answer;
}

/** Choices trimmed, blanks and repeats (case aside) dropped: a question left with too few is dropped. */
function distinctChoices(choices: unknown[]): unknown[] {
  const seen = new Set<string>();
  return choices
    .map((c) => (typeof c === 'string' ? c.trim() : c))
    .filter((c) => {
      if (typeof c !== 'string') return true; // for the schema to refuse
      const key = c.toLowerCase();
      if (!c || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** "Hard" → "hard"; a number 1–3 (clamped) → easy, medium, hard. */
function repairDifficulty(v: unknown): unknown {
  if (typeof v === 'string') return v.trim().toLowerCase();
  const level = clampInt(v, 1, DIFFICULTIES.length);
  return typeof level === 'number' ? DIFFICULTIES[level - 1] : v;
}

/** One generated question with its safe repairs applied; nothing is invented. */
export function repairQuestion(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const type =
    typeof raw.type === 'string'
      ? raw.type
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      : raw.type;
  // Choices belong to multiple choice only (a short answer with choices just loses them).
  const { choices, ...rest } = raw;
  const q: Record<string, unknown> =
    type === 'multiple_choice'
      ? { ...rest, ...(Array.isArray(choices) ? { choices: distinctChoices(choices) } : { choices }) }
      : rest;
  return {
    ...q,
    type,
    difficulty: repairDifficulty(q.difficulty),
    // Blank hints go (a question left with none is dropped).
    ...(Array.isArray(q.hints)
      ? { hints: q.hints.filter((h) => typeof h !== 'string' || h.trim()).slice(0, 3) }
      : {}),
    ...(type === 'multiple_choice' ? { answer: matchChoice(q.answer, q.choices) } : {}),
    // A blank of another length ("___") is still the blank.
    ...(type === 'cloze' && typeof q.question === 'string'
      ? { question: q.question.replace(/_{2,}/g, '_____') }
      : {}),
  };
}

/** The usable questions of a model reply that failed validation as a whole (see ObjectRequest.salvage). */
export function salvageQuestions(raw: unknown, log?: AiLog): GeneratedQuestions | undefined {
  if (!isRecord(raw)) return undefined;
  const questions = keepValid(raw.questions, GeneratedQuestion, {
    what: 'review question',
    repair: repairQuestion,
    log,
  });
  return { questions: questions.slice(0, MAX_QUESTIONS) };
}

export interface QuestionsRequest {
  material: { title: string; text: string };
  count: number;
  userId: string;
  signal?: AbortSignal;
  log?: AiLog;
}

/** Up to `count` questions about the material (the model's, or offline cloze and recall questions). */
export async function generateQuestions(
  ai: AiProvider,
  { material, count, ...opts }: QuestionsRequest,
): Promise<GeneratedQuestion[]> {
  const { object } = await ai.generateObject({
    task: 'review_questions',
    userId: opts.userId,
    schema: GeneratedQuestions,
    system: reviewQuestionsPrompt.system,
    prompt: reviewQuestionsPrompt.build({ title: material.title, material: material.text, count }),
    signal: opts.signal,
    log: opts.log,
    salvage: salvageQuestions,
    offline: () => {
      const questions = offlineQuestions(material.title, material.text, count);
      if (!questions.length)
        throw unprocessable(
          'There is not enough text in this material to make review questions from yet.',
          'not_enough_material',
        );
      return { questions };
    },
  });
  return object.questions.slice(0, count);
}
