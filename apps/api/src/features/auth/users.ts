// An account's row in auth.users and the user object GoTrue (Supabase Auth) returns for it.
import type { AuthUser } from '@chitchat/contracts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export interface UserRow {
  id: string;
  email: string;
  user_metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
}

export const USER_COLUMNS = [
  'id',
  'email',
  'user_metadata',
  'created_at',
  'updated_at',
  'last_sign_in_at',
] as const;

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
