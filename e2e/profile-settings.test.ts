// Profile, settings and account, as a learner does them, at phone (390×844) and desktop (1280×800)
// widths: leaving onboarding without a loop (also when saving fails, and on a second device);
// editing interests, goals and level; the leaderboard following a rename; a celebration for the
// daily goal, a new level and a finished path (and with reduced motion); exporting one's data as a
// download; deleting the account (the dialog says what goes; signing in again is refused; a second
// device is signed out, saying why); XP history after the celebration; the Sign out button's contrast.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { signUp } from '../apps/api/test/harness.ts';
import { seriousViolations } from './support/axe.ts';
import {
  describeInBrowser,
  DESKTOP,
  PASSWORD,
  PHONE,
  screenshot,
  signInThroughUi,
  signUpThroughUi,
  type E2E,
} from './support/web.ts';

const home = (page: Page) => page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
const kind = (v: { width: number }) => (v.width >= 1000 ? 'desktop' : 'phone');

/** A learner made through the API (onboarded), signed in through the UI, on Home. */
async function seededLearner(e2e: E2E, page: Page, name: string, preferences: Record<string, unknown> = {}) {
  const u = await signUp(e2e.server, name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  expect(
    (
      await u.api.patch('/api/v1/profile', {
        displayName: name,
        preferences: { onboarded: true, ...preferences },
      })
    ).status,
  ).toBe(200);
  await page.goto('/');
  await page.getByLabel('Email').waitFor({ timeout: 45_000 });
  await signInThroughUi(page, u.email, u.password);
  await home(page);
  return u;
}

async function openSettings(page: Page) {
  await page.getByRole('tab', { name: 'Profile' }).click();
  await page.getByRole('button', { name: 'Settings and about' }).click();
  await page.getByRole('heading', { name: 'Your data' }).waitFor();
}

function contrast(fg: string, bg: string) {
  const lum = (css: string) => {
    const [r, g, b] = css
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

describeInBrowser('profile-settings.test.ts', 'profile, settings and account', (e2e) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const w = kind(viewport);

    it(`${w}: skipping onboarding lands on Home, after a reload and on a second device too`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const email = await signUpThroughUi(page);
      await screenshot(page, 'ps-onboarding');
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await home(page);
      await page.reload();
      await home(page);
      expect(await page.getByText('What are you curious about?').count()).toBe(0);
      await screenshot(page, 'ps-skipped-home');

      const second = await e2e.newPage(viewport);
      await second.page.goto('/');
      // A new browser profile loads the app cold: give it room on a busy machine.
      await second.page.getByLabel('Email').waitFor({ timeout: 45_000 });
      await signInThroughUi(second.page, email);
      await home(second.page);
      await second.page.waitForTimeout(500);
      expect(second.page.url()).not.toContain('onboarding');
      expect([...errors, ...second.errors]).toEqual([]);
    });

    it(`${w}: “Continue without saving” after a failed save does not loop, and the skip reaches the server later`, async () => {
      const { page } = await e2e.newPage(viewport);
      const email = await signUpThroughUi(page);
      // The profile cannot be saved for now.
      await page.route('**/api/v1/profile', (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'unavailable', message: 'db pool exhausted (42P01)' } }),
            })
          : route.continue(),
      );
      await page.getByRole('button', { name: 'Skip for now' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Your answers were not saved' });
      await alert.waitFor();
      const said = await alert.textContent();
      expect(said).toContain('problem on our side');
      expect(said).not.toMatch(/503|42P01|pool/);
      await alert.scrollIntoViewIfNeeded();
      await screenshot(page, 'ps-onboarding-save-failed');
      await page.getByRole('button', { name: 'Continue without saving' }).click();
      await home(page);
      await page.reload();
      await home(page);
      await page.waitForTimeout(500);
      expect(page.url()).not.toContain('onboarding');

      // Saving works again: Home saves the skip, so another device is not asked either.
      await page.unroute('**/api/v1/profile');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/profile') && r.request().method() === 'PATCH' && r.ok(),
      );
      await page.reload();
      await saved;
      const second = await e2e.newPage(viewport);
      await second.page.goto('/');
      // A new browser profile loads the app cold: give it room on a busy machine.
      await second.page.getByLabel('Email').waitFor({ timeout: 45_000 });
      await signInThroughUi(second.page, email);
      await home(second.page);
      await second.page.waitForTimeout(500);
      expect(second.page.url()).not.toContain('onboarding');
    });

    it(`${w}: edits interests, learning goals and level; a rename shows on the leaderboard at once`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const u = await seededLearner(e2e, page, `Ada ${w}`, { interests: ['Science'] });
      // Some XP, so the learner is on the all-time board.
      const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Orbital mechanics' })).body;
      await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[0].id}`);
      expect(
        (await u.api.post(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[0].id}/complete`)).status,
      ).toBe(200);

      await page.getByRole('tab', { name: 'Profile' }).click();
      await page.getByTestId('profile-interests').getByText('Science').waitFor();
      await page.getByRole('button', { name: 'Edit interests and goals' }).click();
      const dialog = page.getByRole('dialog', { name: 'Interests and goals' });
      expect(await dialog.getByRole('checkbox', { name: 'Science' }).getAttribute('aria-checked')).toBe(
        'true',
      );
      await dialog.getByRole('checkbox', { name: 'Science' }).click();
      await dialog.getByRole('checkbox', { name: 'History' }).click();
      await dialog.getByRole('checkbox', { name: 'Music' }).click();
      await dialog
        .getByLabel('Learning goals (one per line)')
        .fill('Pass my physics exam\nRead Kepler in Latin');
      await screenshot(page, 'ps-interests-dialog');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('profile-interests').getByText('History, Music').waitFor();
      await page.getByText('• Read Kepler in Latin').waitFor();

      await page.getByRole('radio', { name: 'Level: Intermediate' }).click();
      await page.getByText('Saved.').waitFor();
      await screenshot(page, 'ps-profile-edited');

      await page.getByRole('radio', { name: 'Leaderboard period: All time' }).click();
      await page.getByLabel(new RegExp(`^Rank \\d+: Ada ${w} \\(you\\)`)).waitFor();
      await page.getByRole('button', { name: 'Edit profile' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit profile' });
      await edit.getByLabel('Display name').fill(`Ada Lovelace ${w}`);
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.waitFor({ state: 'detached' });
      // No reload: the board is fetched again after the rename.
      const renamed = page.getByLabel(new RegExp(`^Rank \\d+: Ada Lovelace ${w} \\(you\\)`));
      await renamed.waitFor();
      await renamed.scrollIntoViewIfNeeded();
      expect(await page.getByLabel(new RegExp(`^Rank \\d+: Ada ${w} \\(you\\)`)).count()).toBe(0);
      await screenshot(page, 'ps-leaderboard-renamed');

      await page.reload();
      await page.getByText('• Pass my physics exam').waitFor();
      expect(
        await page.getByRole('radio', { name: 'Level: Intermediate' }).getAttribute('aria-checked'),
      ).toBe('true');
      const stored = (await u.api.get('/api/v1/profile')).body.preferences;
      expect(stored).toMatchObject({
        interests: ['History', 'Music'],
        learningGoals: ['Pass my physics exam', 'Read Kepler in Latin'],
        preferredDifficulty: 'intermediate',
      });
      expect(errors).toEqual([]);
    });

    it(`${w}: finishing a path that also meets the daily goal and a new level is celebrated${w === 'desktop' ? ', without motion when asked' : ''}`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      if (w === 'desktop') await page.emulateMedia({ reducedMotion: 'reduce' });
      const u = await seededLearner(e2e, page, `Finisher ${w}`, { dailyGoal: 500 });
      const path = (await u.api.post('/api/v1/learning-paths', { topic: 'Photosynthesis basics' })).body;
      const n = path.lessons.length;
      for (const l of path.lessons.slice(0, -1)) {
        await u.api.get(`/api/v1/learning-paths/${path.id}/lessons/${l.id}`);
        expect((await u.api.post(`/api/v1/learning-paths/${path.id}/lessons/${l.id}/complete`)).status).toBe(
          200,
        );
      }
      // The last lesson meets today's goal exactly.
      await u.api.patch('/api/v1/profile', { preferences: { dailyGoal: 10 * n } });
      const level = (xp: number) => Math.floor(Math.sqrt(xp / 25)) + 1;
      const after = 10 * n + 20 + 50;
      expect(level(after)).toBeGreaterThan(level(10 * (n - 1)));

      await page.goto(`/paths/${path.id}/lessons/${path.lessons[n - 1].id}`);
      await page.getByRole('button', { name: 'Mark lesson complete' }).click();
      const toast = page.getByRole('status').filter({ hasText: 'Path complete!' });
      await toast.waitFor();
      const text = await toast.textContent();
      expect(text).toContain('You finished every lesson in this path.');
      expect(text).toContain(`You reached level ${level(after)}.`);
      expect(text).toContain('Daily goal met: +20 XP bonus.');
      expect(
        await page.getByTestId(w === 'desktop' ? 'celebration-still' : 'celebration-sparkle').count(),
      ).toBe(1);
      expect(
        await page.getByTestId(w === 'desktop' ? 'celebration-sparkle' : 'celebration-still').count(),
      ).toBe(0);
      await screenshot(page, 'ps-celebration');
      await toast.getByRole('button', { name: 'Close celebration' }).click();
      await page.getByTestId('celebration').waitFor({ state: 'detached' });

      // XP history: every award with what it was for, newest first, and the level it adds up to.
      await page.goto('/profile');
      await page.getByRole('button', { name: 'XP history' }).click();
      await page.getByText(`Level ${level(after)} · ${after} XP`, { exact: true }).waitFor();
      const awards = page.getByLabel(/, \d+ XP, /);
      await expect.poll(() => awards.count()).toBe(n + 2);
      const labels = await awards.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      // Each award names what it was for: the lesson and its path, the path; the daily goal names nothing.
      for (const l of path.lessons as { title: string }[])
        expect(
          labels.filter((x) => x.startsWith(`Lesson completed: “${l.title}” in ${path.title}, 10 XP`)),
        ).toHaveLength(1);
      expect(
        labels.filter((l) => l.startsWith(`Learning path finished: “${path.title}”, 50 XP`)),
      ).toHaveLength(1);
      expect(labels.filter((l) => l.startsWith('Daily goal met, 20 XP'))).toHaveLength(1);
      await page.getByText(`“${path.lessons[0].title}” in ${path.title}`, { exact: true }).waitFor();
      expect(await page.getByText(`All ${n + 2} of your awards`).isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      const h1 = await page.evaluate(() =>
        [...document.querySelectorAll('h1')]
          .filter((el) => el.checkVisibility() && !el.closest('[aria-hidden="true"]'))
          .map((el) => el.textContent),
      );
      expect(h1).toEqual(['XP history']);
      expect(await page.title()).toBe('XP history · ChitChat');
      await screenshot(page, 'ps-xp-history');
      expect(errors).toEqual([]);
    });

    it(`${w}: exports my data as a JSON download, and says so in words when it fails`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const u = await seededLearner(e2e, page, `Exporter ${w}`);
      await u.api.post('/api/v1/library', {
        kind: 'resource',
        url: 'https://example.org/kepler',
        title: `Kepler notes ${w}`,
      });
      await openSettings(page);
      await screenshot(page, 'ps-settings');

      // A slow server: the learner sees the file being prepared.
      await page.route('**/api/v1/profile/export', async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export my data' }).click();
      await page.getByTestId('your-data').getByText('Preparing your file…').first().waitFor();
      await screenshot(page, 'ps-exporting');
      const file = await download;
      await page.unroute('**/api/v1/profile/export');
      expect(file.suggestedFilename()).toMatch(/^chitchat-export-\d{4}-\d{2}-\d{2}\.json$/);
      const data = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
      expect(data.profile).toMatchObject({ id: u.id, email: u.email, displayName: `Exporter ${w}` });
      expect(data.libraryItems.map((i: { title: string }) => i.title)).toEqual([`Kepler notes ${w}`]);
      await page.getByText(/^Downloaded chitchat-export-.*\.json\.$/).waitFor();
      await screenshot(page, 'ps-exported');

      await page.route('**/api/v1/profile/export', (route) =>
        route.fulfill({ status: 500, body: 'Internal Server Error' }),
      );
      await page.getByRole('button', { name: 'Export my data' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Your data could not be exported' });
      await alert.waitFor();
      expect(await alert.textContent()).not.toMatch(/500|Internal/);
      await screenshot(page, 'ps-export-failed');
      expect(errors).toEqual([]);
    });

    it(`${w}: deletes the account after saying what goes; signed out, and signing in again is refused`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const u = await seededLearner(e2e, page, `Leaver ${w}`);
      await openSettings(page);
      await page.getByRole('button', { name: 'Delete my account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      for (const what of [
        'Every chat conversation and message',
        'Your library and every file you uploaded',
        'Your XP, level, streak and place on the leaderboard',
      ])
        await dialog.getByText(what, { exact: false }).waitFor();
      await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
      await screenshot(page, 'ps-delete-dialog');

      // Cancel keeps everything.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await u.api.get('/api/v1/profile')).status).toBe(200);

      // A failure is said in words, and the account stays.
      await page.route('**/api/v1/profile', (route) =>
        route.request().method() === 'DELETE'
          ? route.fulfill({ status: 502, body: 'Bad Gateway' })
          : route.continue(),
      );
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await dialog.getByRole('button', { name: 'Delete everything' }).click();
      const failed = dialog.getByRole('alert').filter({ hasText: 'Your account was not deleted' });
      await failed.waitFor();
      expect(await failed.textContent()).not.toMatch(/502|Gateway/);
      await page.unroute('**/api/v1/profile');

      // While it works, the dialog says so.
      await page.route('**/api/v1/profile', async (route) => {
        if (route.request().method() === 'DELETE') await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await dialog.getByRole('button', { name: 'Delete everything' }).click();
      await dialog.getByText('Deleting your account…').waitFor();
      await screenshot(page, 'ps-deleting');
      await page.getByRole('button', { name: 'Create account' }).waitFor();
      await page.getByText('Your account and everything in it have been deleted.').waitFor();
      await screenshot(page, 'ps-deleted-login');
      expect((await u.api.get('/api/v1/profile')).status).toBe(401);

      await signInThroughUi(page, u.email, PASSWORD);
      await page.getByText('That email and password don’t match. Try again or create an account.').waitFor();
      await screenshot(page, 'ps-deleted-signin-refused');
      await page.reload();
      await page.getByRole('button', { name: 'Create account' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Profile' }).count()).toBe(0);
      expect(errors).toEqual([]);
    });
  }

  it('a second device, when the account is deleted on the first, lands on the login screen saying why', async () => {
    const { page: phone } = await e2e.newPage(PHONE);
    const u = await seededLearner(e2e, phone, 'Two devices');
    const { page: desktop, errors } = await e2e.newPage(DESKTOP);
    await desktop.goto('/');
    await desktop.getByLabel('Email').waitFor({ timeout: 45_000 });
    await signInThroughUi(desktop, u.email, u.password);
    await home(desktop);

    // Deleted on the phone: the desktop's stored session is dead on the server.
    expect((await u.api.delete('/api/v1/profile')).status).toBe(204);
    await desktop.reload();
    await desktop.getByRole('button', { name: 'Create account' }).waitFor();
    await desktop.getByText('your session ended on another device', { exact: false }).waitFor();
    await screenshot(desktop, 'ps-second-device-signed-out');
    await desktop.reload();
    await desktop.getByRole('button', { name: 'Create account' }).waitFor();
    expect(await desktop.getByRole('tab', { name: 'Profile' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the Sign out button’s text has at least 4.5:1 contrast', async () => {
    const { page } = await e2e.newPage(PHONE);
    await seededLearner(e2e, page, 'Contrast');
    await page.getByRole('tab', { name: 'Profile' }).click();
    const button = page.getByRole('button', { name: 'Sign out' });
    await button.scrollIntoViewIfNeeded();
    const { fg, bg } = await button.evaluate((el) => {
      const label = [...el.querySelectorAll('*')].find(
        (n) => n.textContent === 'Sign out' && n.children.length === 0,
      ) as HTMLElement;
      return { fg: getComputedStyle(label).color, bg: getComputedStyle(el).backgroundColor };
    });
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'ps-sign-out-contrast');
  });
});
