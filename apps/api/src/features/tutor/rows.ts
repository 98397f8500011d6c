// Row shapes and their mapping to the contract, shared by the tutor feature's services.
import { sql, type Selectable } from 'kysely';
import type { LessonPlan, TutorByline, TutorPath, TutorPathSummary, TutorProfile } from '@chitchat/contracts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { iso } from '../../platform/db/values.ts';

export const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export const PATH_COLUMNS = [
  'id',
  'tutor_id',
  'title',
  'description',
  'topic',
  'difficulty_level',
  'estimated_hours',
  'objectives',
  'lessons',
  'status',
  'version',
  'published_at',
  'lesson_counter',
  'require_socratic',
  'created_at',
  'updated_at',
] as const;

type PathsTable = Selectable<DB['tutor_learning_paths']>;
export type PathRow = Pick<PathsTable, (typeof PATH_COLUMNS)[number]>;

export const lessonsOf = (r: { lessons: unknown[] }) => r.lessons as LessonPlan[];
export const lessonIdsOf = (r: { lessons: unknown[] }) => lessonsOf(r).map((l) => l.id);

export const pathCore = (r: PathRow, learnerCount: number) => ({
  id: r.id,
  title: r.title,
  description: r.description,
  topic: r.topic,
  difficulty: r.difficulty_level,
  estimatedHours: r.estimated_hours,
  lessonCount: r.lessons.length,
  version: r.version,
  publishedAt: isoOrNull(r.published_at),
  learnerCount,
  requireSocratic: r.require_socratic,
});

export const toPathSummary = (r: PathRow, learnerCount: number): TutorPathSummary => ({
  ...pathCore(r, learnerCount),
  status: r.status,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The caller's own path: its tutor is the caller. */
export type OwnPathRow = PathRow & { tutor_id: string };

export const toTutorPath = (r: OwnPathRow, learnerCount: number): TutorPath => ({
  ...toPathSummary(r, learnerCount),
  tutorId: r.tutor_id,
  objectives: r.objectives as string[],
  lessons: lessonsOf(r),
});

export type ProfileRow = Pick<
  Selectable<DB['tutor_profiles']>,
  'user_id' | 'headline' | 'bio' | 'subjects' | 'links' | 'created_at' | 'updated_at'
> &
  Pick<Selectable<DB['public_profiles']>, 'display_name' | 'avatar_url'>;

export const toTutorProfile = (r: ProfileRow): TutorProfile => ({
  userId: r.user_id,
  displayName: r.display_name,
  avatarUrl: r.avatar_url,
  headline: r.headline,
  bio: r.bio,
  subjects: r.subjects,
  links: r.links as TutorProfile['links'],
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The tutor's name, avatar and headline as a path query joins them: left joins, null once they left. */
type BylineRow = Pick<PathRow, 'tutor_id'> & {
  tutor_name: string | null;
  tutor_avatar: string | null;
  tutor_headline: string | null;
};

/** The tutor as a catalog entry shows them; null once they left (their profile is gone). */
export const toByline = (r: BylineRow): TutorByline | null =>
  r.tutor_id && r.tutor_headline !== null
    ? { id: r.tutor_id, displayName: r.tutor_name, avatarUrl: r.tutor_avatar, headline: r.tutor_headline }
    : null;

/** A path with its tutor's byline, as the catalog and enrolments read it. */
export type TutoredPathRow = PathRow & Pick<PathsTable, 'tutor_left_at'> & BylineRow;

/**
 * Paths with their tutor's byline: the one query the catalog and learners' enrolments build on.
 * Left joins: a path whose tutor left has no tutor (its learners still read it).
 */
export const tutoredPathQuery = (tx: Tx) =>
  tx
    .selectFrom('tutor_learning_paths as p')
    .leftJoin('tutor_profiles as t', 't.user_id', 'p.tutor_id')
    .leftJoin('public_profiles as u', 'u.id', 'p.tutor_id')
    .select([
      ...PATH_COLUMNS.map((c) => `p.${c}` as const),
      'p.tutor_left_at',
      't.headline as tutor_headline',
      'u.display_name as tutor_name',
      'u.avatar_url as tutor_avatar',
    ]);

/** Tutor profiles with the public name and avatar (public_profiles: public columns only). */
export const profileQuery = (tx: Tx) =>
  tx
    .selectFrom('tutor_profiles as t')
    .innerJoin('public_profiles as u', 'u.id', 't.user_id')
    .select([
      't.user_id',
      't.headline',
      't.bio',
      't.subjects',
      't.links',
      't.created_at',
      't.updated_at',
      'u.display_name',
      'u.avatar_url',
    ]);

/** Current learners per path (published paths, and the caller's own or enrolled ones). */
export async function learnerCounts(tx: Tx, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<{ path_id: string; learners: number }>`
    select path_id, learners from tutor_path_learner_counts(${ids}::uuid[])`.execute(tx);
  return new Map(rows.map((r) => [r.path_id, Number(r.learners)]));
}
