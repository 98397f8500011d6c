// Being a tutor: the tutor profile (creating it sets users.is_tutor), editing it, and the public
// tutor page (profile and published paths) any signed-in user sees.
import type { PublicTutorPage, TutorProfile } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { conflict, HttpError, notFound } from '../../http/errors.ts';
import { learnerCounts, profileQuery, toTutorProfile, type ProfileRow } from './rows.ts';
import { createCatalogService } from './catalog.ts';

const notATutor = () =>
  new HttpError(403, 'not_a_tutor', 'Create your tutor profile first: POST /api/v1/tutor/profile.');

/** Authoring needs a tutor profile: 403 not_a_tutor without one. */
export async function requireTutor(tx: Tx, userId: string) {
  const t = await tx
    .selectFrom('tutor_profiles')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!t) throw notATutor();
}

type Link = { label: string; url: string };

export function createTutorProfileService(ctx: AppContext) {
  const { db } = ctx;
  const catalog = createCatalogService(ctx);

  async function ownProfile(tx: Tx, userId: string): Promise<ProfileRow | undefined> {
    return (await profileQuery(tx).where('t.user_id', '=', userId).executeTakeFirst()) as
      ProfileRow | undefined;
  }

  return {
    async createProfile(
      userId: string,
      input: { headline: string; bio?: string; subjects: string[]; links: Link[] },
    ): Promise<TutorProfile> {
      return db.asUser(userId, async (tx) => {
        const existing = await tx
          .selectFrom('tutor_profiles')
          .select('user_id')
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (existing)
          throw conflict(
            'You already have a tutor profile: edit it with PATCH /api/v1/tutor/profile.',
            'already_tutor',
          );
        // The insert trigger sets users.is_tutor (a column learners cannot write themselves).
        await tx
          .insertInto('tutor_profiles')
          .values({
            user_id: userId,
            headline: input.headline,
            bio: input.bio ?? null,
            subjects: dedupe(input.subjects),
            links: JSON.stringify(input.links),
          })
          .execute();
        const created = await ownProfile(tx, userId);
        if (!created) throw notFound('Tutor profile');
        return toTutorProfile(created);
      });
    },

    async getProfile(userId: string): Promise<TutorProfile> {
      const row = await db.asUser(userId, (tx) => ownProfile(tx, userId));
      if (!row) throw notFound('Tutor profile');
      return toTutorProfile(row);
    },

    async updateProfile(
      userId: string,
      patch: { headline?: string; bio?: string | null; subjects?: string[]; links?: Link[] },
    ): Promise<TutorProfile> {
      return db.asUser(userId, async (tx) => {
        const set = {
          ...(patch.headline !== undefined ? { headline: patch.headline } : {}),
          ...(patch.bio !== undefined ? { bio: patch.bio || null } : {}),
          ...(patch.subjects !== undefined ? { subjects: dedupe(patch.subjects) } : {}),
          ...(patch.links !== undefined ? { links: JSON.stringify(patch.links) } : {}),
        };
        const r = Object.keys(set).length
          ? await tx.updateTable('tutor_profiles').set(set).where('user_id', '=', userId).executeTakeFirst()
          : null;
        if (r && !Number(r.numUpdatedRows)) throw notFound('Tutor profile');
        const row = await ownProfile(tx, userId);
        if (!row) throw notFound('Tutor profile');
        return toTutorProfile(row);
      });
    },

    /** The public tutor page: profile and published paths (any signed-in user). */
    async publicPage(viewerId: string, tutorId: string): Promise<PublicTutorPage> {
      return db.asUser(viewerId, async (tx) => {
        const profile = await ownProfile(tx, tutorId);
        if (!profile) throw notFound('Tutor');
        const paths = await catalog.search(tx, viewerId, { tutorId, limit: 20 });
        const published = await tx
          .selectFrom('tutor_learning_paths')
          .select('id')
          .where('tutor_id', '=', tutorId)
          .where('status', '=', 'published')
          .execute();
        const counts = await learnerCounts(
          tx,
          published.map((r) => r.id),
        );
        return {
          tutor: toTutorProfile(profile),
          paths: paths.items,
          stats: {
            publishedPaths: published.length,
            learners: [...counts.values()].reduce((a, b) => a + b, 0),
          },
        };
      });
    },
  };
}

/** Subjects without case-insensitive repeats; the first spelling wins. */
const dedupe = (xs: string[]) =>
  xs.filter((x, i) => xs.findIndex((y) => y.toLowerCase() === x.toLowerCase()) === i);
