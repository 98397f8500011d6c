import AsyncStorage from '@react-native-async-storage/async-storage';
import createClient from 'openapi-fetch';
import type { paths } from './api-schema';
import { ANON_KEY, getApiBaseUrl } from './config';

/** Where supabase-js signs in: a Supabase-Auth-compatible server's URL and the key it expects. */
export interface AuthEndpoint {
  url: string;
  anonKey: string;
}

const CACHE_KEY = 'chitchat.auth-endpoint';
const INFO_TIMEOUT_MS = 5_000;

/**
 * A build for one Supabase project may name it (EXPO_PUBLIC_SUPABASE_URL and
 * EXPO_PUBLIC_SUPABASE_ANON_KEY, read at build time): then the app never asks the API.
 */
function fromBuild(): AuthEndpoint | null {
  const url = process.env.EXPO_PUBLIC_SUPABASE_URL?.trim();
  const anonKey = process.env.EXPO_PUBLIC_SUPABASE_ANON_KEY?.trim();
  return url && anonKey ? { url: url.replace(/\/+$/, ''), anonKey } : null;
}

/** This server's own /auth/v1 (built-in accounts): it accepts any anon key. */
const builtIn = (): AuthEndpoint => ({ url: getApiBaseUrl(), anonKey: ANON_KEY });

/** What the API says (GET /api/v1/info → auth); null when it says Supabase without naming the project. */
async function fromServer(): Promise<AuthEndpoint | null> {
  const info = createClient<paths>({ baseUrl: getApiBaseUrl() });
  const abort = new AbortController(); // (AbortSignal.timeout is missing on some native runtimes)
  const timer = setTimeout(() => abort.abort(), INFO_TIMEOUT_MS);
  const { data } = await info
    .GET('/api/v1/info', { signal: abort.signal })
    .finally(() => clearTimeout(timer));
  if (!data) throw new Error('GET /api/v1/info failed');
  const { auth } = data;
  if (auth.provider === 'chitchat') return builtIn();
  return auth.url && auth.anonKey ? { url: auth.url.replace(/\/+$/, ''), anonKey: auth.anonKey } : null;
}

/**
 * Where to sign in: the build's Supabase project if it names one, else what the API advertises
 * (remembered, so an app opened offline still finds its stored session), else the API itself.
 */
export async function resolveAuthEndpoint(): Promise<AuthEndpoint> {
  const built = fromBuild();
  if (built) return built;
  try {
    const served = await fromServer();
    if (served) {
      await AsyncStorage.setItem(CACHE_KEY, JSON.stringify(served)).catch(() => {});
      return served;
    }
    console.warn(
      'The API uses Supabase Auth but does not advertise the project: set SUPABASE_URL and SUPABASE_ANON_KEY on the API, or build the app with EXPO_PUBLIC_SUPABASE_URL and EXPO_PUBLIC_SUPABASE_ANON_KEY.',
    );
  } catch {
    // Offline or the API is down: the last answer, if any.
  }
  const cached = await AsyncStorage.getItem(CACHE_KEY).catch(() => null);
  if (cached) {
    try {
      const parsed = JSON.parse(cached) as Partial<AuthEndpoint>;
      if (typeof parsed.url === 'string' && typeof parsed.anonKey === 'string')
        return { url: parsed.url, anonKey: parsed.anonKey };
    } catch {
      /* ignore a damaged cache */
    }
  }
  return builtIn();
}
