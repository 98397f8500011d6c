import type { Session, User } from '@supabase/supabase-js';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LearnerFacingError } from '@/lib/learnerError';
import { getSupabase } from '@/lib/supabase';

export interface SignUpResult {
  /** False when the server wants the address confirmed before signing in. */
  signedIn: boolean;
}

export interface AuthContextValue {
  user: User | null;
  session: Session | null;
  /** True until the stored session has been read. */
  loading: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signUp: (email: string, password: string, displayName?: string) => Promise<SignUpResult>;
  /** `local` (the default): end this device's session only; `global`: every device's. */
  signOut: (scope?: 'global' | 'local') => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Turn auth errors into sentences a person can act on (the auth server's own messages are written for people). */
function friendlyAuthError(error: { message?: string; status?: number; code?: string }): Error {
  const raw = error.message ?? '';
  if (error.code === 'invalid_credentials' || /invalid login credentials/i.test(raw)) {
    return new LearnerFacingError('That email and password don’t match. Try again or create an account.');
  }
  if (error.code === 'user_already_exists' || /already (registered|exists)/i.test(raw)) {
    return new LearnerFacingError('An account with this email already exists. Sign in instead.');
  }
  if (error.status === 0 || /fetch|network/i.test(raw)) {
    return new LearnerFacingError('Could not reach ChitChat. Check your connection and try again.');
  }
  return new LearnerFacingError(raw || 'Something went wrong. Please try again.');
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | undefined;
    getSupabase()
      .then(async (supabase) => {
        if (!active) return;
        const { data } = supabase.auth.onAuthStateChange((_event, next) => {
          setSession(next);
          setLoading(false);
        });
        unsubscribe = () => data.subscription.unsubscribe();
        const { data: stored } = await supabase.auth.getSession();
        if (active) setSession(stored.session);
      })
      .catch(() => {
        if (active) setSession(null);
      })
      .finally(() => {
        if (active) setLoading(false);
      });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const supabase = await getSupabase().catch(() => null);
    if (!supabase) throw friendlyAuthError({ status: 0 });
    const { error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
    if (error) throw friendlyAuthError(error);
  }, []);

  const signUp = useCallback(async (email: string, password: string, displayName?: string) => {
    const supabase = await getSupabase().catch(() => null);
    if (!supabase) throw friendlyAuthError({ status: 0 });
    const { data, error } = await supabase.auth.signUp({
      email: email.trim(),
      password,
      options: displayName ? { data: { display_name: displayName } } : undefined,
    });
    if (error) throw friendlyAuthError(error);
    return { signedIn: data.session != null };
  }, []);

  const signOut = useCallback(async (scope: 'global' | 'local' = 'local') => {
    const supabase = await getSupabase();
    // Revokes this device's session at the auth server (Supabase Auth, or this API's /auth/v1);
    // `global` ends every session of the account, on every device.
    const { error } = await supabase.auth.signOut({ scope });
    // Even if the server call fails the local session is gone; surface nothing.
    if (error) setSession(null);
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ user: session?.user ?? null, session, loading, signIn, signUp, signOut }),
    [session, loading, signIn, signUp, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
