import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';
import { ReviewCard } from './review.ts';

/**
 * How well a concept is known now: `unknown` until one of its cards has been answered (a concept
 * with no cards is not "zero"), then weak / learning / strong from `mastery`.
 */
export const MasteryLevel = z.enum(['unknown', 'weak', 'learning', 'strong']);
export type MasteryLevel = z.infer<typeof MasteryLevel>;

export const ConceptSourceType = z.enum(['document', 'lesson', 'session']);

export const ConceptSourceRef = z
  .object({
    type: ConceptSourceType,
    id: z.string().describe('Upload id, learning path id (mine or a tutor path’s) or chat session id'),
    lessonId: z.string().nullable(),
    enrollmentId: z
      .string()
      .nullable()
      .describe('For a tutor path’s lesson: my enrolment, where the lesson opens (else null)'),
    title: z.string().nullable(),
    deleted: z
      .boolean()
      .describe(
        'The document or chat was deleted since (its cards and the concept stay): show its title, not a link',
      ),
  })
  .meta({ id: 'ConceptSourceRef' });

export const ConceptSummary = z
  .object({
    id: Uuid,
    name: z.string(),
    level: MasteryLevel,
    mastery: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe(
        'Null while unknown; else 0.5 × mean retrievability now + 0.4 × recent accuracy + 0.1 × stability (capped at 21 days)',
      ),
    retrievability: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('Mean FSRS probability of recalling its reviewed cards now'),
    cardCount: z.number().int(),
    dueCount: z.number().int().describe('Its cards due now'),
    sourceCount: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ConceptSummary' });
export type ConceptSummary = z.infer<typeof ConceptSummary>;

export const ConceptsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  order: z
    .enum(['weakest', 'strongest'])
    .default('weakest')
    .describe('weakest: unknown last; strongest: unknown last too'),
});

export const ConceptsPage = z
  .object({
    items: z.array(ConceptSummary),
    nextCursor: z.string().nullable(),
    counts: z
      .object({
        unknown: z.number().int(),
        weak: z.number().int(),
        learning: z.number().int(),
        strong: z.number().int(),
      })
      .describe('All my concepts by level'),
  })
  .meta({ id: 'ConceptsPage' });
export type ConceptsPage = z.infer<typeof ConceptsPage>;

export const ConceptDetail = ConceptSummary.extend({
  sources: z.array(ConceptSourceRef),
  cards: z.array(ReviewCard),
  recentAnswers: z
    .array(z.object({ correct: z.boolean(), at: Timestamp }))
    .describe('Its cards’ latest answers (reviews and practice), newest first'),
}).meta({ id: 'ConceptDetail' });
export type ConceptDetail = z.infer<typeof ConceptDetail>;

/** What cards (and concepts) are made from: a document, a lesson or a chat session. */
export const ConceptSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('document'), id: Uuid.describe('upload id') }),
  z.object({
    type: z.literal('lesson'),
    id: Uuid.describe(
      'My learning path’s id, or a tutor path’s id (one I am enrolled in, or a published one)',
    ),
    lessonId: z.string().min(1).max(100),
  }),
  z.object({ type: z.literal('session'), id: Uuid.describe('chat session id') }),
]);
export type ConceptSource = z.infer<typeof ConceptSource>;

export const MakeCardsBody = z.object({ source: ConceptSource }).strict();

export const MakeCardsResult = z
  .object({
    concepts: z.array(ConceptSummary).describe('The source’s concepts'),
    created: z.array(ReviewCard).describe('New cards (empty when every concept already has its card)'),
    skipped: z
      .number()
      .int()
      .describe('Concepts of this source that already had a card from it (nothing new was made for them)'),
    duplicates: z
      .number()
      .int()
      .describe(
        'Questions left out because I already have that card (the same question and answer, from any source)',
      ),
    uncovered: z
      .number()
      .int()
      .describe('Concepts of this source still without a card from it: no question about them was found'),
  })
  .meta({ id: 'MakeCardsResult' });
export type MakeCardsResult = z.infer<typeof MakeCardsResult>;

export const PracticeBody = z
  .object({
    limit: z.number().int().min(1).max(30).default(10),
    conceptId: Uuid.optional().describe('Practise this concept only'),
  })
  .strict();

export const PracticeSession = z
  .object({
    items: z.array(ReviewCard).describe('Due cards first, then the most at-risk by retrievability'),
    concepts: z.array(ConceptSummary).describe('The weak concepts the cards come from, weakest first'),
  })
  .meta({ id: 'PracticeSession' });
export type PracticeSession = z.infer<typeof PracticeSession>;

export const NextStep = z
  .object({
    kind: z.enum(['practise', 'review', 'lesson', 'make_cards', 'start']),
    title: z.string(),
    reason: z.string().describe('Why this is the best next step, in words for the learner'),
    conceptIds: z.array(Uuid),
    pathId: Uuid.nullable(),
    lessonId: z.string().nullable(),
    dueCount: z.number().int(),
  })
  .meta({ id: 'NextStep' });
export type NextStep = z.infer<typeof NextStep>;
