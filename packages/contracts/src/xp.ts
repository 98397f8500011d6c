import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';

export const Level = z
  .object({
    level: z.number().int().min(1),
    xpIntoLevel: z.number().int(),
    xpForNextLevel: z.number().int().describe('XP between this level and the next'),
  })
  .meta({ id: 'Level' });

export const DailyGoal = z
  .object({
    date: z.string().describe('Learner’s local date'),
    goal: z.number().int(),
    earned: z.number().int(),
    met: z.boolean(),
  })
  .meta({ id: 'DailyGoal' });

export const Streak = z
  .object({
    current: z
      .number()
      .int()
      .describe('Consecutive active days ending today, or yesterday if today has no activity yet'),
    longest: z.number().int(),
    activeToday: z.boolean(),
    lastActiveDate: z.string().nullable(),
    timezone: z.string(),
  })
  .meta({ id: 'Streak' });

/** What an XP-earning response asks the app to celebrate. */
export const XpMilestones = z
  .object({
    dailyGoalMet: z
      .boolean()
      .describe('This request took the learner past today’s goal (its bonus was paid now)'),
    levelUp: z
      .number()
      .int()
      .nullable()
      .describe('The level this request reached, or null when the level did not change'),
  })
  .meta({ id: 'XpMilestones' });
export type XpMilestones = z.infer<typeof XpMilestones>;

export const XpSummary = z
  .object({ xp: z.number().int(), level: Level, dailyGoal: DailyGoal, streak: Streak })
  .meta({ id: 'XpSummary' });

/** What an award was for, named when the history is read (so a rename shows, a deletion says so). */
export const XpEventSubject = z
  .object({
    kind: z.enum(['lesson', 'path', 'card']),
    title: z
      .string()
      .nullable()
      .describe(
        'The lesson’s or path’s title, or the card’s question; null when it has since been deleted (or the enrolment left)',
      ),
    within: z
      .string()
      .nullable()
      .describe('For a lesson: its path’s title; for a card: the concept it tests, or where it came from'),
  })
  .meta({ id: 'XpEventSubject' });
export type XpEventSubject = z.infer<typeof XpEventSubject>;

export const XpEvent = z
  .object({
    id: Uuid,
    amount: z.number().int(),
    reason: z.string(),
    sourceKey: z.string(),
    subject: XpEventSubject.nullable().describe(
      'What the award was for; null when it is about no one thing (the daily goal)',
    ),
    createdAt: Timestamp,
  })
  .meta({ id: 'XpEvent' });

export const LeaderboardQuery = z.object({
  period: z.enum(['all', 'week']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const LeaderboardEntry = z
  .object({
    rank: z.number().int().min(1).describe('Competition ranking: equal XP share a rank'),
    userId: Uuid,
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    xp: z.number().int(),
    isMe: z.boolean(),
  })
  .meta({ id: 'LeaderboardEntry' });

export const Leaderboard = z
  .object({
    period: z.enum(['all', 'week']),
    since: Timestamp.nullable().describe('Start of this week (Monday 00:00 UTC) for period=week'),
    top: z.array(LeaderboardEntry),
    me: z.object({ rank: z.number().int().min(1), xp: z.number().int() }),
  })
  .meta({ id: 'Leaderboard' });
export type Leaderboard = z.infer<typeof Leaderboard>;

export const Dashboard = z
  .object({
    xp: z.number().int(),
    level: Level,
    streak: Streak,
    dailyGoal: DailyGoal,
    continueLesson: z
      .object({
        kind: z.enum(['learning_path', 'tutor_path']),
        pathId: Uuid,
        enrollmentId: Uuid.nullable().describe(
          'For a tutor path: the enrolment, for /enrollments/{id}/lessons/{lessonId}; null for the learner’s own path',
        ),
        pathTitle: z.string(),
        lessonId: z.string(),
        lessonTitle: z.string(),
        completionPercentage: z.number().int(),
      })
      .nullable(),
    reviewsDue: z
      .number()
      .int()
      .describe(
        'Cards due now, as GET /review/due lists them: learning steps whose time has come, other cards due by the end of the learner’s day',
      ),
    recentSessions: z.array(z.object({ id: Uuid, title: z.string().nullable(), updatedAt: Timestamp })),
    recentPaths: z.array(
      z.object({ id: Uuid, title: z.string(), completionPercentage: z.number().int(), updatedAt: Timestamp }),
    ),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof Dashboard>;
