import { z } from 'zod';
import { learnerText, Timestamp, Uuid } from './common.ts';
import { XpMilestones } from './xp.ts';

export const QuestionType = z.enum(['multiple_choice', 'short_answer', 'cloze']);
export const QuestionDifficulty = z.enum(['easy', 'medium', 'hard']);
export const ReviewRating = z.enum(['again', 'hard', 'good', 'easy']);
export type ReviewRating = z.infer<typeof ReviewRating>;

/** One generated question (the `review` prompt's structured output). */
export const GeneratedQuestion = z
  .object({
    type: QuestionType,
    question: z.string().trim().min(1).max(2000),
    choices: z
      .array(z.string().trim().min(1).max(300))
      .min(3)
      .max(6)
      .optional()
      .describe('Multiple choice only; includes the answer'),
    answer: z.string().trim().min(1).max(1000),
    hints: z.array(z.string().trim().min(1).max(500)).min(1).max(3).describe('From subtle to revealing'),
    explanation: z.string().trim().min(1).max(2000),
    difficulty: QuestionDifficulty,
  })
  .refine(
    (q) => q.type !== 'multiple_choice' || (q.choices ?? []).includes(q.answer),
    'a multiple-choice answer must be one of its choices',
  )
  .refine(
    (q) => !q.choices || new Set(q.choices.map((c) => c.trim().toLowerCase())).size === q.choices.length,
    'the choices must all be different',
  )
  .refine((q) => q.type !== 'cloze' || q.question.includes('_____'), 'a cloze question has a _____ blank');
export type GeneratedQuestion = z.infer<typeof GeneratedQuestion>;
export const GeneratedQuestions = z.object({ questions: z.array(GeneratedQuestion).min(1).max(20) });
export type GeneratedQuestions = z.infer<typeof GeneratedQuestions>;

export const JudgedAnswer = z.object({
  correct: z.boolean(),
  feedback: z.string().min(1).max(1000).describe('One or two sentences for the learner'),
});
export type JudgedAnswer = z.infer<typeof JudgedAnswer>;

const PATH_ID = 'My learning path’s id, or a tutor path’s id (one I am enrolled in, or a published one)';
export const ReviewSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lesson'), id: Uuid.describe(PATH_ID), lessonId: z.string().min(1).max(100) }),
  z.object({ type: z.literal('path'), id: Uuid.describe(PATH_ID) }),
  z.object({ type: z.literal('document'), id: Uuid.describe('upload id') }),
  z.object({ type: z.literal('session'), id: Uuid.describe('chat session id') }),
]);
export type ReviewSource = z.infer<typeof ReviewSource>;

export const GenerateReviewBody = z
  .object({ source: ReviewSource, count: z.number().int().min(1).max(20).default(6) })
  .strict();

export const ReviewCard = z
  .object({
    id: Uuid,
    source: z.object({
      type: z.enum(['lesson', 'path', 'document', 'session', 'deck']).describe('deck: imported into my deck'),
      id: z.string(),
      lessonId: z.string().nullable(),
      title: z.string().nullable(),
    }),
    type: QuestionType,
    question: z.string(),
    choices: z.array(z.string()).nullable(),
    difficulty: QuestionDifficulty,
    hintCount: z.number().int(),
    hintsRevealed: z.array(z.string()).describe('Hints shown so far in the current attempt'),
    state: z.enum(['new', 'learning', 'review', 'relearning']),
    due: Timestamp,
    reps: z.number().int(),
    lapses: z.number().int(),
    lastReviewedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ReviewCard' });
export type ReviewCard = z.infer<typeof ReviewCard>;

export const GenerateReviewResult = z
  .object({
    items: z.array(ReviewCard).describe('The new cards'),
    duplicates: z
      .number()
      .int()
      .describe(
        'Questions left out because I already have that card: the same question from this source, or the same question and answer from any source',
      ),
  })
  .meta({ id: 'GenerateReviewResult' });
export type GenerateReviewResult = z.infer<typeof GenerateReviewResult>;

const SourceFilter = {
  sourceType: z.enum(['lesson', 'path', 'document', 'session', 'deck']).optional(),
  sourceId: z.string().max(200).optional(),
  lessonId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('With sourceType=lesson: that lesson’s cards only'),
};
const filterRules = <T extends z.ZodObject<z.ZodRawShape>>(q: T) =>
  q
    .refine((v: { sourceType?: string; sourceId?: string }) => !v.sourceId || !!v.sourceType, {
      message: 'sourceId needs a sourceType',
      path: ['sourceId'],
    })
    .refine((v: { sourceType?: string; lessonId?: string }) => !v.lessonId || v.sourceType === 'lesson', {
      message: 'lessonId goes with sourceType=lesson',
      path: ['lessonId'],
    });

export const ReviewCardsQuery = filterRules(
  z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    ...SourceFilter,
  }),
);

/** GET /review/due: the day's queue, optionally one source's (or one lesson's) cards only. */
export const ReviewDueQuery = filterRules(
  z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    ...SourceFilter,
  }),
);

export const ReviewDuePage = z
  .object({
    items: z.array(ReviewCard),
    nextCursor: z.string().nullable(),
    nextDueAt: Timestamp.nullable().describe(
      'When the earliest of these cards not in today’s queue falls due; null when there is none',
    ),
  })
  .meta({ id: 'ReviewDuePage' });
export type ReviewDuePage = z.infer<typeof ReviewDuePage>;

export const HintResponse = z
  .object({
    index: z.number().int().min(1),
    hint: z.string(),
    hintsRevealed: z.array(z.string()),
    remaining: z.number().int().min(0),
  })
  .meta({ id: 'HintResponse' });

export const AnswerBody = z
  .object({
    answer: learnerText(2000)
      .optional()
      .describe('The learner’s answer (a choice’s text for multiple choice)'),
    rating: ReviewRating.optional().describe(
      'Self-rating; derived from correctness and hints used when absent',
    ),
  })
  .strict()
  .refine((b) => b.answer !== undefined || b.rating !== undefined, 'send an answer, a rating, or both');

export const AnswerResult = z
  .object({
    correct: z.boolean().nullable().describe('Null when only a rating was sent'),
    feedback: z.string(),
    expectedAnswer: z.string(),
    explanation: z.string(),
    rating: ReviewRating,
    hintsUsed: z.number().int(),
    practice: z
      .boolean()
      .describe(
        'True when the card was not due (GET /review/due lists the due ones): the answer is graded, but earns no XP and leaves the schedule unchanged',
      ),
    card: ReviewCard,
    intervalDays: z.number().describe('Days until the card is due again (fractions for learning steps)'),
    xpAwarded: z
      .number()
      .int()
      .describe('XP for a right answer to a due card, once per review step; 0 for practice'),
    xp: z.number().int(),
    milestones: XpMilestones,
  })
  .meta({ id: 'AnswerResult' });
export type AnswerResult = z.infer<typeof AnswerResult>;

export const ReviewStats = z
  .object({
    dueToday: z.number().int(),
    dueNow: z.number().int(),
    totalCards: z.number().int(),
    newCards: z.number().int(),
    retention: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('Share of reviews in the last 30 days answered correctly (or rated hard/good/easy)'),
    reviewsPerDay: z
      .array(z.object({ date: z.string(), reviews: z.number().int(), correct: z.number().int() }))
      .describe('Last 14 days, learner’s time zone'),
    timezone: z.string(),
  })
  .meta({ id: 'ReviewStats' });
export type ReviewStats = z.infer<typeof ReviewStats>;

// ---- Scheduling that learns the learner: desired retention and the workload it costs ----------
/** The range a learner may choose for their desired retention (FSRS's request_retention). */
export const RETENTION_MIN = 0.7;
export const RETENTION_MAX = 0.97;
export const DesiredRetention = z
  .number()
  .min(RETENTION_MIN, 'desired retention must be at least 0.70 (70 %)')
  .max(RETENTION_MAX, 'desired retention must be at most 0.97 (97 %)')
  .describe('Share of cards the learner wants to still know when they fall due (0.70–0.97; default 0.90)');

export const WorkloadQuery = z.object({
  retention: z.coerce
    .number()
    .min(RETENTION_MIN, 'retention must be at least 0.70 (70 %)')
    .max(RETENTION_MAX, 'retention must be at most 0.97 (97 %)')
    .optional()
    .describe('The desired retention to estimate for; the learner’s own setting when left out'),
});

export const WorkloadEstimate = z
  .object({
    retention: z.number().describe('The retention this estimate is for'),
    desiredRetention: z.number().describe('The learner’s current setting'),
    days: z.number().int().describe('The window simulated (days from today)'),
    cards: z.number().int().describe('Cards the estimate covers (the learner’s cards now)'),
    cardsPerDay: z.number().describe('Mean reviews a day over the window'),
    perDay: z.array(z.number()).describe('Expected reviews on each day, today first'),
    parameters: z.object({
      personalised: z.boolean().describe('Scheduled with weights optimised from the learner’s own reviews'),
      reviews: z.number().int().describe('Reviews in the learner’s log'),
      minReviews: z.number().int().describe('Reviews needed before the weights are optimised'),
      fittedOn: z.number().int().nullable().describe('Reviews the current weights were fitted on'),
      optimisedAt: Timestamp.nullable(),
    }),
  })
  .meta({ id: 'WorkloadEstimate' });
export type WorkloadEstimate = z.infer<typeof WorkloadEstimate>;
// Your cards are yours: export (Anki .apkg, CSV) and import (CSV, .apkg notes) into a deck of one's own.

export const Deck = z
  .object({ id: Uuid, name: z.string(), cardCount: z.number().int(), createdAt: Timestamp })
  .meta({ id: 'Deck' });
export type Deck = z.infer<typeof Deck>;

export const DeckList = z.object({ items: z.array(Deck) }).meta({ id: 'DeckList' });

export const ImportResult = z
  .object({
    deck: Deck,
    format: z.enum(['csv', 'apkg']),
    imported: z.number().int().describe('New cards, scheduled as new'),
    alreadyImported: z
      .number()
      .int()
      .describe('Notes whose guid I already have a card for (importing again adds nothing)'),
    skipped: z
      .array(z.object({ item: z.string(), reason: z.string() }))
      .max(20)
      .describe('Rows or notes left out and why (the first 20)'),
    skippedCount: z.number().int(),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResult>;

/** The CSV columns ChitChat writes; an import needs front and back, and reads tags, guid and explanation. */
export const CSV_COLUMNS = [
  'front',
  'back',
  'tags',
  'explanation',
  'state',
  'due',
  'stability',
  'difficulty',
  'reps',
  'lapses',
  'guid',
] as const;
