// AUTH_MODE=supabase on a database that is not the project's own: the API cannot delete the
// Supabase Auth user in SQL, so deleting an account asks Supabase Auth's admin API to
// (DELETE /auth/v1/admin/users/{id} with the service_role key, what the dashboard and
// supabase-js's auth.admin.deleteUser() call). One request; the key never leaves the server.
import { HttpError } from '../../http/errors.ts';

export { SupabaseAdminError };

export interface SupabaseAdmin {
  /** Deletes the Supabase Auth user (its sessions and identities go with it). Already gone: fine. */
  deleteUser(userId: string): Promise<void>;
}

const TIMEOUT_MS = 10_000;

export function createSupabaseAdmin(opts: {
  url: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
}): SupabaseAdmin {
  const base = opts.url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    async deleteUser(userId) {
      let res: Response;
      try {
        res = await doFetch(`${base}/auth/v1/admin/users/${encodeURIComponent(userId)}`, {
          method: 'DELETE',
          headers: {
            apikey: opts.serviceRoleKey,
            authorization: `Bearer ${opts.serviceRoleKey}`,
            'content-type': 'application/json',
            // The error shape of Supabase Auth's current API version ({ code, message }).
            'x-supabase-api-version': '2024-01-01',
          },
          // A hard delete (Supabase's default): should_soft_delete would keep the auth user.
          body: JSON.stringify({ should_soft_delete: false }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw unavailable(0, err);
      }
      const body = (await res.json().catch(() => null)) as { code?: unknown; error_code?: unknown } | null;
      if (res.ok) return;
      // Only Supabase Auth's own "no such user" counts as done (a wrong SUPABASE_URL answers 404 too).
      if (res.status === 404 && (body?.error_code ?? body?.code) === 'user_not_found') return;
      throw unavailable(res.status);
    },
  };
}

/** The admin API refused or was unreachable: nothing is deleted (the learner can retry). */
class SupabaseAdminError extends HttpError {
  constructor(
    readonly upstreamStatus: number,
    cause?: unknown,
  ) {
    super(
      503,
      'auth_provider_unavailable',
      'The account could not be deleted at the sign-in service just now: nothing was deleted, try again in a minute.',
    );
    this.cause = cause;
  }
}
const unavailable = (status: number, cause?: unknown) => new SupabaseAdminError(status, cause);
