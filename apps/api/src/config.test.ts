import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs with no variables at all (embedded defaults)', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.aiProvider).toBe('local'); // no key and no server: the model on this machine
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
  });

  it('picks the AI provider from the keys that are set', () => {
    expect(loadConfig({ GEMINI_API_KEY: 'k' }).aiProvider).toBe('gemini');
    expect(loadConfig({ AI_BASE_URL: 'http://localhost:11434/v1' }).aiProvider).toBe('openai-compatible');
    expect(loadConfig({ GEMINI_API_KEY: 'k', AI_PROVIDER: 'offline' }).aiProvider).toBe('offline');
    expect(loadConfig({ GEMINI_API_KEY: 'k', AI_PROVIDER: 'local' }).aiProvider).toBe('local');
    expect(() => loadConfig({ AI_MODEL_SHA256: 'abc' })).toThrow(/AI_MODEL_SHA256: must be a SHA-256/);
  });

  it('names every bad variable, without echoing secrets', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).toMatch(/JWT_SECRET: must be at least 32 characters/);
      expect(msg).not.toContain('"short"');
    }
  });

  it('checks variables that go together', () => {
    expect(() => loadConfig({ AUTH_MODE: 'supabase' })).toThrow(
      /AUTH_MODE=supabase needs SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL/,
    );
    expect(() => loadConfig({ S3_ENDPOINT: 'http://localhost:9000' })).toThrow(
      /S3_ENDPOINT and S3_BUCKET go together/,
    );
    expect(() => loadConfig({ AI_PROVIDER: 'gemini' })).toThrow(/needs GEMINI_API_KEY/);
  });

  it('takes the Supabase project URL and anon key for the app, never a service-role key or the JWT secret there', () => {
    const jwt = (role: string) =>
      `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ iss: 'supabase', ref: 'abc', role })).toString('base64url')}.c2lnbmF0dXJl`;
    const supa = {
      AUTH_MODE: 'supabase',
      SUPABASE_JWT_SECRET: 'a-project-jwt-secret-of-32-characters-or-more',
    };
    const ok = loadConfig({
      ...supa,
      SUPABASE_URL: 'https://abc.supabase.co',
      SUPABASE_ANON_KEY: jwt('anon'),
    });
    expect(ok.SUPABASE_URL).toBe('https://abc.supabase.co');
    expect(
      loadConfig({
        ...supa,
        SUPABASE_URL: 'https://abc.supabase.co',
        SUPABASE_ANON_KEY: 'sb_publishable_abcdefghijklmnop',
      }).SUPABASE_ANON_KEY,
    ).toBe('sb_publishable_abcdefghijklmnop');
    expect(() => loadConfig({ ...supa, SUPABASE_URL: 'https://abc.supabase.co' })).toThrow(
      /SUPABASE_ANON_KEY: SUPABASE_URL and SUPABASE_ANON_KEY go together/,
    );
    for (const key of [jwt('service_role'), 'sb_secret_abcdefghijklmnopqrstu', supa.SUPABASE_JWT_SECRET]) {
      try {
        loadConfig({ ...supa, SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_ANON_KEY: key });
        expect.unreachable();
      } catch (err) {
        expect((err as Error).message).toMatch(/SUPABASE_ANON_KEY: must be the anon \(publishable\) key/);
        expect((err as Error).message).not.toContain(key); // never echoed
      }
    }
    expect(() => loadConfig({ ...supa, SUPABASE_SERVICE_ROLE_KEY: jwt('service_role') })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY needs SUPABASE_URL/,
    );
    expect(() =>
      loadConfig({
        ...supa,
        SUPABASE_URL: 'https://abc.supabase.co',
        SUPABASE_ANON_KEY: jwt('anon'),
        SUPABASE_SERVICE_ROLE_KEY: jwt('anon'),
      }),
    ).toThrow(/SUPABASE_SERVICE_ROLE_KEY: must be the service_role/);
    expect(() =>
      loadConfig({ SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_ANON_KEY: jwt('anon') }),
    ).toThrow(/SUPABASE_URL: only applies with AUTH_MODE=supabase/);
  });

  it('exposes /metrics only when asked: a token for the public port, an internal port on 127.0.0.1', () => {
    const none = loadConfig({});
    expect(none.METRICS_TOKEN).toBeUndefined();
    expect(none.METRICS_PORT).toBeUndefined();
    expect(none.METRICS_HOST).toBe('127.0.0.1');
    const both = loadConfig({
      METRICS_TOKEN: 'a-long-enough-token-123',
      METRICS_PORT: '9464',
      METRICS_HOST: '10.0.0.5',
    });
    expect(both).toMatchObject({
      METRICS_TOKEN: 'a-long-enough-token-123',
      METRICS_PORT: 9464,
      METRICS_HOST: '10.0.0.5',
    });
    expect(loadConfig({ METRICS_PORT: '0' }).METRICS_PORT).toBe(0); // any free port (tests)
    expect(loadConfig({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT: .*\(got "70000"\)/);
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(
      /METRICS_PORT: must differ from PORT/,
    );
    expect(() => loadConfig({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from PORT/);
    try {
      loadConfig({ METRICS_TOKEN: 'short-token' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/METRICS_TOKEN: .*at least 16 characters/);
      expect((err as Error).message).not.toContain('short-token'); // a token is never echoed
    }
  });

  it('treats empty strings as unset and parses lists', () => {
    const c = loadConfig({ DATABASE_URL: '', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });
});
