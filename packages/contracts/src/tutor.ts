import { z } from 'zod';
import { cleanText, Timestamp, Uuid } from './common.ts';
import { Difficulty } from './profile.ts';
import { LessonBody, LessonPlan, LessonPlanDraft, PathProgress } from './learning.ts';

// Tutor profiles ------------------------------------------------------------------------------------

const httpsUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      return ['https:', 'http:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const TutorLinkInput = z.object({ label: cleanText(80), url: httpsUrl }).strict();
export const TutorLink = z.object({ label: z.string(), url: z.string() }).meta({ id: 'TutorLink' });

export const CreateTutorProfileBody = z
  .object({
    headline: cleanText(120).describe('One line under the tutor’s name, e.g. "Physics teacher, 12 years"'),
    bio: cleanText(4000).optional(),
    subjects: z.array(cleanText(60)).max(20).default([]),
    links: z.array(TutorLinkInput).max(10).default([]),
  })
  .strict();

export const UpdateTutorProfileBody = z
  .object({
    headline: cleanText(120).optional(),
    bio: cleanText(4000, 0).nullable().optional().describe('null or "" clears it'),
    subjects: z.array(cleanText(60)).max(20).optional(),
    links: z.array(TutorLinkInput).max(10).optional(),
  })
  .strict();

export const TutorProfile = z
  .object({
    userId: Uuid,
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    headline: z.string(),
    bio: z.string().nullable(),
    subjects: z.array(z.string()),
    links: z.array(TutorLink),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'TutorProfile' });
export type TutorProfile = z.infer<typeof TutorProfile>;

/** What a catalog entry shows of its tutor. */
export const TutorByline = z
  .object({
    id: Uuid,
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    headline: z.string(),
  })
  .meta({ id: 'TutorByline' });
export type TutorByline = z.infer<typeof TutorByline>;

/** A path whose tutor deleted their account: archived, kept for its learners, frozen. */
const tutorLeft = z
  .boolean()
  .describe(
    'The tutor deleted their account: the path is archived and kept for its learners (tutor is null)',
  );
const formerTutor = TutorByline.nullable().describe('null once the tutor has left (show "Former tutor")');

// Tutor paths (authoring) ---------------------------------------------------------------------------

export const TutorPathStatus = z.enum(['draft', 'published', 'archived']);
export type TutorPathStatus = z.infer<typeof TutorPathStatus>;

/** A lesson as a tutor sends it: with the id of a lesson it revises, or without one for a new lesson. */
export const TutorLessonInput = LessonPlanDraft.extend({
  id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Keep an existing lesson (and learners’ progress on it); omit for a new lesson'),
}).strict();
export type TutorLessonInput = z.infer<typeof TutorLessonInput>;

export const CreateTutorPathBody = z
  .object({
    title: cleanText(200),
    description: cleanText(4000).optional(),
    topic: cleanText(200).optional(),
    difficulty: Difficulty.default('beginner'),
    estimatedHours: z.number().int().min(0).max(1000).optional(),
    objectives: z.array(cleanText(300)).max(10).default([]),
    requireSocratic: z
      .boolean()
      .default(false)
      .describe('Learners’ chats about this path are in Socratic mode, which they cannot turn off'),
    lessons: z
      .array(TutorLessonInput.omit({ id: true }).strict())
      .max(50)
      .default([]),
  })
  .strict();

export const UpdateTutorPathBody = z
  .object({
    title: cleanText(200).optional(),
    description: cleanText(4000, 0).nullable().optional(),
    topic: cleanText(200, 0).nullable().optional(),
    difficulty: Difficulty.optional(),
    estimatedHours: z.number().int().min(0).max(1000).nullable().optional(),
    objectives: z.array(cleanText(300)).max(10).optional(),
    requireSocratic: z.boolean().optional(),
    lessons: z
      .array(TutorLessonInput)
      .max(50)
      .optional()
      .describe(
        'The whole ordered list: lessons with an id are revised in place, lessons without one are added, lessons left out are removed',
      ),
  })
  .strict();

/** One lesson of a tutor's path, edited on its own: only the fields sent change. */
export const TutorLessonParams = z.object({ id: Uuid, lessonId: z.string().min(1).max(100) });
export const UpdateTutorLessonBody = LessonPlanDraft.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change')
  .describe('The fields of the lesson to change; the lesson keeps its id (and learners’ progress on it)');

export const TutorPathsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: TutorPathStatus.optional(),
});

const pathCore = {
  id: Uuid,
  title: z.string(),
  description: z.string().nullable(),
  topic: z.string().nullable(),
  difficulty: Difficulty,
  estimatedHours: z.number().int().nullable(),
  lessonCount: z.number().int(),
  version: z.number().int().describe('Bumped by each revision of the lessons after publication'),
  publishedAt: Timestamp.nullable(),
  learnerCount: z.number().int().describe('Learners currently enrolled'),
  requireSocratic: z
    .boolean()
    .describe('The tutor requires Socratic mode (hints before solutions) in chats about this path'),
};

export const TutorPathSummary = z
  .object({ ...pathCore, status: TutorPathStatus, createdAt: Timestamp, updatedAt: Timestamp })
  .meta({ id: 'TutorPathSummary' });
export type TutorPathSummary = z.infer<typeof TutorPathSummary>;

export const TutorPath = TutorPathSummary.extend({
  tutorId: Uuid,
  objectives: z.array(z.string()),
  lessons: z.array(LessonPlan),
}).meta({ id: 'TutorPath' });
export type TutorPath = z.infer<typeof TutorPath>;

/** A lesson of the tutor's own path as its learners see it (any status: drafts can be checked before publishing). */
export const TutorLessonPreview = z
  .object({
    pathId: Uuid,
    status: TutorPathStatus,
    lesson: LessonPlan,
    position: z.number().int().min(1),
    lessonCount: z.number().int().min(1),
    ...LessonBody,
    generatedAt: Timestamp.nullable().describe(
      'When the kept full lesson was written; null for an outline (no AI model connected)',
    ),
  })
  .meta({ id: 'TutorLessonPreview' });
export type TutorLessonPreview = z.infer<typeof TutorLessonPreview>;

// Catalog -------------------------------------------------------------------------------------------

export const CatalogQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Words in the title, topic or description, part of the title or tutor’s name, or one of the tutor’s subjects',
    ),
  topic: z.string().trim().min(1).max(200).optional().describe('Exact topic, any case'),
  difficulty: Difficulty.optional(),
  tutorId: Uuid.optional(),
});

export const CatalogPath = z
  .object({ ...pathCore, tutor: TutorByline, enrolled: z.boolean().describe('The caller is enrolled') })
  .meta({ id: 'CatalogPath' });
export type CatalogPath = z.infer<typeof CatalogPath>;

export const CatalogPathDetail = CatalogPath.extend({
  tutor: formerTutor,
  tutorLeft,
  status: z.enum(['published', 'archived']).describe('Archived paths are shown only to their learners'),
  objectives: z.array(z.string()),
  lessons: z.array(LessonPlan),
  enrollmentId: Uuid.nullable(),
}).meta({ id: 'CatalogPathDetail' });
export type CatalogPathDetail = z.infer<typeof CatalogPathDetail>;

export const PublicTutorPage = z
  .object({
    tutor: TutorProfile,
    paths: z
      .array(CatalogPath)
      .describe('Published paths, newest first (the catalog with tutorId pages through all)'),
    stats: z.object({ publishedPaths: z.number().int(), learners: z.number().int() }),
  })
  .meta({ id: 'PublicTutorPage' });
export type PublicTutorPage = z.infer<typeof PublicTutorPage>;

// Enrolments ----------------------------------------------------------------------------------------

export const Enrollment = z
  .object({
    id: Uuid,
    pathId: Uuid,
    path: z.object({
      title: z.string(),
      topic: z.string().nullable(),
      difficulty: Difficulty,
      status: TutorPathStatus,
      version: z.number().int(),
      lessonCount: z.number().int(),
      tutor: formerTutor,
      tutorLeft,
    }),
    progress: PathProgress.describe(
      'Against the path’s current lessons: removed lessons drop out, added ones count',
    ),
    enrolledAt: Timestamp,
    lastActivityAt: Timestamp,
    completedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Enrollment' });
export type Enrollment = z.infer<typeof Enrollment>;

export const EnrollmentDetail = Enrollment.extend({
  description: z.string().nullable(),
  objectives: z.array(z.string()),
  lessons: z.array(LessonPlan),
}).meta({ id: 'EnrollmentDetail' });
export type EnrollmentDetail = z.infer<typeof EnrollmentDetail>;

export const EnrollmentLessonParams = z.object({ id: Uuid, lessonId: z.string().min(1).max(100) });

export const EnrollmentLesson = z
  .object({
    enrollmentId: Uuid,
    pathId: Uuid,
    lesson: LessonPlan,
    position: z.number().int().min(1),
    completed: z.boolean(),
  })
  .meta({ id: 'EnrollmentLesson' });
export type EnrollmentLesson = z.infer<typeof EnrollmentLesson>;

/** A lesson of an enrolled path with its full content, as GET /learning-paths/{id}/lessons/{lessonId} gives for one's own paths. */
export const EnrollmentLessonDetail = EnrollmentLesson.extend({
  ...LessonBody,
  generatedAt: Timestamp.describe(
    'When this revision of the lesson was generated (shared by the path’s learners)',
  ),
}).meta({ id: 'EnrollmentLessonDetail' });
export type EnrollmentLessonDetail = z.infer<typeof EnrollmentLessonDetail>;

// Tutor dashboard -----------------------------------------------------------------------------------

/** What a tutor sees of a learner: what enrolling shares (public name and avatar, progress). */
export const PathLearner = z
  .object({
    userId: Uuid,
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    progress: PathProgress,
    enrolledAt: Timestamp,
    lastActivityAt: Timestamp,
    completedAt: Timestamp.nullable(),
  })
  .meta({ id: 'PathLearner' });
export type PathLearner = z.infer<typeof PathLearner>;

export const PathLearnersQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const LessonFunnelStep = z
  .object({
    lessonId: z.string(),
    title: z.string(),
    position: z.number().int().min(1),
    completed: z.number().int().describe('Current learners who completed this lesson'),
    dropOff: z
      .number()
      .int()
      .describe('Completed the previous lesson (or enrolled, for the first) but not this one'),
  })
  .meta({ id: 'LessonFunnelStep' });

export const TutorPathStats = z
  .object({
    path: TutorPathSummary,
    learners: z.number().int().describe('Currently enrolled'),
    enrollmentsTotal: z.number().int().describe('Ever enrolled, including learners who left'),
    left: z.number().int(),
    enrollmentsByDay: z
      .array(z.object({ date: z.string().describe('YYYY-MM-DD (UTC)'), count: z.number().int() }))
      .describe('The last 30 days, oldest first'),
    activeLearners7d: z
      .number()
      .int()
      .describe(
        'Current learners who enrolled, opened or completed a lesson, or answered a review question from the path in the last 7 days',
      ),
    completed: z.number().int().describe('Current learners who completed every current lesson'),
    completionRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('completed / learners; null without learners'),
    averageProgress: z.number().min(0).max(100).nullable(),
    lessonFunnel: z.array(LessonFunnelStep),
    reviewAnswers: z.number().int().describe('Judged answers to review questions made from the path'),
    reviewAccuracy: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('Share of those answers that were correct; null without answers'),
    recentLearners: z
      .array(PathLearner)
      .describe('Most recently active first, up to 20 (all: GET /tutor/paths/{id}/learners)'),
  })
  .meta({ id: 'TutorPathStats' });
export type TutorPathStats = z.infer<typeof TutorPathStats>;

export const TutorDashboard = z
  .object({
    totals: z.object({
      paths: z.number().int(),
      publishedPaths: z.number().int(),
      learners: z.number().int().describe('Current enrolments across all paths'),
      activeLearners7d: z.number().int(),
    }),
    paths: z.array(TutorPathStats).describe('Every path of the tutor’s but drafts, newest first'),
  })
  .meta({ id: 'TutorDashboard' });
export type TutorDashboard = z.infer<typeof TutorDashboard>;
