// A document's own screen in the browser, on the embedded defaults (the offline engine writes
// real extractive summaries and keyphrases): opened from its Library card, it shows its status
// while it is read, then the summary, key concepts and suggested questions; a question starts a
// chat that cites the document; Delete takes it out of the Library; an unknown id is "not found".
// Also: a long chat title gives way to the "Quiz me" button in the conversation header.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { makePdf } from './support/pdf.ts';
import { describeInBrowser, DESKTOP, screenshot, signUpThroughUi } from './support/web.ts';

const NOTES = [
  'Cell biology notes\nThe cell membrane controls what enters and leaves the cell.\nThe nucleus stores the genetic material of the cell.',
  'Mitochondria\nMitochondria are the powerhouse of the cell: they make ATP by cellular respiration.\nEach mitochondrion has its own DNA.',
];

/** Signs up, uploads the notes from the Library and waits for their card; returns the card. */
async function uploadNotes(page: Page, name: string) {
  await signUpThroughUi(page);
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByText('Your library is empty').waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload a document' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: makePdf(NOTES) });
  const card = page.getByRole('button', { name: new RegExp(`^document: ${name.replace('.pdf', '')}`) });
  await card.waitFor({ timeout: 30_000 });
  return card;
}

/** The next read of one upload answers as if the server were still reading it (then the real one). */
async function pretendStillReadingOnce(page: Page) {
  let done = false;
  await page.route(/\/api\/v1\/uploads\/[0-9a-f-]{36}$/, async (route) => {
    if (done || route.request().method() !== 'GET') return route.fallback();
    done = true;
    const response = await route.fetch();
    const body = (await response.json()) as Record<string, unknown>;
    await route.fulfill({
      response,
      json: { ...body, status: 'processing', analysis: null, processedAt: null },
    });
  });
}

describeInBrowser('document-screen.test.ts', 'a document’s own screen', (e2e) => {
  it('on a phone: status, then summary, key concepts and questions; a question starts a cited chat; delete; not found', async () => {
    const { page, errors } = await e2e.newPage();
    const card = await uploadNotes(page, 'biology-notes.pdf');

    await pretendStillReadingOnce(page);
    await card.click();
    await page.waitForURL(/\/uploads\/[0-9a-f-]{36}/);
    const id = /\/uploads\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.getByRole('heading', { name: 'biology-notes.pdf', exact: true }).last().waitFor();
    await page.getByText('Reading the file and writing a summary…').waitFor();
    expect(await page.getByText(/^Document · PDF · \d+ (bytes|KB) · 2 pages$/).count()).toBe(1);
    await screenshot(page, 'document-screen-reading');

    // Polling finds it ready.
    const summary = page.getByTestId('upload-summary');
    await summary.waitFor({ timeout: 15_000 });
    expect(await page.getByText('Reading the file and writing a summary…').count()).toBe(0);
    expect(await summary.textContent()).toMatch(/cell|mitochondri/i);
    const concepts = page.getByRole('list', { name: 'Key concepts' }).getByRole('listitem');
    expect(await concepts.count()).toBeGreaterThan(0);
    expect((await concepts.first().textContent())!.length).toBeGreaterThan(3);
    const questions = page.getByRole('button', { name: /^Ask: / });
    expect(await questions.count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Open biology-notes.pdf' }).count()).toBe(1);
    await screenshot(page, 'document-screen');
    await questions.last().scrollIntoViewIfNeeded();
    await screenshot(page, 'document-screen-questions');

    // The file opens from its signed URL.
    const popup = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Open biology-notes.pdf' }).click();
    const opened = await popup;
    expect(opened.url()).toMatch(/user-uploads\/.*biology-notes\.pdf\?/);
    await opened.close();

    // A suggested question starts a chat about this document, which the answer cites.
    const question = (await questions.first().getAttribute('aria-label'))!.replace(/^Ask: /, '');
    await questions.first().click();
    await page.waitForURL(/\/session/);
    await page.getByTestId('bubble-user').getByText(question, { exact: true }).waitFor();
    await page.getByTestId('bubble-assistant').first().waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: /^Source 1: biology-notes\.pdf/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'document-screen-chat');

    // Back on its screen, Delete asks first, then returns to a Library without it.
    await page.getByRole('button', { name: 'Go back' }).click();
    await summary.waitFor();
    await page.getByRole('button', { name: 'Delete biology-notes.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete biology-notes.pdf?' });
    await dialog.waitFor();
    await screenshot(page, 'document-screen-delete');
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('Your library is empty').waitFor();
    expect(await page.getByRole('button', { name: /^document: biology-notes/ }).count()).toBe(0);
    await screenshot(page, 'document-screen-deleted');

    // The deleted id, and one that never existed, show the not-found screen.
    for (const missing of [id, 'not-a-document']) {
      await page.goto(`/uploads/${missing}`);
      await page.getByText('This document isn’t here').waitFor();
      expect(await page.getByText(/Invalid|uuid|404/i).count()).toBe(0);
    }
    await screenshot(page, 'document-screen-not-found');
    await page.getByRole('button', { name: 'Go to your Library' }).click();
    await page.getByText('Your library is empty').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a file that could not be read: the reason in plain words, and Try again reads it again', async () => {
    const { page, errors } = await e2e.newPage();
    const card = await uploadNotes(page, 'broken-notes.pdf');
    // The server answers as after a failed reading (with a developer's detail in the reason)
    // until the learner asks for another try.
    let retried = false;
    await page.route(/\/api\/v1\/uploads\/[0-9a-f-]{36}(\/retry)?$/, async (route) => {
      const retry = route.request().url().endsWith('/retry');
      if (retry) retried = true;
      if (!retry && retried) return route.fallback();
      const response = await route.fetch({
        method: 'GET',
        url: route
          .request()
          .url()
          .replace(/\/retry$/, ''),
      });
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({
        status: retry ? 202 : 200,
        json: retry
          ? { ...body, status: 'uploaded', analysis: null }
          : {
              ...body,
              status: 'failed',
              analysis: null,
              error: 'The file could not be read (reader exited with 1).',
            },
      });
    });
    await card.click();
    const alert = page.getByRole('alert').filter({ hasText: 'ChitChat couldn’t read this file' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The file could not be read.');
    expect(await alert.textContent()).not.toMatch(/exited|reader/);
    await screenshot(page, 'document-screen-failed');
    await page.getByRole('button', { name: 'Read the file again' }).click();
    await page.getByTestId('upload-summary').waitFor({ timeout: 15_000 });
    expect(retried).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it('at desktop width: the same screen, and not found', async () => {
    const { page, errors } = await e2e.newPage(DESKTOP);
    const card = await uploadNotes(page, 'cell-notes.pdf');
    await card.click();
    await page.getByTestId('upload-summary').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: /^Ask: / }).count()).toBeGreaterThan(0);
    await screenshot(page, 'document-screen');
    await page.goto('/uploads/00000000-0000-4000-8000-000000000000');
    await page.getByText('This document isn’t here').waitFor();
    await screenshot(page, 'document-screen-not-found');
    expect(errors).toEqual([]);
  }, 90_000);

  it('on a phone, a long chat title ends in an ellipsis before the Quiz me button', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.goto('/session?id=new');
    await page
      .getByRole('textbox', { name: 'Message' })
      .fill(
        'Explain how the mitochondria in eukaryotic cells turn glucose and oxygen into usable energy for muscles',
      );
    await page.getByRole('button', { name: 'Send message' }).click();
    const quiz = page.getByRole('button', { name: 'Make review cards from this chat' });
    await quiz.waitFor({ timeout: 30_000 });
    const title = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /mitochondria/i })
      .last();
    await title.waitFor();
    const [t, q] = [await title.boundingBox(), await quiz.boundingBox()];
    expect(t!.x + t!.width).toBeLessThanOrEqual(q!.x);
    // Truncated, not wrapped or cut: one line, with the rest hidden behind an ellipsis.
    const fit = await title.evaluate((el) => ({
      overflow: el.scrollWidth > el.clientWidth,
      ellipsis: getComputedStyle(el).textOverflow,
    }));
    expect(fit).toEqual({ overflow: true, ellipsis: 'ellipsis' });
    await screenshot(page, 'session-long-title');
    expect(errors).toEqual([]);
  }, 90_000);
});
