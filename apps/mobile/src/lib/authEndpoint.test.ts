import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAuthEndpoint } from './authEndpoint';
import { ANON_KEY, getApiBaseUrl } from './config';

// Where supabase-js signs in. The API's answer comes through a stubbed fetch (the browser journey
// e2e/supabase-auth.test.ts covers the real one); the cache is the web build's AsyncStorage.
const project = { url: 'https://abcd.supabase.co', anonKey: 'sb_publishable_abcdefghijklmnopqrstuv' };

function serverSays(auth: unknown) {
  const fetch = vi.fn(async (input: Request | string) => {
    const url = typeof input === 'string' ? input : input.url;
    expect(url).toBe(`${getApiBaseUrl()}/api/v1/info`);
    return new Response(JSON.stringify({ name: 'ChitChat', authMode: 'supabase', auth }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
const offline = () =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }),
  );

describe('resolveAuthEndpoint', () => {
  beforeEach(async () => {
    await AsyncStorage.clear();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('signs in at the Supabase project the API advertises, and remembers it', async () => {
    serverSays({ provider: 'supabase', url: `${project.url}/`, anonKey: project.anonKey });
    expect(await resolveAuthEndpoint()).toEqual(project);
    // Opened offline later: the remembered project, so the stored session is found.
    offline();
    expect(await resolveAuthEndpoint()).toEqual(project);
  });

  it("signs in at the API's own /auth/v1 in built-in mode", async () => {
    serverSays({ provider: 'chitchat' });
    expect(await resolveAuthEndpoint()).toEqual({ url: getApiBaseUrl(), anonKey: ANON_KEY });
  });

  it('falls back to the API itself when it is unreachable and nothing is remembered', async () => {
    offline();
    expect(await resolveAuthEndpoint()).toEqual({ url: getApiBaseUrl(), anonKey: ANON_KEY });
  });

  it('says what to set when the API uses Supabase without naming the project', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    serverSays({ provider: 'supabase' });
    await resolveAuthEndpoint();
    expect(warn.mock.calls[0]?.[0]).toMatch(/SUPABASE_URL and SUPABASE_ANON_KEY/);
  });

  it('uses the project named at build time without asking the API', async () => {
    vi.stubEnv('EXPO_PUBLIC_SUPABASE_URL', 'https://built.supabase.co');
    vi.stubEnv('EXPO_PUBLIC_SUPABASE_ANON_KEY', 'sb_publishable_built_into_the_app');
    const fetch = serverSays({ provider: 'supabase', ...project });
    expect(await resolveAuthEndpoint()).toEqual({
      url: 'https://built.supabase.co',
      anonKey: 'sb_publishable_built_into_the_app',
    });
    expect(fetch).not.toHaveBeenCalled();
  });
});
