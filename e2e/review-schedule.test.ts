// The review schedule in Settings: the learner chooses a desired retention and sees what it costs
// ("At 95 % you will review about N cards a day", estimated by the API from their own cards), the
// choice is saved, and the card says whether the schedule is personalised from their reviews.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEmptyCard, default_w, State } from 'ts-fsrs';
import { signUp, type TestUser } from '../apps/api/test/harness.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signInThroughUi, type E2E } from './support/web.ts';

const DAY = 86_400_000;

/** `n` cards in review, due over the next weeks, as weeks of reviewing would have left them. */
async function seedCards(e2e: E2E, u: TestUser, n: number) {
  const now = Date.now();
  const rows = Array.from({ length: n }, (_, i) => {
    const stability = 2 + (i % 25);
    const last = new Date(now - (i % 5) * DAY);
    const due = new Date(last.getTime() + stability * DAY);
    const fsrs = {
      ...createEmptyCard(last),
      state: State.Review,
      stability,
      difficulty: 5,
      reps: 3,
      scheduled_days: stability,
      last_review: last.toISOString(),
      due: due.toISOString(),
    };
    return {
      user_id: u.id,
      source_type: 'session' as const,
      source_id: `seed-${i}`,
      question_type: 'short_answer' as const,
      question: `Seeded question ${i}?`,
      answer: 'an answer',
      hints: JSON.stringify(['a hint']),
      explanation: 'Because.',
      difficulty: 'easy' as const,
      due,
      fsrs: JSON.stringify(fsrs),
    };
  });
  await e2e.server.ctx.db.admin.insertInto('review_cards').values(rows).execute();
}

async function learnerOnSettings(e2e: E2E, page: Page) {
  const u = await signUp(e2e.server, 'retention');
  expect((await u.api.patch('/api/v1/profile', { preferences: { onboarded: true } })).status).toBe(200);
  await seedCards(e2e, u, 120);
  await page.goto('/');
  await page.getByLabel('Email').waitFor({ timeout: 45_000 });
  await signInThroughUi(page, u.email, u.password);
  await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
  await page.getByRole('tab', { name: 'Profile' }).click();
  await page.getByRole('button', { name: 'Settings and about' }).click();
  await page.getByRole('heading', { name: 'Review schedule' }).waitFor();
  return u;
}

const cardsADay = (text: string | null) =>
  Number(/about ([\d,]+) cards? a day/.exec(text ?? '')![1]!.replace(/,/g, ''));

describeInBrowser('review-schedule.test.ts', 'the review schedule in Settings', (e2e) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const w = viewport.width >= 1000 ? 'desktop' : 'phone';
    it(`${w}: choosing a retention shows its workload, is saved, and says whether it is personalised`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const u = await learnerOnSettings(e2e, page);
      const card = page.getByTestId('review-schedule');
      const estimate = card.getByTestId('workload-estimate');
      await card.getByRole('radio', { name: 'Desired retention: 90 %' }).waitFor();
      expect(
        await card.getByRole('radio', { name: 'Desired retention: 90 %' }).getAttribute('aria-checked'),
      ).toBe('true');
      await estimate.getByText(/^At 90 % you will review about \d+ cards? a day\.$/).waitFor();
      const at90 = cardsADay(await estimate.textContent());
      await card.getByText('from your 120 cards as they are now').waitFor();
      await card.getByText('Default schedule until you have 400 reviews (you have 0)').waitFor();

      await card.getByRole('radio', { name: 'Desired retention: 95 %' }).click();
      await estimate.getByText(/^At 95 % you will review/).waitFor();
      const at95 = cardsADay(await estimate.textContent());
      expect(at95).toBeGreaterThan(at90);
      await card.getByRole('radio', { name: 'Desired retention: 80 %' }).click();
      await estimate.getByText(/^At 80 % you will review/).waitFor();
      expect(cardsADay(await estimate.textContent())).toBeLessThan(at90);
      await card.getByRole('radio', { name: 'Desired retention: 95 %' }).click();
      await estimate.getByText(/^At 95 % you will review/).waitFor();
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-review-schedule');
      // Saved on the server, and shown again after a reload.
      await expect
        .poll(async () => (await u.api.get('/api/v1/profile')).body.preferences.desiredRetention)
        .toBe(0.95);
      await page.reload();
      await page
        .getByTestId('workload-estimate')
        .getByText(/^At 95 % you will review/)
        .waitFor();

      // Once the optimiser has fitted the learner's weights, the card says so.
      await e2e.server.ctx.db.admin
        .insertInto('review_parameters')
        .values({
          user_id: u.id,
          weights: [...default_w],
          review_count: 1240,
          log_loss: 0.3,
          default_log_loss: 0.35,
        })
        .execute();
      await page.reload();
      await page.getByTestId('review-schedule').getByText('Personalised from your 1,240 reviews.').waitFor();
      await page.getByTestId('review-schedule').scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-review-schedule-personalised');
      expect(errors).toEqual([]);
    });
  }
});
