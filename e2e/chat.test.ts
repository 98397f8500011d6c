// Chat in the browser against the real server with the model faked at its HTTP edge (a local
// server speaking Gemini's REST + SSE protocol): the answer streams in, stop keeps the partial
// answer, a model failure shows a retry that works, and an answer can be saved and found again.
import { afterAll, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../apps/api/test/fakes/gemini.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

let gemini: FakeGemini;

describeInBrowser(
  'chat.test.ts',
  'chat in the browser',
  (e2e) => {
    afterAll(async () => {
      await gemini?.close();
    });

    it('streams the answer token by token, stops on request and retries the stopped turn', async () => {
      const { page, errors } = await e2e.newPage();
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByRole('button', { name: 'Start a conversation' }).click();

      // The first pieces arrive, then the model goes quiet: the partial answer is on screen.
      gemini.enqueue({ chunks: ['Photosynthesis ', 'turns **light** ', 'into '], hang: true });
      await page.getByRole('textbox', { name: 'Message' }).fill('What is photosynthesis?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByLabel('You: What is photosynthesis?').waitFor();
      const answer = page.getByTestId('bubble-assistant').first();
      await answer.getByText('light').waitFor();
      expect(await answer.textContent()).toContain('Photosynthesis turns light into');
      await screenshot(page, 'session-streaming');

      await page.getByRole('button', { name: 'Stop generating' }).click();
      await page.getByText('You stopped this answer.').waitFor();
      expect(await answer.textContent()).toContain('Photosynthesis turns light into');
      await page.waitForFunction(() => !!new URL(location.href).searchParams.get('id') && new URL(location.href).searchParams.get('id') !== 'new');

      gemini.enqueue({ text: 'Photosynthesis turns light, water and carbon dioxide into glucose and oxygen.' });
      await page.getByRole('button', { name: 'Retry this message' }).click();
      await page.getByText('glucose and oxygen', { exact: false }).waitFor();

      // The conversation is saved: a reload shows it, and the list has it.
      await page.reload();
      await page.getByText('glucose and oxygen', { exact: false }).waitFor();
      await page.getByLabel('You: What is photosynthesis?').waitFor();
      await page.goto('/chat');
      await page.getByRole('button', { name: /^Chat: / }).first().waitFor();
      expect(errors).toEqual([]);
    });

    it('shows a model failure with a retry that works, and saves an answer to the library', async () => {
      const { page } = await e2e.newPage(DESKTOP);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.goto('/session?id=new');

      gemini.enqueue({ status: 503, message: 'overloaded' });
      await page.getByRole('textbox', { name: 'Message' }).fill('Explain mitosis');
      await page.keyboard.press('Enter');
      const alert = page.getByRole('alert').filter({ hasText: /./ });
      await page.getByRole('button', { name: 'Retry this message' }).waitFor();
      expect(await alert.first().textContent()).toMatch(/unavailable|try again|busy|overloaded|model/i);
      await screenshot(page, 'session-error');

      gemini.enqueue({ text: 'Mitosis is how one **cell** divides into two identical cells.\n\n```\nprophase -> metaphase -> anaphase -> telophase\n```' });
      await page.getByRole('button', { name: 'Retry this message' }).click();
      await page.getByText('identical cells', { exact: false }).waitFor();
      expect(await page.getByLabel('Code').textContent()).toContain('prophase -> metaphase');
      expect(await page.getByRole('button', { name: 'Retry this message' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Save to library' }).click();
      await page.getByRole('button', { name: 'Saved to library' }).waitFor();
      await screenshot(page, 'session');
      await page.setViewportSize(PHONE);
      await screenshot(page, 'session');

      await page.goto('/library');
      await page.getByLabel('Search your library').fill('mitosis');
      await page.getByRole('button', { name: /^note: / }).first().waitFor();
      expect(await page.getByRole('button', { name: /^note: / }).first().textContent()).toMatch(/mitosis|cell/i);
    });
  },
  {
    plural: false,
    env: async () => {
      gemini = await startFakeGemini();
      gemini.fallback = { text: 'Photosynthesis basics' };
      return { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_MAX_RETRIES: '0' };
    },
  },
);
