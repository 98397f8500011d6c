import { z } from 'zod';
import { cleanText, Uuid } from './common.ts';

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
