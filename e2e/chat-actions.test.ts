// The chat's actions in the browser, against the real server with the model faked at its HTTP
// edge: copy an answer, regenerate the latest answer, edit and resend the last question, stop a
// streaming answer, retry a question a crash left without an answer, rename and delete a
// conversation, and page back through a long history. Each mutation shows progress, and a failure
// says in plain words what happened and that nothing was lost.
import { sql } from 'kysely';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../apps/api/test/fakes/gemini.ts';
import { describeInBrowser, DESKTOP, PASSWORD, PHONE, screenshot, signUpThroughUi } from './support/web.ts';
import { conversationOnScreen, exchange } from './support/chat.ts';

let gemini: FakeGemini;

const DEVELOPER_WORDS = /Invalid params|must be a UUID|HTTP \d{3}|ai_[a-z_]+|Error:|undefined|null/;

/** Holds requests matching `url` until the returned function is called (to see progress on screen). */
async function hold(page: Page, url: RegExp) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let passed!: () => void;
  const continued = new Promise<void>((resolve) => (passed = resolve));
  const handler = async (route: Route) => {
    await held;
    await route.continue();
    passed();
  };
  await page.route(url, handler, { times: 1 });
  return async () => {
    release();
    await continued;
  };
}

async function startChatting(page: Page) {
  const email = await signUpThroughUi(page);
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await page.goto('/session?id=new');
  return email;
}

const sessionIdOf = (page: Page) => new URL(page.url()).searchParams.get('id')!;

describeInBrowser(
  'chat-actions.test.ts',
  'chat actions in the browser',
  (e2e) => {
    afterAll(async () => {
      await gemini?.close();
    });
    beforeEach(() => {
      gemini?.reset();
      if (gemini) gemini.fallback = { text: 'Cell biology' };
    });

    for (const [kind, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const)
      it(`copies an answer, regenerates it (a failure keeps the old one) and edits the last question (a failure keeps the draft) (${kind})`, async () => {
        const { page, context, errors } = await e2e.newPage(viewport);
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        await startChatting(page);
        await exchange(page, gemini, 'What is a cell?', 'A cell is the smallest unit of life.');
        await exchange(page, gemini, 'What is a nucleus?', 'The nucleus is a kind of room.');

        // Copy: the answer's text is on the clipboard, and the button says so. (The list is
        // inverted: the newest bubble comes first in the page.)
        const answers = page.getByTestId('bubble-assistant');
        await answers.first().getByRole('button', { name: 'Copy answer' }).click();
        await answers.first().getByRole('button', { name: 'Copied' }).waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
          'The nucleus is a kind of room.',
        );
        await screenshot(page, 'chat-actions-copied');

        // Only the latest answer offers Regenerate; only the last question offers Edit.
        expect(await page.getByRole('button', { name: 'Regenerate answer' }).count()).toBe(1);
        expect(await answers.last().getByRole('button', { name: 'Regenerate answer' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Edit question' }).count()).toBe(1);
        expect(
          await page.getByTestId('bubble-user').last().getByRole('button', { name: 'Edit question' }).count(),
        ).toBe(0);

        // Regenerate while the model is down: progress, then a plain failure; the old answer stays.
        gemini.enqueue({ status: 500, message: 'internal boom' });
        const releaseFailing = await hold(page, /\/regenerate\/stream$/);
        await page.getByRole('button', { name: 'Regenerate answer' }).click();
        // The new answer is written where the old one was: the typing dots, then its words as they come.
        await page.getByLabel('ChitChat is typing').waitFor();
        expect(await page.getByTestId('messages').getByText('The nucleus is a kind of room.').count()).toBe(
          0,
        );
        await screenshot(page, 'chat-actions-regenerating');
        await releaseFailing();
        const failure = page.getByRole('alert').filter({ hasText: 'No new answer.' });
        await failure.waitFor();
        const failureText = (await failure.textContent())!;
        expect(failureText).toContain('Your previous answer is kept.');
        expect(failureText).not.toMatch(DEVELOPER_WORDS);
        expect(await conversationOnScreen(page)).toEqual([
          'you: What is a cell?',
          'ChitChat: A cell is the smallest unit of life.',
          'you: What is a nucleus?',
          'ChitChat: The nucleus is a kind of room.',
        ]);
        await screenshot(page, 'chat-actions-regenerate-failed');

        // Regenerate again, now answered: the new answer replaces the old one, here and on reload.
        gemini.enqueue({ text: 'The nucleus holds the cell’s DNA.' });
        await page.getByRole('button', { name: 'Regenerate answer' }).click();
        await page.getByTestId('messages').getByText('The nucleus holds the cell’s DNA.').waitFor();
        expect(await failure.count()).toBe(0);
        const afterRegenerate = [
          'you: What is a cell?',
          'ChitChat: A cell is the smallest unit of life.',
          'you: What is a nucleus?',
          'ChitChat: The nucleus holds the cell’s DNA.',
        ];
        expect(await conversationOnScreen(page)).toEqual(afterRegenerate);
        await screenshot(page, 'chat-actions-regenerated');
        await page.reload();
        await expect.poll(() => conversationOnScreen(page), { timeout: 10_000 }).toEqual(afterRegenerate);

        // Stop during a regenerate: the new answer streams in place of the old one; Stop cancels it and
        // the answer is as it was.
        gemini.enqueue({ chunks: ['A newer answer ', 'about the nucleus '], hang: true });
        await page.getByRole('button', { name: 'Regenerate answer' }).click();
        await page
          .getByTestId('messages')
          .getByText('A newer answer about the nucleus', { exact: false })
          .waitFor();
        expect(
          await page.getByTestId('messages').getByText('The nucleus holds the cell’s DNA.').count(),
        ).toBe(0);
        await screenshot(page, 'chat-actions-regenerate-streaming');
        await page.getByRole('button', { name: 'Stop generating' }).click();
        const stopped = page.getByRole('alert').filter({ hasText: 'You stopped it.' });
        await stopped.waitFor();
        expect(await stopped.textContent()).toContain('Your previous answer is kept.');
        expect(await conversationOnScreen(page)).toEqual(afterRegenerate);
        // The server put the question back as it was (the next action is not refused as "busy").
        await expect.poll(() => lastQuestionStatus(sessionIdOf(page)), { timeout: 10_000 }).toBe('answered');

        // Edit the last question; the model fails first: nothing changes and the draft is kept.
        await page.getByRole('button', { name: 'Edit question' }).click();
        const box = page.getByRole('dialog', { name: 'Edit your question' }).getByRole('textbox');
        expect(await box.inputValue()).toBe('What is a nucleus?');
        await box.fill('What does the nucleus do?');
        await screenshot(page, 'chat-actions-editing');
        gemini.enqueue({ status: 500 });
        await page.getByRole('button', { name: 'Send edited question' }).click();
        const editFailure = page.getByRole('alert').filter({ hasText: 'Your edit was not sent.' });
        await editFailure.waitFor();
        expect(await editFailure.textContent()).toContain('Your question and its answer are unchanged.');
        expect(await editFailure.textContent()).not.toMatch(DEVELOPER_WORDS);
        expect(await conversationOnScreen(page)).toEqual(afterRegenerate);
        await screenshot(page, 'chat-actions-edit-failed');

        await page.getByRole('button', { name: 'Edit question' }).click();
        expect(await box.inputValue()).toBe('What does the nucleus do?');
        gemini.enqueue({ text: 'It stores DNA and controls the cell.' });
        await page.getByRole('button', { name: 'Send edited question' }).click();
        await page.getByTestId('messages').getByText('It stores DNA and controls the cell.').waitFor();
        const afterEdit = [
          'you: What is a cell?',
          'ChitChat: A cell is the smallest unit of life.',
          'you: What does the nucleus do?',
          'ChitChat: It stores DNA and controls the cell.',
        ];
        expect(await conversationOnScreen(page)).toEqual(afterEdit);
        await screenshot(page, 'chat-actions-edited');
        await page.reload();
        await expect.poll(() => conversationOnScreen(page), { timeout: 10_000 }).toEqual(afterEdit);
        expect(errors).toEqual([]);
      });

    it('stops a streaming answer and shows what was kept; retries a question a crash left unanswered', async () => {
      const { page, errors } = await e2e.newPage();
      const email = await startChatting(page);
      await exchange(page, gemini, 'What is DNA?', 'DNA is the molecule of heredity.');

      gemini.enqueue({ chunks: ['Genes are ', 'stretches of ', 'DNA that '], hang: true });
      await page.getByRole('textbox', { name: 'Message' }).fill('What is a gene?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('stretches of', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Stop generating' }).click();
      await page.getByText('You stopped this answer.').waitFor();
      await page.getByText('Stopped before the end — this is the part that arrived.').waitFor();
      expect((await conversationOnScreen(page)).at(-1)).toMatch(/^ChitChat: Genes are stretches of DNA/);
      await screenshot(page, 'chat-actions-stopped');
      // The server kept the part that arrived: it is there after a reload, marked as stopped.
      await page.reload();
      await page.getByText('Stopped before the end — this is the part that arrived.').waitFor();
      expect((await conversationOnScreen(page)).at(-1)).toMatch(/^ChitChat: Genes are stretches of DNA/);

      // A question the server never answered (it stopped half-way through): the app offers Retry.
      const sessionId = sessionIdOf(page);
      const userId = await userIdOf(email);
      await e2e.server.ctx.db.asUser(userId, (tx) =>
        sql`select save_chat_message(${sessionId}::uuid, ${userId}::uuid, 'What is a chromosome?', 'user', null, null,
              jsonb_build_object('status', 'pending', 'pendingSince', now() - interval '1 hour'))`.execute(
          tx,
        ),
      );
      await page.reload();
      await page.getByText('No answer arrived for this question.').waitFor();
      await screenshot(page, 'chat-actions-unanswered');
      gemini.enqueue({ text: 'A chromosome is a long coil of DNA.' });
      const releaseRetry = await hold(page, /\/retry\/stream$/);
      expect(await page.getByRole('button', { name: 'Retry this message' }).count()).toBe(2);
      await page.getByRole('button', { name: 'Retry this message' }).first().click();
      // Progress while the answer is written: the question's error gives way to the typing dots.
      await expect.poll(() => page.getByText('No answer arrived for this question.').count()).toBe(0);
      await screenshot(page, 'chat-actions-retrying');
      await releaseRetry();
      await page.getByTestId('messages').getByText('A chromosome is a long coil of DNA.').waitFor();
      expect(await page.getByText('No answer arrived for this question.').count()).toBe(0);
      await page.reload();
      await page.getByTestId('messages').getByText('A chromosome is a long coil of DNA.').waitFor();
      expect((await conversationOnScreen(page)).slice(-2)).toEqual([
        'you: What is a chromosome?',
        'ChitChat: A chromosome is a long coil of DNA.',
      ]);
      expect(errors).toEqual([]);
    });

    it('a question that never reached the server is sent again with Retry; a broken or someone else’s conversation link is not found', async () => {
      const { page, errors } = await e2e.newPage();
      await startChatting(page);
      await exchange(page, gemini, 'What is a cell?', 'The smallest unit of life.');
      const mine = sessionIdOf(page);

      // The connection drops as the question is sent (the server restarting): nothing was saved.
      await page.route(/\/api\/v1\/chat\/stream$/, (route) => route.abort('connectionreset'), { times: 1 });
      await page.getByRole('textbox', { name: 'Message' }).fill('What is a membrane?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByText('Could not reach ChitChat. Check your connection and try again.').waitFor();
      await screenshot(page, 'chat-actions-unsent');
      gemini.enqueue({ text: 'A membrane is the skin of a cell.' });
      await page.getByRole('button', { name: 'Retry this message' }).click();
      await page.getByTestId('messages').getByText('A membrane is the skin of a cell.').waitFor();
      expect(await conversationOnScreen(page)).toEqual([
        'you: What is a cell?',
        'ChitChat: The smallest unit of life.',
        'you: What is a membrane?',
        'ChitChat: A membrane is the skin of a cell.',
      ]);

      // Links that cannot open a conversation: a page that says so, upright, with a way on.
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
        await page.goto(`/session?id=${id}`);
        await page.getByText('This conversation isn’t here').waitFor();
        expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
      }
      await screenshot(page, 'chat-actions-not-found');
      const other = await e2e.newPage();
      await signUpThroughUi(other.page);
      await other.page.getByRole('button', { name: 'Skip for now' }).click();
      await other.page.goto(`/session?id=${mine}`);
      await other.page.getByText('This conversation isn’t here').waitFor();
      expect(await other.page.getByText('What is a cell?').count()).toBe(0);
      await other.page.getByRole('button', { name: 'Go to your chats' }).click();
      await other.page.waitForURL('**/chat');
      expect(errors).toEqual([]);
    });

    for (const [kind, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const)
      it(`renames and deletes a conversation from the list; delete asks first; a failure says why (${kind})`, async () => {
        const { page, errors } = await e2e.newPage(viewport);
        const email = await startChatting(page);
        await exchange(page, gemini, 'What is osmosis?', 'Osmosis is water moving across a membrane.');
        const first = sessionIdOf(page);
        await page.goto('/chat');
        await page.getByRole('button', { name: /^Options for / }).click();
        const dialog = page.getByRole('dialog', { name: 'Conversation' });
        await dialog.getByRole('textbox', { name: 'Name' }).fill('Water and cells');
        await screenshot(page, 'chat-actions-rename');
        await dialog.getByRole('button', { name: 'Save name' }).click();
        await page.getByRole('button', { name: 'Chat: Water and cells' }).waitFor();
        expect(await page.getByRole('dialog').count()).toBe(0);
        await page.getByRole('button', { name: 'Chat: Water and cells' }).click();
        await page.getByText('Water and cells').filter({ visible: true }).first().waitFor();
        await page.goBack();

        // Delete asks first; "Keep it" keeps it.
        await page.getByRole('button', { name: 'Options for Water and cells' }).click();
        await page.getByRole('button', { name: 'Delete conversation' }).click();
        const confirm = page.getByRole('dialog', { name: 'Delete this conversation?' });
        await confirm.getByText('will be deleted for good').waitFor();
        await screenshot(page, 'chat-actions-delete-confirm');
        await confirm.getByRole('button', { name: 'Keep it' }).click();
        await page.getByRole('button', { name: 'Delete conversation' }).waitFor();
        await page.getByRole('button', { name: 'Close', exact: true }).click();
        await page.getByRole('button', { name: 'Chat: Water and cells' }).waitFor();

        // Deleted on another device meanwhile: renaming here says so in plain words.
        const token = await tokenOf(email);
        expect(
          (
            await fetch(`${e2e.server.url}/api/v1/chat/sessions/${first}`, {
              method: 'DELETE',
              headers: { authorization: `Bearer ${token}` },
            })
          ).status,
        ).toBe(204);
        await page.getByRole('button', { name: 'Options for Water and cells' }).click();
        await page.getByRole('textbox', { name: 'Name' }).fill('Osmosis');
        await page.getByRole('button', { name: 'Save name' }).click();
        const gone = page.getByRole('alert').filter({ hasText: 'Not renamed.' });
        await gone.waitFor();
        expect(await gone.textContent()).toMatch(/no longer here/);
        expect(await gone.textContent()).not.toMatch(DEVELOPER_WORDS);
        await screenshot(page, 'chat-actions-rename-failed');
        await page.getByRole('button', { name: 'Close', exact: true }).click();

        // A real delete: confirm, and it leaves the list (and stays gone after a reload).
        await page.goto('/session?id=new');
        await exchange(page, gemini, 'What is diffusion?', 'Diffusion spreads particles out.');
        await page.goto('/chat');
        await page.reload();
        const options = page.getByRole('button', { name: /^Options for / });
        await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(1);
        await options.click();
        await page.getByRole('button', { name: 'Delete conversation' }).click();
        await page.getByRole('button', { name: 'Delete for good' }).click();
        await page.getByText('No conversations yet').waitFor();
        await screenshot(page, 'chat-actions-deleted');
        await page.reload();
        await page.getByText('No conversations yet').waitFor();
        expect(errors).toEqual([]);
      });

    it('pages back through a long conversation and shows all of it, at desktop width', async () => {
      const { page, errors } = await e2e.newPage(DESKTOP);
      const email = await startChatting(page);
      await exchange(page, gemini, 'Question 0', 'Answer 0');
      const sessionId = sessionIdOf(page);
      const userId = await userIdOf(email);
      // 40 more exchanges saved directly (more than a page of 30 messages), one second apart.
      const { admin } = e2e.server.ctx.db;
      const { rows: firstTurn } = await sql<{
        id: string;
      }>`select id from chat_messages where session_id = ${sessionId}::uuid order by role desc`.execute(
        admin,
      );
      const ids = firstTurn.map((r) => r.id);
      await e2e.server.ctx.db.asUser(userId, async (tx) => {
        for (let i = 1; i <= 40; i++) {
          for (const [role, text] of [
            ['user', `Question ${i}`],
            ['assistant', `Answer ${i}`],
          ]) {
            const { rows } = await sql<{
              id: string;
            }>`select save_chat_message(${sessionId}::uuid, ${userId}::uuid, ${text}, ${role}, null, null, '{"status":"answered"}'::jsonb) as id`.execute(
              tx,
            );
            ids.push(rows[0].id);
          }
        }
      });
      // In the order written, a second apart (saved in one transaction, they share one timestamp).
      for (const [i, id] of ids.entries())
        await sql`update chat_messages set created_at = now() - make_interval(secs => ${ids.length - i}) where id = ${id}::uuid`.execute(
          admin,
        );
      await page.reload();
      // In the conversation: on a desktop window the list beside it previews the latest answer too.
      await page.getByTestId('messages').getByText('Answer 40').waitFor();
      await screenshot(page, 'chat-actions-long-history');
      // Scroll back to the start: older pages load as the learner reaches them.
      for (let i = 0; i < 30 && (await page.getByText('Question 0', { exact: true }).count()) === 0; i++) {
        await page.getByTestId('messages').hover();
        await page.mouse.wheel(0, -3000);
        await page.waitForTimeout(200);
      }
      await page.getByText('Question 0', { exact: true }).waitFor();
      const lines = await conversationOnScreen(page);
      expect(lines).toHaveLength(82);
      expect(lines.slice(0, 4)).toEqual([
        'you: Question 0',
        'ChitChat: Answer 0',
        'you: Question 1',
        'ChitChat: Answer 1',
      ]);
      expect(lines.at(-1)).toBe('ChitChat: Answer 40');
      expect(new Set(lines).size).toBe(82);
      await screenshot(page, 'chat-actions-history-start');

      // Desktop: the actions are there too, and copying works.
      await page.getByTestId('messages').getByText('Answer 40').scrollIntoViewIfNeeded();
      await page.getByRole('button', { name: 'Regenerate answer' }).waitFor();
      await page.getByRole('button', { name: 'Edit question' }).waitFor();
      await screenshot(page, 'chat-actions-latest');
      expect(errors).toEqual([]);
    });

    async function lastQuestionStatus(sessionId: string) {
      const { rows } = await sql<{ status: string }>`select metadata->>'status' as status from chat_messages
        where session_id = ${sessionId}::uuid and role = 'user' order by created_at desc limit 1`.execute(
        e2e.server.ctx.db.admin,
      );
      return rows[0]?.status;
    }

    async function tokenOf(email: string) {
      const signIn = await fetch(`${e2e.server.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      return ((await signIn.json()) as { access_token: string }).access_token;
    }

    async function userIdOf(email: string) {
      const r = await fetch(`${e2e.server.url}/auth/v1/user`, {
        headers: { authorization: `Bearer ${await tokenOf(email)}` },
      });
      return ((await r.json()) as { id: string }).id;
    }
  },
  {
    env: async () => {
      gemini = await startFakeGemini();
      gemini.fallback = { text: 'Cell biology' };
      return {
        GEMINI_API_KEY: 'test-key',
        GEMINI_BASE_URL: gemini.url,
        AI_MAX_RETRIES: '0',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
      };
    },
  },
);
