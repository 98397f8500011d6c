// An account's row in auth.users and the user object GoTrue (Supabase Auth) returns for it.
import type { Selectable } from 'kysely';
import type { AuthUser } from '@chitchat/contracts';
import type { DB } from '../../platform/db/schema.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export const USER_COLUMNS = [
  'id',
  'email',
  'user_metadata',
  'created_at',
  'updated_at',
  'last_sign_in_at',
] as const;

export type UserRow = Pick<Selectable<DB['auth.users']>, (typeof USER_COLUMNS)[number]>;

export function toAuthUser(u: UserRow): AuthUser {
  const created = iso(u.created_at);
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: created,
    confirmed_at: created,
    phone: '',
    last_sign_in_at: isoOrNull(u.last_sign_in_at),
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: u.user_metadata ?? {},
    identities: [],
    created_at: created,
    updated_at: iso(u.updated_at),
    is_anonymous: false,
  };
}
