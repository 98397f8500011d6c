// Chat steps shared by the browser tests that drive a conversation against the fake Gemini server.
import type { Page } from 'playwright-core';
import type { FakeGemini } from '../../apps/api/test/fakes/gemini.ts';

/** Sends `question` with `answer` queued at the fake model, and waits until the answer is shown. */
export async function exchange(page: Page, gemini: FakeGemini, question: string, answer: string) {
  gemini.enqueue({ text: answer });
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.getByRole('button', { name: 'Send message' }).click();
  // Within the conversation: the chat list beside it previews the latest message too.
  await page.getByTestId('messages').getByText(answer).waitFor();
  await page.getByRole('button', { name: 'Send message' }).waitFor();
}

/** The conversation as it is on screen, top to bottom: "you: …" and "ChitChat: …" lines. */
export async function conversationOnScreen(page: Page): Promise<string[]> {
  const bubbles = await page.getByTestId(/^bubble-/).evaluateAll((els) =>
    els.map((el) => {
      const mine = el.getAttribute('data-testid') === 'bubble-user';
      const text = mine
        ? el.querySelector('[aria-label^="You: "]')?.textContent
        : el.querySelector('[aria-label="ChitChat\'s answer"]')?.textContent;
      return { top: el.getBoundingClientRect().top, line: `${mine ? 'you' : 'ChitChat'}: ${text ?? ''}` };
    }),
  );
  return bubbles.sort((a, b) => a.top - b.top).map((b) => b.line);
}
