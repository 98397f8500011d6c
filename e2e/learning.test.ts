// Browser journeys through learning: generate a path, read and complete a lesson (XP and streak
// move on Home), turn the lesson into review cards and answer the due queue.
import { expect, it } from 'vitest';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

describeInBrowser('learning.test.ts', 'learning in the browser', (e2e) => {
  it('generates a path, completes a lesson for XP and a streak, then reviews it', async () => {
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

    // Turn the lesson into flashcards and answer the due queue.
    await page.getByRole('button', { name: /Continue lesson: / }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'All lessons' }).click();
    await page.getByRole('button', { name: /Lesson 1: / }).click();
    await page.getByRole('button', { name: 'Review this lesson' }).click();
    await page.getByTestId('flashcard').waitFor({ timeout: 30_000 });
    const total = Number((await page.getByText(/^Card 1 of \d+$/).textContent())!.match(/of (\d+)/)![1]);
    expect(total).toBeGreaterThan(0);
    await screenshot(page, 'review');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'review');
    await page.setViewportSize(PHONE);
    for (let i = 0; i < total; i++) {
      const card = page.getByTestId('flashcard');
      if (i === 0) {
        const r = card.getByRole('radio');
        if (await r.count()) await r.first().click();
        else await card.getByLabel('Your answer').fill('chlorophyll');
        await card.getByRole('button', { name: 'Check answer' }).click();
        await card.getByRole('alert').waitFor();
        await screenshot(page, 'review-answered');
        await card.getByRole('button', { name: total === 1 ? 'Finish' : 'Next card' }).click();
        continue;
      }
      if (i === 0 && (await card.getByRole('button', { name: 'Show a hint' }).count())) {
        await card.getByRole('button', { name: 'Show a hint' }).click();
        await card.getByText(/Hint \(\d+ left\)|Check answer/).first().waitFor();
      }
      const radios = card.getByRole('radio');
      if (await radios.count()) await radios.first().click();
      else await card.getByLabel('Your answer').fill('chlorophyll');
      await card.getByRole('button', { name: 'Check answer' }).click();
      const verdict = card.getByRole('alert');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/Correct!|Not quite/);
      await card.getByRole('button', { name: i === total - 1 ? 'Finish' : 'Next card' }).click();
    }
    await page.getByRole('heading', { name: 'Review done' }).waitFor();
    expect(await page.getByText(/\d+ of \d+ correct/).textContent()).toContain(`of ${total} correct`);
    expect(errors).toEqual([]);
  });
});
