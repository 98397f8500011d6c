import AsyncStorage from '@react-native-async-storage/async-storage';
import { createClient } from '@supabase/supabase-js';
import { AppState, Platform } from 'react-native';
import { ANON_KEY, getApiBaseUrl } from './config';

/**
 * Auth client. The API speaks the Supabase Auth protocol under /auth/v1,
 * so supabase-js handles sign-in, token storage and refresh for us.
 */
export const supabase = createClient(getApiBaseUrl(), ANON_KEY, {
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
      void supabase.auth.startAutoRefresh();
    } else {
      void supabase.auth.stopAutoRefresh();
    }
  });
}
