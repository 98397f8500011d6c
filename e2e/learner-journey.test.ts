// A learner's session as people have it: sign up, ask, save an answer, put the phone down for
// longer than any of the server's idle timeouts (pool connections 30 s, HTTP keep-alive 72 s),
// come back and carry on, reload, then open the same account on a second device at desktop
// width. The model is faked at its HTTP edge; everything else is the real server and browser.
import { afterAll, beforeEach, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../apps/api/test/fakes/gemini.ts';
import { conversationOnScreen, exchange } from './support/chat.ts';
import { describeInBrowser, DESKTOP, screenshot, signInThroughUi, signUpThroughUi } from './support/web.ts';

let gemini: FakeGemini;
/** Longer than every idle timeout on the way: the pool's 30 s and the HTTP keep-alive's 72 s. */
const AWAY_MS = 75_000;

describeInBrowser(
  'learner-journey.test.ts',
  'a learner comes back after a pause, and on a second device',
  (e2e) => {
    afterAll(async () => {
      await gemini?.close();
    });
    beforeEach(() => {
      gemini.reset();
      gemini.fallback = { text: 'Plant biology' };
    });

    it('asks, saves, pauses past every idle timeout, carries on, reloads and reopens on a second device', async () => {
      const { page, errors } = await e2e.newPage();
      const email = await signUpThroughUi(page);
      await screenshot(page, 'journey-1-onboarding');
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByLabel('Daily goal: 0 of').waitFor();
      await screenshot(page, 'journey-2-home');

      await page.getByRole('tab', { name: 'Chat' }).click();
      await page.getByRole('button', { name: 'New conversation' }).first().click();
      await exchange(
        page,
        gemini,
        'How do plants make food?',
        'Plants make sugar from light, water and carbon dioxide: photosynthesis.',
      );
      await page.getByRole('button', { name: 'Save to library' }).click();
      await page.getByRole('button', { name: 'Saved to library' }).waitFor();
      await screenshot(page, 'journey-3-first-answer');

      await page.waitForTimeout(AWAY_MS);

      // Back after the pause: the next question in the same conversation just works.
      await exchange(page, gemini, 'Where does it happen?', 'In the chloroplasts, mostly in the leaves.');
      const conversation = [
        'you: How do plants make food?',
        'ChitChat: Plants make sugar from light, water and carbon dioxide: photosynthesis.',
        'you: Where does it happen?',
        'ChitChat: In the chloroplasts, mostly in the leaves.',
      ];
      expect(await conversationOnScreen(page)).toEqual(conversation);
      await screenshot(page, 'journey-4-after-pause');
      await page.reload();
      await expect.poll(() => conversationOnScreen(page), { timeout: 15_000 }).toEqual(conversation);

      // Back to the tabs (the conversation is a screen of its own on a phone).
      await page
        .getByRole('button', { name: /^(Back|Go back)/ })
        .first()
        .click();
      await page.getByRole('tab', { name: 'Library' }).click();
      await page
        .getByText(/Plants make sugar from light/)
        .first()
        .waitFor();
      await screenshot(page, 'journey-5-library');

      // A second device, at desktop width: the same account sees the same conversation, whole.
      const second = await e2e.newPage(DESKTOP);
      await second.page.goto('/');
      await signInThroughUi(second.page, email);
      await second.page.getByLabel('Daily goal: 0 of').waitFor();
      await second.page.getByRole('tab', { name: 'Chat' }).first().click();
      await second.page
        .getByRole('button', { name: /^Chat: / })
        .first()
        .click();
      await expect.poll(() => conversationOnScreen(second.page), { timeout: 15_000 }).toEqual(conversation);
      await screenshot(second.page, 'journey-6-second-device');

      // The second device carries on; the phone sees that turn when it opens the conversation again.
      await exchange(second.page, gemini, 'What gas comes out?', 'Oxygen is released as a by-product.');
      await page.getByRole('tab', { name: 'Chat' }).click();
      await page
        .getByRole('button', { name: /^Chat: / })
        .first()
        .click();
      await expect
        .poll(() => conversationOnScreen(page), { timeout: 15_000 })
        .toEqual([
          ...conversation,
          'you: What gas comes out?',
          'ChitChat: Oxygen is released as a by-product.',
        ]);
      await screenshot(page, 'journey-7-phone-sees-second-device');
      expect(errors).toEqual([]);
      expect(second.errors).toEqual([]);
    }, 240_000);
  },
  {
    env: async () => {
      gemini = await startFakeGemini();
      return { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_MAX_RETRIES: '0' };
    },
  },
);
