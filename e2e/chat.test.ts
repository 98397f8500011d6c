// Chat in the browser against the real server with the model faked at its HTTP edge (a local
// server speaking Gemini's REST + SSE protocol): the answer streams in, stop keeps the partial
// answer, a model failure shows a retry that works, an answer can be saved and found again, and a
// reopened conversation shows all of it.
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../apps/api/test/fakes/gemini.ts';
import { describeInBrowser, DESKTOP, PASSWORD, PHONE, screenshot, signUpThroughUi } from './support/web.ts';
import { conversationOnScreen, exchange } from './support/chat.ts';

let gemini: FakeGemini;

/** The app's requests for a conversation's saved messages. */
const HISTORY = /\/api\/v1\/chat\/sessions\/[^/]+\/messages/;

/** Holds the app's history requests until the returned function is called: the screen shows only what the app already had. */
async function holdHistoryRequests(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(HISTORY, async (route) => {
    await held;
    await route.continue();
  });
  return async () => {
    release();
    await page.unrouteAll({ behavior: 'wait' });
  };
}

/** Back to the list, over to another tab and back, then opens the (only) conversation again. */
async function leaveAndReopen(page: Page) {
  await page.getByRole('button', { name: /back/i }).first().click();
  await page.getByRole('tab', { name: 'Home' }).click();
  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByRole('button', { name: /^Chat: / }).click();
}

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
      await page.waitForFunction(
        () =>
          !!new URL(location.href).searchParams.get('id') &&
          new URL(location.href).searchParams.get('id') !== 'new',
      );

      gemini.enqueue({
        text: 'Photosynthesis turns light, water and carbon dioxide into glucose and oxygen.',
      });
      await page.getByRole('button', { name: 'Retry this message' }).click();
      await page.getByText('glucose and oxygen', { exact: false }).waitFor();

      // The conversation is saved: a reload shows it, and the list has it.
      await page.reload();
      await page.getByText('glucose and oxygen', { exact: false }).waitFor();
      await page.getByLabel('You: What is photosynthesis?').waitFor();
      await page.goto('/chat');
      await page
        .getByRole('button', { name: /^Chat: / })
        .first()
        .waitFor();
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

      gemini.enqueue({
        text: 'Mitosis is how one **cell** divides into two identical cells.\n\n```\nprophase -> metaphase -> anaphase -> telophase\n```',
      });
      await page.getByRole('button', { name: 'Retry this message' }).click();
      // On a desktop window the conversation list beside it previews the same words: look in the conversation.
      await page.getByTestId('bubble-assistant').getByText('identical cells', { exact: false }).waitFor();
      expect(await page.getByLabel('Code').textContent()).toContain('prophase -> metaphase');
      expect(await page.getByRole('button', { name: 'Retry this message' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Save to library' }).click();
      await page.getByRole('button', { name: 'Saved to library' }).waitFor();
      await screenshot(page, 'session');
      await page.setViewportSize(PHONE);
      await screenshot(page, 'session');

      await page.goto('/library');
      await page.getByLabel('Search your library').fill('mitosis');
      await page
        .getByRole('button', { name: /^note: / })
        .first()
        .waitFor();
      expect(
        await page
          .getByRole('button', { name: /^note: / })
          .first()
          .textContent(),
      ).toMatch(/mitosis|cell/i);
    });

    it('a reopened conversation shows its whole history in order: at once, after more turns, and turns from another device', async () => {
      const { page, errors } = await e2e.newPage();
      const email = await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByRole('tab', { name: 'Chat' }).click();
      await page.getByRole('button', { name: 'New conversation' }).click();
      const turns: [string, string][] = [
        ['What is a cell?', 'A cell is the smallest unit of life.'],
        ['What is a nucleus?', 'The nucleus keeps the DNA of the cell.'],
      ];
      for (const [q, a] of turns) await exchange(page, gemini, q, a);
      const lines = () => turns.flatMap(([q, a]) => [`you: ${q}`, `ChitChat: ${a}`]);

      await leaveAndReopen(page);
      await expect.poll(() => conversationOnScreen(page), { timeout: 10_000 }).toEqual(lines());
      await screenshot(page, 'session-reopened');

      // Another turn: the app refreshes its copy of the conversation once the answer is in, so the
      // next visit shows everything at once, before (here: without) asking the server again.
      const third: [string, string] = ['And what is DNA?', 'DNA carries the instructions a cell follows.'];
      turns.push(third);
      const refreshed = page.waitForResponse((r) => HISTORY.test(r.url()));
      await exchange(page, gemini, ...third);
      await refreshed;
      const release = await holdHistoryRequests(page);
      await leaveAndReopen(page);
      await expect.poll(() => conversationOnScreen(page), { timeout: 2_000 }).toEqual(lines());
      await release();

      // A turn from another device shows when the conversation is opened again.
      const sessionId = new URL(page.url()).searchParams.get('id')!;
      const fourth: [string, string] = [
        'What is a gene?',
        'A gene is a stretch of DNA with one instruction.',
      ];
      turns.push(fourth);
      await askFromAnotherDevice(email, sessionId, ...fourth);
      await leaveAndReopen(page);
      await expect.poll(() => conversationOnScreen(page), { timeout: 10_000 }).toEqual(lines());
      expect(errors).toEqual([]);
    });

    /** Another device: signs in through the API and asks in the same conversation. */
    async function askFromAnotherDevice(email: string, sessionId: string, question: string, answer: string) {
      const signIn = await fetch(`${e2e.server.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      const { access_token } = (await signIn.json()) as { access_token: string };
      gemini.enqueue({ text: answer });
      const asked = await fetch(`${e2e.server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: question, sessionId }),
      });
      expect(asked.status).toBe(200);
    }
  },
  {
    env: async () => {
      gemini = await startFakeGemini();
      gemini.fallback = { text: 'Photosynthesis basics' };
      return { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_MAX_RETRIES: '0' };
    },
  },
);
