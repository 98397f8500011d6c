import { z } from 'zod';
import { cleanText, Uuid } from './common.ts';
import { DesiredRetention } from './review.ts';

export const Difficulty = z.enum(['beginner', 'intermediate', 'advanced']);
export type Difficulty = z.infer<typeof Difficulty>;

const timezone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/London');

/** users.preferences as stored and returned (no transforms: response schemas must encode). */
export const Preferences = z
  .object({
    interests: z.array(z.string()).optional(),
    learningGoals: z.array(z.string()).optional(),
    preferredDifficulty: Difficulty.optional(),
    dailyGoal: z.number().int().optional().describe('XP to earn per day'),
    timezone: z.string().optional(),
    onboarded: z.boolean().optional(),
    autoCards: z
      .boolean()
      .optional()
      .describe(
        'Make review cards automatically after a document is read, a lesson completed or a chat has a few turns',
      ),
    desiredRetention: z.number().optional().describe('Review target retention (0.70–0.97; default 0.90)'),
    socraticMode: z
      .boolean()
      .optional()
      .describe('Socratic mode by default in new chats: guiding questions and hints before solutions'),
  })
  .meta({ id: 'Preferences' });

/** What a client may send. Unknown keys are refused, so typos surface. */
export const PreferencesInput = z
  .object({
    interests: z.array(cleanText(60)).max(30).optional(),
    learningGoals: z.array(cleanText(200)).max(10).optional(),
    preferredDifficulty: Difficulty.optional(),
    dailyGoal: z.number().int().min(1).max(500).optional().describe('XP to earn per day'),
    timezone: timezone.optional(),
    onboarded: z.boolean().optional(),
    autoCards: z.boolean().optional(),
    desiredRetention: DesiredRetention.optional(),
    socraticMode: z.boolean().optional(),
  })
  .strict();
export type Preferences = z.infer<typeof Preferences>;

export const Profile = z
  .object({
    id: Uuid,
    email: z.string(),
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    bio: z.string().nullable(),
    xp: z.number().int(),
    isTutor: z.boolean(),
    preferences: Preferences,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof Profile>;

export const UpdateProfileBody = z
  .object({
    displayName: cleanText(80).nullable().optional(),
    bio: cleanText(1000, 0).nullable().optional(),
    preferences: PreferencesInput.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of displayName, bio, preferences');

export const PublicProfile = z
  .object({
    id: Uuid,
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    bio: z.string().nullable(),
    xp: z.number().int(),
    isTutor: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'PublicProfile' });
export type PublicProfile = z.infer<typeof PublicProfile>;

// ---- GET /profile/export: everything the learner owns, as one JSON file ----------------------
// Stored JSON columns (lessons, progress, metadata, FSRS state, …) are exported as stored.
const Json = z.unknown();
const Row = <T extends z.ZodRawShape>(shape: T) => z.object({ id: Uuid, ...shape, createdAt: z.string() });

export const ProfileExport = z
  .object({
    format: z.literal('chitchat-export'),
    version: z.literal(1),
    exportedAt: z.string(),
    profile: Profile,
    chatSessions: z.array(Row({ title: z.string().nullable(), updatedAt: z.string() })),
    chatMessages: z.array(
      Row({
        sessionId: Uuid,
        role: z.enum(['user', 'assistant']),
        content: z.string(),
        mediaUrl: z.string().nullable(),
        mediaType: z.string().nullable(),
        metadata: Json,
      }),
    ),
    learningPaths: z.array(
      Row({
        title: z.string(),
        description: z.string().nullable(),
        topic: z.string().nullable(),
        difficultyLevel: z.string().nullable(),
        estimatedHours: z.number().nullable(),
        goal: z.string().nullable(),
        objectives: Json,
        lessons: Json,
        progress: Json,
        updatedAt: z.string(),
      }),
    ),
    lessonContents: z.array(
      z.object({
        pathId: Uuid,
        lessonId: z.string(),
        title: z.string(),
        content: Json,
        createdAt: z.string(),
      }),
    ),
    enrollments: z.array(
      Row({
        pathId: Uuid,
        progress: Json,
        lastActivityAt: z.string(),
        completedAt: z.string().nullable(),
        leftAt: z.string().nullable(),
      }),
    ),
    reviewCards: z.array(
      Row({
        sourceType: z.string(),
        sourceId: z.string(),
        lessonId: z.string().nullable(),
        sourceTitle: z.string().nullable(),
        questionType: z.string(),
        question: z.string(),
        choices: Json,
        answer: z.string(),
        hints: Json,
        explanation: z.string(),
        difficulty: z.string(),
        due: z.string(),
        reps: z.number().int(),
        fsrs: Json,
        lastReviewedAt: z.string().nullable(),
        noteGuid: z.string().nullable().describe('An imported note’s guid (Anki’s or a CSV row’s)'),
      }),
    ),
    decks: z.array(Row({ name: z.string() })).describe('My own decks (where imported cards go)'),
    reviewLog: z.array(
      z.object({
        id: Uuid,
        cardId: Uuid,
        rating: z.string(),
        correct: z.boolean().nullable(),
        hintsUsed: z.number().int(),
        answer: z.string().nullable(),
        state: z.string().nullable().describe('The card’s state before the review (null before 0016)'),
        elapsedDays: z.number().int().nullable().describe('Days since the card’s previous review'),
        reviewedAt: z.string(),
      }),
    ),
    reviewParameters: z
      .array(
        z.object({
          weights: z.array(z.number()),
          reviewCount: z.number().int(),
          logLoss: z.number().nullable(),
          defaultLogLoss: z.number().nullable(),
          optimisedAt: z.string(),
        }),
      )
      .describe('FSRS weights fitted to the learner’s review log (none until enough reviews)'),
    libraryItems: z.array(
      Row({
        kind: z.string(),
        sourceId: z.string().nullable(),
        lessonId: z.string().nullable(),
        title: z.string(),
        url: z.string().nullable(),
        note: z.string().nullable(),
        excerpt: z.string().nullable(),
        tags: z.array(z.string()),
        updatedAt: z.string(),
      }),
    ),
    uploads: z
      .array(
        Row({
          kind: z.string(),
          fileName: z.string(),
          mediaType: z.string().nullable(),
          sizeBytes: z.number().nullable(),
          status: z.string(),
          pageCount: z.number().int().nullable(),
          processedAt: z.string().nullable(),
        }),
      )
      .describe('Metadata only: GET /uploads/{id} gives a download link for the file itself'),
    concepts: z.array(Row({ name: z.string() })).describe('My concept map (mastery is computed, not stored)'),
    conceptSources: z.array(
      z.object({
        conceptId: Uuid,
        sourceType: z.string(),
        sourceId: z.string(),
        lessonId: z.string().nullable(),
        title: z.string().nullable(),
      }),
    ),
    conceptCards: z.array(z.object({ conceptId: Uuid, cardId: Uuid })),
    xpEvents: z.array(Row({ amount: z.number().int(), reason: z.string(), sourceKey: z.string() })),
    tutorProfile: Json.describe('The tutor profile, or null'),
    tutorPaths: z.array(Json).describe('Learning paths this learner wrote as a tutor'),
  })
  .meta({ id: 'ProfileExport' });
export type ProfileExport = z.infer<typeof ProfileExport>;
