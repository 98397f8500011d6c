// Browser journeys around accounts: sign up → onboarding → Home, wrong password, sign out and in,
// a silently refreshed expired session, deep links and reloads. Real server, real web build.
import { expect, it } from 'vitest';
import { describeInBrowser, PASSWORD, signInThroughUi, signUpThroughUi, uniqueEmail } from './support/web.ts';

describeInBrowser('auth.test.ts', 'accounts in the browser', (e2e) => {
  it('signs up, onboards and lands on Home; the answers are saved to the profile', async () => {
    const { page, errors } = await e2e.newPage();
    const email = await signUpThroughUi(page);
    await page.getByLabel('Display name').fill('Ada Learner');
    await page.getByRole('checkbox', { name: 'Science' }).click();
    await page.getByRole('checkbox', { name: 'Maths' }).click();
    await page.getByRole('radio', { name: 'Intermediate' }).click();
    await page.getByRole('radio', { name: '50 XP a day' }).click();
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByText('Good', { exact: false }).first().waitFor();
    await page.getByRole('heading', { name: /Ada Learner/ }).waitFor();
    await page.getByLabel(/Daily goal: 0 of 50 XP/).waitFor();

    const token = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'));
      return key ? (JSON.parse(localStorage.getItem(key)!) as { access_token: string }).access_token : null;
    });
    const res = await fetch(`${e2e.server.url}/api/v1/profile`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const profile = await res.json();
    expect(profile.email).toBe(email);
    expect(profile.displayName).toBe('Ada Learner');
    expect(profile.preferences).toMatchObject({
      onboarded: true,
      interests: ['Science', 'Maths'],
      preferredDifficulty: 'intermediate',
      dailyGoal: 50,
    });
    expect(errors).toEqual([]);
  });

  it('refuses a wrong password with a clear message, then signs in; sign out returns to login', async () => {
    const { page } = await e2e.newPage();
    const email = await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByRole('dialog', { name: 'Sign out?' })
      .getByRole('button', { name: 'Sign out', exact: true })
      .click();
    await page.getByRole('button', { name: 'Create account' }).waitFor();

    await signInThroughUi(page, email, 'not the password');
    expect(await page.getByRole('alert').textContent()).toContain('That email and password don’t match');
    await page.getByRole('button', { name: 'Create account' }).waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('What do you want to learn today?').waitFor();
  });

  it('Sign out ends this device only; “Sign out of all devices” ends the other devices too', async () => {
    const { page } = await e2e.newPage();
    const email = await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    const otherDevice = async () => {
      const res = await fetch(`${e2e.server.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      const token = ((await res.json()) as { access_token: string }).access_token;
      return async () =>
        (await fetch(`${e2e.server.url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } }))
          .status;
    };
    const phone = await otherDevice();

    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out?' });
    expect(await dialog.textContent()).toContain('signs you out on this device only');
    await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    expect(await phone()).toBe(200);

    await signInThroughUi(page, email);
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await dialog.getByRole('button', { name: 'Sign out of all devices' }).click();
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    expect(await phone()).toBe(401);
  });

  it('asks the onboarding questions on first sign-in of an account made elsewhere', async () => {
    const email = uniqueEmail('elsewhere');
    const res = await fetch(`${e2e.server.url}/auth/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { page } = await e2e.newPage();
    await page.goto('/');
    await signInThroughUi(page, email);
    await page.getByText('What are you curious about?').waitFor();
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByText('What do you want to learn today?').waitFor();
    await page.reload();
    await page.getByText('What do you want to learn today?').waitFor();
    expect(await page.getByText('What are you curious about?').count()).toBe(0);
  });

  it('refreshes an expired session silently on reload', async () => {
    const { page } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByText('What do you want to learn today?').waitFor();

    // Age the stored session: its access token is now past its expiry.
    const before = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!;
      const s = JSON.parse(localStorage.getItem(key)!);
      s.expires_at = Math.floor(Date.now() / 1000) - 60;
      localStorage.setItem(key, JSON.stringify(s));
      return s.refresh_token as string;
    });
    const refreshed = page.waitForResponse(
      (r) => r.url().includes('/auth/v1/token?grant_type=refresh_token') && r.status() === 200,
    );
    await page.reload();
    await refreshed;
    await page.getByText('What do you want to learn today?').waitFor();
    expect(await page.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    const after = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!;
      return JSON.parse(localStorage.getItem(key)!).refresh_token as string;
    });
    expect(after).not.toBe(before);
  });

  it('opens deep links after sign-in and after a reload; unknown paths show a not-found screen', async () => {
    const { page } = await e2e.newPage();
    await page.goto('/review');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    await signUpThroughUi(page, { email: uniqueEmail('deep') });
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.goto('/review');
    await page.getByText('Review', { exact: true }).first().waitFor();
    await page.reload();
    await page.getByText('Review', { exact: true }).first().waitFor();
    await page.goto('/no/such/page');
    await page
      .getByText(/not found|doesn’t exist|does not exist/i)
      .first()
      .waitFor();
  });
});
