import { z } from 'zod';
import { cleanText, Timestamp, Uuid } from './common.ts';
import { Difficulty } from './profile.ts';
import { XpMilestones } from './xp.ts';

// What a model (or the offline engine) returns for a learning path: validated before it is stored.
export const LessonPlanDraft = z.object({
  title: z.string().min(1).max(200),
  objectives: z.array(z.string().min(1).max(300)).min(1).max(8),
  outline: z.array(z.string().min(1).max(300)).min(1).max(12).describe('Ordered topics the lesson covers'),
  exercises: z.array(z.string().min(1).max(500)).min(1).max(6).describe('Practical exercises'),
  estimatedMinutes: z.number().int().min(5).max(600),
  difficulty: Difficulty,
});
export const GeneratedPath = z.object({
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(2000),
  objectives: z.array(z.string().min(1).max(300)).min(1).max(10),
  estimatedHours: z.number().int().min(1).max(500),
  lessons: z.array(LessonPlanDraft).min(3).max(20).describe('Ordered; difficulty never falls along the path'),
});
export type GeneratedPath = z.infer<typeof GeneratedPath>;

/** A lesson in a stored path: the plan plus a stable id ('l1', 'l2', …) progress is keyed by. */
export const LessonPlan = LessonPlanDraft.extend({ id: z.string().min(1).max(100) }).meta({
  id: 'LessonPlan',
});
export type LessonPlan = z.infer<typeof LessonPlan>;

export const PathProgress = z
  .object({
    completedLessons: z.array(z.string()),
    currentLesson: z.string().nullable(),
    completionPercentage: z.number().int().min(0).max(100),
  })
  .meta({ id: 'PathProgress' });
export type PathProgress = z.infer<typeof PathProgress>;

export const CreateLearningPathBody = z
  .object({
    topic: cleanText(200),
    difficulty: Difficulty.default('beginner'),
    goal: cleanText(500).optional(),
    hoursPerWeek: z.number().int().min(1).max(80).optional(),
  })
  .strict();

export const RenameLearningPathBody = z.object({ title: cleanText(200) }).strict();

export const LearningPathSummary = z
  .object({
    id: Uuid,
    title: z.string(),
    description: z.string().nullable(),
    topic: z.string().nullable(),
    difficulty: Difficulty.nullable(),
    estimatedHours: z.number().int().nullable(),
    lessonCount: z.number().int(),
    progress: PathProgress,
    offline: z
      .boolean()
      .describe(
        'Planned without an AI model: an outline (titles, objectives, outline points); its lessons open as outlines until a model is connected',
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'LearningPathSummary' });
export type LearningPathSummary = z.infer<typeof LearningPathSummary>;

export const LearningPath = LearningPathSummary.extend({
  goal: z.string().nullable(),
  objectives: z.array(z.string()),
  lessons: z.array(LessonPlan),
}).meta({ id: 'LearningPath' });
export type LearningPath = z.infer<typeof LearningPath>;

// Full lesson content, generated once on first open and kept.
export const LessonContentBody = z.object({
  explanation: z.string().min(1).max(20_000).describe('Markdown'),
  keyPoints: z.array(z.string().min(1).max(500)).min(1).max(12),
  workedExample: z.object({ problem: z.string().min(1).max(4000), solution: z.string().min(1).max(8000) }),
  exercises: z
    .array(
      z.object({
        prompt: z.string().min(1).max(2000),
        hint: z.string().max(1000).optional(),
        solution: z.string().min(1).max(4000),
      }),
    )
    .min(1)
    .max(8),
  summary: z.string().min(1).max(2000),
});
export type LessonContentBody = z.infer<typeof LessonContentBody>;

export const LessonParams = z.object({ id: Uuid, lessonId: z.string().min(1).max(100) });

/** A passage of the learner's own uploaded material that matches a lesson, quoted with its source. */
export const LessonPassage = z
  .object({
    text: z.string().describe('Quoted from the document (fragments joined by “ … ”)'),
    source: z.object({
      uploadId: Uuid,
      title: z.string().describe('The file name'),
      page: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'LessonPassage' });
export type LessonPassage = z.infer<typeof LessonPassage>;

/**
 * What opening a lesson shows (own paths and enrolled tutor paths): the full lesson a model wrote,
 * or, without a model, the lesson's outline with the learner's own matching passages.
 */
export const LessonBody = {
  offline: z
    .boolean()
    .describe(
      'No AI model wrote this lesson: `content` is null and the lesson is its outline (`lesson.objectives`, `lesson.outline`, `lesson.exercises`) with `passages`; a connected model writes the full lesson on the next open',
    ),
  content: LessonContentBody.nullable().describe('The full lesson; null for an offline outline'),
  passages: z
    .array(LessonPassage)
    .describe(
      'Offline outlines only: passages of the learner’s own uploaded documents that match the lesson; empty otherwise',
    ),
};

export const LessonDetail = z
  .object({
    pathId: Uuid,
    lesson: LessonPlan,
    position: z.number().int().min(1),
    completed: z.boolean(),
    ...LessonBody,
    generatedAt: Timestamp,
  })
  .meta({ id: 'LessonDetail' });
export type LessonDetail = z.infer<typeof LessonDetail>;

export const CompleteLessonResponse = z
  .object({
    progress: PathProgress,
    newlyCompleted: z.boolean(),
    pathFinished: z.boolean(),
    xpAwarded: z.number().int(),
    xp: z.number().int(),
    milestones: XpMilestones,
  })
  .meta({ id: 'CompleteLessonResponse' });
export type CompleteLessonResponse = z.infer<typeof CompleteLessonResponse>;
