// A learner's path as stored and as the API returns it, and the rules a generated path is saved by
// (lesson ids, levels, length), shared with tutors' paths.
import type {
  Difficulty,
  GeneratedPath,
  LearningPath,
  LearningPathSummary,
  LessonPlan,
  PathProgress,
} from '@chitchat/contracts';
import type { Selectable } from 'kysely';
import type { DB, ProgressJson } from '../../platform/db/schema.ts';
import { iso } from '../../platform/db/values.ts';

const LEVELS: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

export const toProgress = (p: Partial<ProgressJson> | null | undefined): PathProgress => ({
  completedLessons: p?.completed_lessons ?? [],
  currentLesson: p?.current_lesson ?? null,
  completionPercentage: p?.completion_percentage ?? 0,
});

/**
 * Stable ids, and difficulty as the learner asked (a model may slip): the first lesson at the
 * path's level, and never falling along the path.
 */
export function finalizeLessons(generated: GeneratedPath['lessons'], start: Difficulty): LessonPlan[] {
  let level = start;
  return generated.map((l, i) => {
    if (i > 0 && LEVELS.indexOf(l.difficulty) > LEVELS.indexOf(level)) level = l.difficulty;
    return { ...l, id: `l${i + 1}`, difficulty: level };
  });
}

/** A path's length from its lessons' minutes (a model's own total may not add up). */
export const totalHours = (lessons: { estimatedMinutes: number }[]) =>
  Math.max(1, Math.round(lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0) / 60));

type PathsTable = Selectable<DB['learning_paths']>;
/** A path as lists read it (not its objectives and goal). */
type SummaryRow = Pick<PathsTable, Exclude<(typeof COLUMNS)[number], 'objectives' | 'goal'>>;
export type PathRow = Pick<PathsTable, (typeof COLUMNS)[number]>;

export const toSummary = (r: SummaryRow): LearningPathSummary => ({
  id: r.id,
  title: r.title,
  description: r.description,
  topic: r.topic,
  difficulty: r.difficulty_level,
  estimatedHours: r.estimated_hours,
  lessonCount: r.lessons.length,
  progress: toProgress(r.progress),
  offline: r.offline,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
export const toPath = (r: PathRow): LearningPath => ({
  ...toSummary(r),
  goal: r.goal,
  objectives: r.objectives,
  lessons: r.lessons as LessonPlan[],
});

export const COLUMNS = [
  'id',
  'title',
  'description',
  'topic',
  'difficulty_level',
  'estimated_hours',
  'lessons',
  'progress',
  'objectives',
  'goal',
  'offline',
  'created_at',
  'updated_at',
] as const;
