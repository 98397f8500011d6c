// The learning loop in the browser (issue 17), on the offline engine: a document (uploaded in the
// Library, its key concepts read by real text processing) and a lesson (of a path a model planned,
// written here as the server stores one) become concepts and, on "Make cards", cards — asking
// again makes nothing new; answering moves mastery on the Knowledge screen; Home's next step goes
// from "review" to "practise the weak concept" with its reason; the weak-spots session holds that
// concept's card; each screen has one h1 and passes axe at 390×844 and 1280×800.
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeCollector } from './support/axe.ts';
import { callApi, headings } from './support/learner-api.ts';
import { makePdf } from './support/pdf.ts';
import {
  describeInBrowser,
  DESKTOP,
  inViewport,
  PHONE,
  screenshot,
  signUpThroughUi,
  tapAtBottom,
} from './support/web.ts';

const NOTES = [
  'Cell biology notes\nThe cell membrane controls what enters and leaves the cell.\nThe nucleus stores the genetic material of the cell.',
  'Mitochondria\nMitochondria are the powerhouse of the cell: they make ATP by cellular respiration.\nEach mitochondrion has its own DNA.',
];

const LESSONS = [
  {
    id: 'l1',
    title: 'Light reactions',
    objectives: ['Explain how chlorophyll absorbs light', 'Describe the role of water splitting'],
    outline: [
      'Chlorophyll absorbs red and blue light and reflects green light.',
      'Water splitting releases oxygen and supplies electrons to the chain.',
    ],
    exercises: ['Draw the light reactions.'],
    estimatedMinutes: 30,
    difficulty: 'beginner',
  },
  {
    id: 'l2',
    title: 'The Calvin cycle',
    objectives: ['Explain carbon fixation by rubisco'],
    outline: ['Rubisco fixes carbon dioxide into sugar during carbon fixation.'],
    exercises: ['Trace one carbon atom.'],
    estimatedMinutes: 30,
    difficulty: 'beginner',
  },
];

async function expectOneH1(page: Page) {
  const h1 = (await headings(page)).filter((h) => h.level === 1);
  expect(h1).toHaveLength(1);
}

describeInBrowser('learning-loop.test.ts', 'the learning loop in the browser', (e2e) => {
  it('documents and lessons become concepts and cards; answers move mastery, weak spots and the next step', async () => {
    const { page, errors } = await e2e.newPage();
    const axe = axeCollector();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();

    // A document: uploaded in the Library, read by the server; its key concepts are concepts now.
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByText('Your library is empty').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload a document' }).click();
    await (
      await chooser
    ).setFiles({ name: 'cell-notes.pdf', mimeType: 'application/pdf', buffer: makePdf(NOTES) });
    await page.getByRole('button', { name: /^document: cell-notes/ }).click({ timeout: 30_000 });
    // Tapped at the bottom of a phone's screen, the result shows where the learner is looking.
    await page.getByRole('button', { name: 'Make cards' }).waitFor({ timeout: 30_000 });
    await tapAtBottom(page.getByRole('button', { name: 'Make cards' }));
    const made = page.getByRole('status').filter({ hasText: /^\d+ new cards? from \d+ concepts?\./ });
    await made.waitFor({ timeout: 30_000 });
    await expect.poll(() => inViewport(page, made)).toBe(true);
    await screenshot(page, 'make-cards-result');
    const docCards = Number((await made.textContent())!.match(/^(\d+)/)![1]);
    expect(docCards).toBeGreaterThan(0);
    await tapAtBottom(page.getByRole('button', { name: 'Make cards' }));
    // Nothing new; any concept without a card is said to have none, never claimed covered.
    const nothing = page.getByRole('status').filter({ hasText: /^Nothing new[.:]/ });
    await nothing.waitFor();
    await expect.poll(() => inViewport(page, nothing)).toBe(true);

    // A lesson of a path a model planned (stored as the server stores one), completed in the browser.
    const me = await callApi(page, 'GET', '/api/v1/profile');
    const pathId = crypto.randomUUID();
    await e2e.server.ctx.db.asUser(me.body.id, (tx) =>
      tx
        .insertInto('learning_paths')
        .values({
          id: pathId,
          user_id: me.body.id,
          title: 'Photosynthesis',
          lessons: JSON.stringify(LESSONS),
        })
        .execute(),
    );
    await page.goto(`/paths/${pathId}/lessons/l1`);
    await page.getByRole('button', { name: 'Mark lesson complete' }).click({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: 'Lesson complete' }).waitFor();
    await tapAtBottom(page.getByRole('button', { name: 'Make cards' }));
    const fromLesson = page.getByRole('status').filter({ hasText: /^\d+ new cards? from 2 concepts\./ });
    await fromLesson.waitFor({ timeout: 30_000 });
    await expect.poll(() => inViewport(page, fromLesson)).toBe(true);

    // Knowledge: the concepts of both, none known yet.
    await page.goto('/knowledge');
    await page.getByRole('button', { name: /^How chlorophyll absorbs light: not known yet/ }).waitFor();
    expect(
      await page.getByRole('button', { name: /: not known yet, [1-9]\d* cards?$/ }).count(),
    ).toBeGreaterThan(2);
    await expectOneH1(page);
    await axe.check(page, 'knowledge-phone');
    await screenshot(page, 'knowledge');

    // Home: cards are due, so the next step is to review them.
    await page.goto('/');
    const reason = page.getByTestId('next-step-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toMatch(/^\d+ cards are due today$/);

    // Answer the lesson's cards: one wrong (its concept is weak), the others right.
    const cards = (await callApi(page, 'GET', `/api/v1/review/cards?sourceType=lesson&sourceId=${pathId}`))
      .body.items as { id: string }[];
    expect(cards.length).toBeGreaterThan(0);
    const [wrong, ...right] = cards;
    expect(
      (await callApi(page, 'POST', `/api/v1/review/cards/${wrong.id}/answer`, { answer: 'no idea' })).status,
    ).toBe(200);
    for (const c of right) {
      const stored = await e2e.server.ctx.db.admin
        .selectFrom('review_cards')
        .select('answer')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      await callApi(page, 'POST', `/api/v1/review/cards/${c.id}/answer`, { answer: stored.answer });
    }
    const weak = (await callApi(page, 'GET', '/api/v1/concepts')).body.items[0] as {
      id: string;
      name: string;
      level: string;
    };
    expect(weak.level).toBe('weak');

    // The next step changes with mastery: practise the weak concept, and why.
    await page.reload();
    await page.getByTestId('next-step-reason').filter({ hasText: 'from Light reactions is weak' }).waitFor();
    expect(await page.getByTestId('next-step-reason').textContent()).toBe(
      '1 concept from Light reactions is weak',
    );
    await axe.check(page, 'home-next-step-phone');
    await screenshot(page, 'home-next-step');

    // Knowledge lists it first, with its value in words.
    await page.goto('/knowledge');
    const first = page.getByRole('button', { name: new RegExp(`^${weak.name}: weak, \\d+ %`) });
    await first.waitFor();
    await first.click();
    await page.getByText('Where you met it').waitFor();
    await page.getByRole('button', { name: 'Lesson: Light reactions' }).waitFor();
    await expectOneH1(page);
    await axe.check(page, 'concept-phone');
    await screenshot(page, 'concept');

    // The weak-spots session starts with that concept's card.
    await page.goto('/');
    await page.getByRole('button', { name: `Practise now: Practise “${weak.name}”` }).click();
    // One concept's session is named after it.
    await page.getByText(`${weak.name} · Card 1 of`).waitFor();
    const session = (await callApi(page, 'POST', '/api/v1/concepts/practice', {})).body;
    expect(session.concepts[0].id).toBe(weak.id);
    expect(session.items[0].id).toBe(wrong.id);
    await axe.check(page, 'practice-phone');
    await screenshot(page, 'practice');

    // Knowledge's "Practise weak spots" is the session of the weakest concepts.
    await page.goto('/knowledge');
    await page.getByRole('button', { name: 'Practise weak spots' }).click();
    const counter = page.getByText(/^Weak spots · Card 1 of \d+$/);
    await counter.waitFor();
    const counted = await counter.textContent();
    const question = await page
      .getByRole('heading', { name: /^Question: / })
      .first()
      .getAttribute('aria-label');
    // Answering keeps the card on screen with its feedback (mastery moves, the session does not: it
    // is not read again, which would put another card in its place).
    let sessionReads = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/concepts/practice')) sessionReads++;
    });
    const choice = page.getByRole('radio').first();
    if (await choice.count()) await choice.click();
    else await page.getByLabel('Your answer').fill('I am not sure');
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.getByRole('button', { name: /^(Next card|Finish)$/ }).waitFor();
    await page.waitForTimeout(1_000);
    expect(await counter.textContent()).toBe(counted);
    expect(
      await page
        .getByRole('heading', { name: /^Question: / })
        .first()
        .getAttribute('aria-label'),
    ).toBe(question);
    expect(await page.getByRole('button', { name: /^(Next card|Finish)$/ }).isVisible()).toBe(true);
    expect(sessionReads).toBe(0);

    await page.setViewportSize(DESKTOP);
    await page.goto('/knowledge');
    await page.getByRole('button', { name: new RegExp(`^${weak.name}: weak`) }).waitFor();
    await expectOneH1(page);
    await axe.check(page, 'knowledge-desktop');
    await screenshot(page, 'knowledge');
    await page.goto('/settings');
    await page.getByRole('switch', { name: 'Make review cards automatically' }).waitFor();
    await axe.check(page, 'settings-desktop');
    await page.setViewportSize(PHONE);

    expect(axe.found).toEqual({});
    expect(errors).toEqual([]);
  }, 240_000);

  it('after its document is deleted, a concept names the document as deleted instead of linking to “Not found”', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    // A document the server has read (stored as the uploads feature stores one), and its cards.
    const me = await callApi(page, 'GET', '/api/v1/profile');
    const docId = crypto.randomUUID();
    await e2e.server.ctx.db.asUser(me.body.id, async (tx) => {
      await tx
        .insertInto('uploads')
        .values({
          id: docId,
          user_id: me.body.id,
          kind: 'document',
          file_name: 'osmosis-notes.pdf',
          path: `user-uploads/${me.body.id}/documents/${docId}.pdf`,
          declared_type: 'application/pdf',
          declared_size: 1000,
          status: 'ready',
          analysis: JSON.stringify({
            summary: 'Osmosis.',
            keyConcepts: [{ name: 'Osmosis', explanation: 'Water crosses a membrane.' }],
            suggestedQuestions: [],
          }),
        })
        .execute();
      await tx
        .insertInto('document_chunks')
        .values({
          upload_id: docId,
          user_id: me.body.id,
          ord: 0,
          page: 1,
          text: 'Osmosis is the movement of water across a semi-permeable membrane towards more solute.',
        })
        .execute();
    });
    const made = await callApi(page, 'POST', '/api/v1/concepts/cards', {
      source: { type: 'document', id: docId },
    });
    expect(made.status).toBe(200);
    const concept = made.body.concepts[0] as { id: string; name: string };

    // Deleting it says what happens to its cards.
    await page.goto(`/uploads/${docId}`);
    await page.getByRole('button', { name: 'Delete osmosis-notes.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete osmosis-notes.pdf?' });
    expect(await dialog.textContent()).toContain('the flashcards made from it stay in Review');
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.goto(`/knowledge/${concept.id}`);
    const gone = page.getByTestId('deleted-source');
    await gone.waitFor();
    expect(await gone.textContent()).toBe('Document · deletedosmosis-notes.pdf');
    expect(await page.getByRole('button', { name: /osmosis-notes\.pdf/ }).count()).toBe(0);
    await expectOneH1(page);
    expect(errors).toEqual([]);
  });
});
