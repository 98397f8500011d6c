// The app on a Supabase deployment, in the browser: the API runs with AUTH_MODE=supabase on the
// Supabase-shaped database and advertises the project (SUPABASE_URL + SUPABASE_ANON_KEY in GET
// /api/v1/info); the web app's supabase-js then signs up, in and out at the project's Supabase
// Auth — here the fake Supabase Auth (apps/api/test/fakes/supabase-auth.ts), which writes users
// into that database's auth.users as Supabase Auth does. Sign up through the UI, chat (offline
// answers), reload (still signed in), sign out (the session ends at Supabase Auth).
// Needs the Supabase-shaped database (TEST_DATABASE_URL + TEST_AUTH_MODE=supabase-*): .ci/run's
// supabase pass runs it; elsewhere its title says why it is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, usingSupabase, type TestDatabase } from '../apps/api/test/harness.ts';
import { startFakeSupabaseAuth, type FakeSupabaseAuth } from '../apps/api/test/fakes/supabase-auth.ts';
import {
  chromiumPath,
  explainMissingChromium,
  screenshot,
  signUpThroughUi,
  startE2E,
  type E2E,
} from './support/web.ts';

explainMissingChromium('supabase-auth.test.ts');
const why = !chromiumPath
  ? ' (skipped: Chromium is not installed)'
  : !usingSupabase
    ? ' (skipped: needs the Supabase-shaped database, TEST_DATABASE_URL + TEST_AUTH_MODE=supabase-hs256, as in .ci/run)'
    : '';

describe.skipIf(!!why)(`signing in at Supabase Auth from the browser${why}`, () => {
  let database: TestDatabase;
  let fake: FakeSupabaseAuth;
  let e2e: E2E;
  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeSupabaseAuth({ pool: database.db.pool });
    e2e = await startE2E(
      {
        AUTH_MODE: 'supabase',
        SUPABASE_JWT_SECRET: fake.jwtSecret,
        SUPABASE_JWT_ISSUER: fake.issuer,
        SUPABASE_URL: fake.url,
        SUPABASE_ANON_KEY: fake.anonKey,
      },
      { db: database.db },
    );
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
    await fake?.close();
    await database?.drop();
  });

  it('signs up through the app, chats offline, stays signed in across a reload, and signs out at Supabase Auth', async () => {
    const { page, errors } = await e2e.newPage();
    const authCalls: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/auth/v1/')) authCalls.push(`${r.method()} ${url.origin}${url.pathname}`);
    });

    const email = await signUpThroughUi(page, { email: `supa-${Date.now()}@example.com` });
    // The account is Supabase Auth's (auth.users), and ChitChat's row came from its trigger.
    const user = await fake.findUser(email);
    expect(user).toBeDefined();
    const { rows } = await database.db.pool.query(`select email from public.users where id = $1`, [user!.id]);
    expect(rows).toEqual([{ email }]);
    await page.getByLabel('Display name').fill('Marie');
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('heading', { name: /Marie/ }).waitFor();

    // Chat: the API takes the token Supabase Auth issued (offline answers).
    await page.goto('/session?id=new');
    await page.getByRole('textbox', { name: 'Message' }).fill('What does chlorophyll do?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByTestId('bubble-assistant').first().waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    await screenshot(page, 'supabase-auth-chat');

    // Reload: the stored Supabase session is still there; the conversation too.
    await page.reload();
    await page.getByTestId('messages').getByText('What does chlorophyll do?').waitFor();
    expect(await page.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    expect(await fake.liveSessions(user!.id)).toBe(1);

    // Sign out: supabase-js ends the session at Supabase Auth (the conversation is full-screen on
    // a phone: back to the tabs first).
    await page.goto('/');
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByRole('dialog', { name: 'Sign out?' })
      .getByRole('button', { name: 'Sign out', exact: true })
      .click();
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    await expect.poll(() => fake.liveSessions(user!.id)).toBe(0);

    // Every auth call went to the project's Supabase Auth, none to the API's own origin.
    expect(authCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of authCalls) expect(call).toContain(`${fake.url}/auth/v1/`);
    expect(authCalls).toContain(`POST ${fake.url}/auth/v1/signup`);
    expect(authCalls).toContain(`POST ${fake.url}/auth/v1/logout`);
    for (const r of fake.requests) expect(r.key).toBe('anon');
    expect(errors).toEqual([]);
  });
});
