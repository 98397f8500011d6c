// Browser journeys through learning: generate a path, read a lesson (offline: its outline) and
// complete it (XP and streak move on Home).
import { expect, it } from 'vitest';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

describeInBrowser('learning.test.ts', 'learning in the browser', (e2e) => {
  it('generates a path, reads a lesson as its outline and completes it for XP and a streak', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByLabel('Daily goal: 0 of').waitFor();
    expect(await page.getByLabel('Day streak: 0').count()).toBe(1);

    await page.getByRole('button', { name: 'Create a learning path' }).click();
    await page.getByLabel('Topic').fill('Photosynthesis');
    await page.getByRole('radio', { name: 'Beginner' }).click();
    await page.getByRole('button', { name: 'Generate path' }).click();
    await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
    const title = await page.getByRole('heading').first().textContent();
    expect(title).toMatch(/photosynthesis/i);
    expect(await page.getByRole('progressbar', { name: 'Path progress' }).getAttribute('aria-valuenow')).toBe('0');

    await page.getByRole('button', { name: 'Start the first lesson' }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'lesson');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'lesson');
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Mark lesson complete' }).click();
    const done = page.getByRole('alert').filter({ hasText: 'Lesson complete' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/\+\d+ XP/);

    await page.getByRole('button', { name: 'All lessons' }).click();
    await page.getByRole('button', { name: /Lesson 1: .*, completed/ }).waitFor();
    expect(Number(await page.getByRole('progressbar', { name: 'Path progress' }).getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await screenshot(page, 'learning-path');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'learning-path');
    await page.setViewportSize(PHONE);

    await page.goto('/');
    await page.getByLabel('Day streak: 1').waitFor();
    const ring = await page.getByRole('progressbar', { name: /Daily goal/ }).getAttribute('aria-label');
    expect(ring).toMatch(/Daily goal: [1-9]\d* of \d+ XP/);
    await page.getByRole('button', { name: /Continue lesson: / }).waitFor();

    // Without a model the lesson is its outline: nothing to make review cards from (the server
    // refuses offline text as material), so the outline offers none; documents.test.ts makes cards
    // from real material.
    await page.getByRole('button', { name: /Continue lesson: / }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/once a model is connected, it writes the full lesson/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Review this lesson' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('starts a new path at the learner’s own level (chosen in onboarding, kept in the profile), not Beginner', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('radiogroup', { name: 'Your level' }).getByRole('radio', { name: 'Advanced' }).click();
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('button', { name: 'Create a learning path' }).click();
    const levels = page.getByRole('radiogroup', { name: 'Level' });
    await levels.getByRole('radio', { name: 'Advanced', checked: true }).waitFor();
    expect(await levels.getByRole('radio', { checked: true }).count()).toBe(1);
    const profile = await page.evaluate(async () => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!;
      const token = (JSON.parse(localStorage.getItem(key)!) as { access_token: string }).access_token;
      const r = await fetch('/api/v1/profile', { headers: { Authorization: `Bearer ${token}` } });
      return (await r.json()) as { preferences: { preferredDifficulty?: string } };
    });
    expect(profile.preferences.preferredDifficulty).toBe('advanced');
    await screenshot(page, 'learning-path-form-level');
    expect(errors).toEqual([]);
  });
});
