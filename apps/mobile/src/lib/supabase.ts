import AsyncStorage from '@react-native-async-storage/async-storage';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { AppState, Platform } from 'react-native';
import { resolveAuthEndpoint } from './authEndpoint';

let pending: Promise<SupabaseClient> | undefined;

/**
 * The auth client, made once: supabase-js handles sign-in, token storage and refresh against
 * either this API's own Supabase-Auth-compatible /auth/v1 or, when the deployment uses Supabase,
 * the project's Supabase Auth directly (see authEndpoint.ts and docs/deploy.md).
 */
export function getSupabase(): Promise<SupabaseClient> {
  pending ??= resolveAuthEndpoint().then(({ url, anonKey }) => {
    const client = createClient(url, anonKey, {
      auth: {
        storage: AsyncStorage,
        autoRefreshToken: true,
        persistSession: true,
        detectSessionInUrl: false,
      },
    });
    // On native, only refresh tokens while the app is in the foreground
    // (the browser handles this itself via visibility events).
    if (Platform.OS !== 'web') {
      AppState.addEventListener('change', (state) => {
        if (state === 'active') {
          void client.auth.startAutoRefresh();
        } else {
          void client.auth.stopAutoRefresh();
        }
      });
    }
    return client;
  });
  return pending;
}
