import type { Profile, PublicProfile } from '@chitchat/contracts';
import type { Database } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { iso } from '../../platform/db/values.ts';

export function createProfileService(db: Database) {
  const columns = [
    'id',
    'email',
    'display_name',
    'avatar_url',
    'bio',
    'xp',
    'is_tutor',
    'preferences',
    'created_at',
    'updated_at',
  ] as const;
  const toProfile = (u: any): Profile => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    avatarUrl: u.avatar_url,
    bio: u.bio,
    xp: u.xp,
    isTutor: u.is_tutor,
    preferences: u.preferences ?? {},
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
  });

  return {
    async get(userId: string): Promise<Profile> {
      // No user_id filter needed beyond the id: RLS only shows the caller's own row anyway.
      const u = await db.asUser(userId, (tx) =>
        tx.selectFrom('users').select(columns).where('id', '=', userId).executeTakeFirst(),
      );
      if (!u) throw notFound('Profile');
      return toProfile(u);
    },

    async update(
      userId: string,
      patch: { displayName?: string | null; bio?: string | null; preferences?: Record<string, unknown> },
    ): Promise<Profile> {
      return db.asUser(userId, async (tx) => {
        const current = await tx
          .selectFrom('users')
          .select('preferences')
          .where('id', '=', userId)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw notFound('Profile');
        const u = await tx
          .updateTable('users')
          .set({
            ...(patch.displayName !== undefined ? { display_name: patch.displayName || null } : {}),
            ...(patch.bio !== undefined ? { bio: patch.bio || null } : {}),
            // Preferences merge key by key, so a client may send only what changed.
            ...(patch.preferences
              ? { preferences: JSON.stringify({ ...current.preferences, ...patch.preferences }) }
              : {}),
          })
          .where('id', '=', userId)
          .returning(columns)
          .executeTakeFirstOrThrow();
        return toProfile(u);
      });
    },

    async setAvatarUrl(userId: string, avatarUrl: string | null) {
      await db.asUser(userId, (tx) =>
        tx.updateTable('users').set({ avatar_url: avatarUrl }).where('id', '=', userId).execute(),
      );
    },

    async getPublic(viewerId: string, userId: string): Promise<PublicProfile> {
      const u = await db.asUser(viewerId, (tx) =>
        tx.selectFrom('public_profiles').selectAll().where('id', '=', userId).executeTakeFirst(),
      );
      if (!u) throw notFound('User');
      return {
        id: u.id,
        displayName: u.display_name,
        avatarUrl: u.avatar_url,
        bio: u.bio,
        xp: u.xp,
        isTutor: u.is_tutor,
        createdAt: iso(u.created_at),
      };
    },
  };
}
export type ProfileService = ReturnType<typeof createProfileService>;
