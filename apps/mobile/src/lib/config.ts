import { Platform } from 'react-native';

/**
 * Where the API lives. The web build is served by the API itself, so it
 * talks to its own origin; native builds use EXPO_PUBLIC_API_URL.
 */
export function getApiBaseUrl(): string {
  if (Platform.OS === 'web' && typeof window !== 'undefined' && window.location?.origin) {
    return window.location.origin;
  }
  return (process.env.EXPO_PUBLIC_API_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
}

/** The API accepts any anon key; supabase-js only requires one to be set. */
export const ANON_KEY = 'chitchat-anon';
