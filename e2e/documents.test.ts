// Documents in the browser on the embedded defaults (offline AI: answers are built from the
// learner's own material): attach a PDF with upload progress and processing status, ask about
// it, and open the cited page.
import { expect, it } from 'vitest';
import { makePdf } from './support/pdf.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

describeInBrowser('documents.test.ts', 'documents in the browser', (e2e) => {
  it('attaches a PDF with upload progress and processing status, asks about it and opens the cited page', async () => {
    const { page, context } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.goto('/session?id=new');

    const pdf = makePdf([
      'Cell biology notes\nThe cell membrane controls what enters and leaves the cell.',
      'Mitochondria\nMitochondria are the powerhouse of the cell: they make ATP by cellular respiration.\nEach mitochondrion has its own DNA.',
    ]);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach an image or document' }).click();
    await (await chooser).setFiles({ name: 'biology-notes.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByLabel(/biology-notes\.pdf: (Uploading|Reading the file|Ready)/).waitFor();
    await page.getByLabel('biology-notes.pdf: Ready').waitFor({ timeout: 30_000 });

    await page.getByRole('textbox', { name: 'Message' }).fill('What do mitochondria do?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page
      .getByTestId('bubble-assistant')
      .getByText(/make ATP by cellular respiration|powerhouse of the cell/)
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('biology-notes.pdf: Ready').count()).toBe(0);
    await page.getByTestId('offline-notice').first().waitFor();

    const source = page.getByRole('link', { name: /^Source 1: biology-notes\.pdf/ });
    await source.waitFor();
    await screenshot(page, 'session-citation');
    await source.click();
    const dialog = page.getByRole('dialog', { name: /biology-notes\.pdf/ });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/mitochondri/i);
    const popup = context.waitForEvent('page');
    await dialog.getByRole('button', { name: /Open (page \d+|document)/ }).click();
    const opened = await popup;
    await opened.waitForLoadState('domcontentloaded').catch(() => {});
    expect(opened.url()).toMatch(/#page=2$|\/uploads?\//);
    await opened.close();

    // The chat becomes review cards.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Make review cards from this chat' }).click();
    await page.getByTestId('flashcard').waitFor({ timeout: 30_000 });
    expect(await page.getByText(/^Card 1 of \d+$/).count()).toBe(1);
  }, 90_000);

  it('uploads a document from the library: progress, processing, then it is listed and found', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByText('Your library is empty').waitFor();

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload a document' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'volcano-notes.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf(['Volcanoes\nMagma rises through the crust and erupts as lava.']),
    });
    await page.getByLabel(/^volcano-notes\.pdf: (Uploading|Reading the file|Saving)/).waitFor();
    const item = page.getByRole('button', { name: /^document: volcano-notes/ });
    await item.waitFor({ timeout: 30_000 });
    await page.getByRole('radio', { name: 'Show documents' }).click();
    await item.waitFor();
    await page.getByLabel('Search your library').fill('volcano');
    await item.waitFor();
    expect(await page.getByRole('button', { name: /^(note|path|link): / }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  for (const [kind, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const)
    it(`sends a file as init → PUT → complete with a progress bar, and resumes when the connection drops (${kind})`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByRole('tab', { name: 'Library' }).first().click();
      await page.getByText('Your library is empty').waitFor();

      const calls: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/api/v1/uploads') || url.pathname.startsWith('/storage/v1/object/')) {
          calls.push(
            `${r.method()} ${url.pathname.replace(/[0-9a-f-]{36}/g, ':id').replace(/^\/storage\/v1\/object\/.*/, '/storage/v1/object/…')}`,
          );
        }
      });
      // The first send of the bytes is cut off; the second is held so the progress bar can be seen.
      let sends = 0;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route(/\/storage\/v1\/object\//, async (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        sends += 1;
        if (sends === 1) return route.abort('connectionreset');
        await held;
        await route.continue();
      });

      const pages = Array.from(
        { length: 40 },
        (_, i) =>
          `Chapter ${i + 1}\nRivers carve valleys over thousands of years; sediment settles where the water slows.`,
      );
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Upload a document' }).click();
      await (
        await chooser
      ).setFiles({ name: 'rivers.pdf', mimeType: 'application/pdf', buffer: makePdf(pages) });
      await expect.poll(() => sends, { timeout: 15_000 }).toBe(2);
      const bar = page.getByRole('progressbar', { name: 'Uploading rivers.pdf' });
      await bar.waitFor();
      expect(await page.getByLabel(/^rivers\.pdf: Uploading \d+%/).count()).toBe(1);
      await screenshot(page, 'library-upload-progress');
      release();

      await page.getByRole('button', { name: /^document: rivers/ }).waitFor({ timeout: 30_000 });
      expect(calls.filter((c) => c !== 'GET /api/v1/uploads/:id')).toEqual([
        'POST /api/v1/uploads/init',
        'PUT /storage/v1/object/…',
        'PUT /storage/v1/object/…',
        'POST /api/v1/uploads/:id/complete',
      ]);
      expect(errors).toEqual([]);
    });
});
