// Supabase-Auth (GoTrue) compatible wire shapes, so @supabase/supabase-js works unmodified.
import { z } from 'zod';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ message: 'must be a valid email address' }));
export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

export const SignUpBody = z.object({
  email: Email,
  password: Password,
  data: z.record(z.string(), z.unknown()).optional(),
});
export const PasswordGrantBody = z.object({ email: Email, password: z.string().min(1).max(256) });
export const RefreshGrantBody = z.object({ refresh_token: z.string().min(1).max(200) });
export const TokenQuery = z.object({ grant_type: z.enum(['password', 'refresh_token']) });
export const UpdateUserBody = z.object({
  email: Email.optional(),
  password: Password.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const LogoutQuery = z.object({ scope: z.enum(['global', 'local', 'others']).default('local') });

export const AuthUser = z
  .object({
    id: z.string(),
    aud: z.string(),
    role: z.string(),
    email: z.string(),
    email_confirmed_at: z.string().nullable(),
    confirmed_at: z.string().nullable(),
    phone: z.string(),
    last_sign_in_at: z.string().nullable(),
    app_metadata: z.record(z.string(), z.unknown()),
    user_metadata: z.record(z.string(), z.unknown()),
    identities: z.array(z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
    is_anonymous: z.boolean(),
  })
  .meta({ id: 'AuthUser' });
export type AuthUser = z.infer<typeof AuthUser>;

export const AuthSession = z
  .object({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number(),
    expires_at: z.number(),
    refresh_token: z.string(),
    user: AuthUser,
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.infer<typeof AuthSession>;
