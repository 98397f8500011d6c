// A tutor manages their paths in the browser, at phone and desktop widths: become a tutor → draft
// → edit a lesson → preview it as a learner sees it → publish → a learner enrols (shown by their
// public display name) → archive (gone from the catalog; the enrolled learner still reads it) → a
// second draft deleted after a confirmation → drafts, published and archived listed apart; and a
// missing path has a not-found screen. On the desktop run the tutor pauses for longer than every
// idle timeout of the server (Fastify's 72 s keep-alive, the database pools' 10–30 s idle timeouts)
// and the dashboard and its actions still work. Each screen and dialog: one h1, axe-core clean, no
// developer text.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { signUp } from '../apps/api/test/harness.ts';
import {
  describeInBrowser,
  DESKTOP,
  PHONE,
  screenshot,
  signUpThroughUi,
  uniqueEmail,
} from './support/web.ts';

const IDLE_MS = 75_000;

/**
 * One heading of level 1 on the screen (the page's title), no raw developer text anywhere, and no
 * serious or critical accessibility violation found by axe-core.
 */
async function checkScreen(page: Page) {
  await page.waitForTimeout(200);
  // By role: what assistive technology sees (screens kept below the one in front are hidden from it).
  const h1 = await page.getByRole('heading', { level: 1 }).allInnerTexts();
  expect(h1, 'the level-1 headings').toHaveLength(1);
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/Invalid (params|body)|must be a UUID|not_found|HTTP \d{3}/);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(serious, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}

describeInBrowser(
  'tutor-manage.test.ts',
  'tutors manage their paths in the browser',
  (e2e) => {
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      it(`${size}: draft → edit a lesson → preview → publish → a learner enrols → archive → delete a draft`, async () => {
        const shot = (page: Page, step: string) => screenshot(page, `tutor-manage-${step}`);
        const { page, errors } = await e2e.newPage(viewport);

        // Become a tutor.
        await signUpThroughUi(page, { email: uniqueEmail('tutor') });
        const tutorName = `Ms Rivera ${size}`;
        await page.getByLabel('Display name').fill(tutorName);
        await page.getByRole('button', { name: 'Get started' }).click();
        await page.waitForURL((u) => !u.pathname.includes('onboarding'));
        await page.goto('/tutor/dashboard');
        await page.getByRole('button', { name: 'Create my tutor profile' }).waitFor();
        await shot(page, '01-become-tutor');
        await page.getByLabel('Headline').fill('Biology teacher, 10 years');
        await page.getByRole('button', { name: 'Create my tutor profile' }).click();

        // A draft, listed under Drafts.
        await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
        await page.getByLabel('Path topic').fill(`Cell biology ${size}`);
        await page.getByRole('button', { name: 'Draft with AI' }).click();
        const drafts = page.getByTestId('tutor-drafts');
        const draft = drafts.getByTestId('tutor-draft');
        await draft.waitFor({ timeout: 30_000 });
        const title = (await draft.locator('div[dir="auto"]').first().textContent())!.trim();
        expect(title).toMatch(/cell biology/i);
        await checkScreen(page);
        await shot(page, '02-draft');

        // Its page, then edit its first lesson.
        await draft.getByRole('button', { name: `Open ${title}` }).click();
        await page.getByRole('heading', { name: 'Status' }).waitFor();
        await page.getByText('Only you can see this draft.', { exact: false }).waitFor();
        await checkScreen(page);
        await shot(page, '03-path');
        await page.getByRole('button', { name: /^Edit lesson 1: / }).click();
        const lessonTitle = page.getByLabel('Lesson title');
        await lessonTitle.waitFor();
        await lessonTitle.fill('');
        await page.getByRole('button', { name: 'Save lesson' }).click();
        await page.getByText('Give the lesson a title.').waitFor();
        await lessonTitle.fill('Cells: the smallest living things');
        const outline = page.getByLabel('Outline (one point a line)');
        await outline.fill(`${await outline.inputValue()}\nWhy cells are so small: surface and volume`);
        await page.getByRole('button', { name: 'Save lesson' }).click();
        await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Saved.' }).scrollIntoViewIfNeeded();
        await checkScreen(page);
        await shot(page, '04-lesson-edited');

        // Preview as a learner sees it: the edited lesson's outline.
        await page.getByRole('button', { name: 'Preview as a learner' }).click();
        const preview = page.getByTestId('tutor-lesson-preview');
        await preview
          .getByRole('heading', { name: /^Lesson 1 of \d+: Cells: the smallest living things$/ })
          .waitFor();
        await preview.getByText('Why cells are so small: surface and volume').waitFor();
        await preview.scrollIntoViewIfNeeded();
        await page.getByText('This is what an enrolled learner sees.', { exact: false }).waitFor();
        await checkScreen(page);
        await shot(page, '05-preview');
        await page.getByRole('button', { name: 'Next lesson' }).click();
        await preview.getByRole('heading', { name: /^Lesson 2 of \d+: / }).waitFor();

        // Publish from the path's page.
        await page.goBack();
        await page.getByRole('button', { name: 'Back to the path' }).click();

        // Add a lesson at the end, move it up, then remove it (after a confirmation).
        const lessonCards = page.getByTestId('tutor-lesson');
        await lessonCards.first().waitFor();
        const count = await lessonCards.count();
        await page.getByRole('button', { name: 'Add a lesson' }).click();
        await page.getByLabel('Lesson title').fill('Cell membranes');
        await page.getByLabel('Objectives (one a line)').fill('Say what a membrane lets through');
        await page.getByLabel('Outline (one point a line)').fill('The lipid bilayer\nChannels and pumps');
        await page.getByLabel('Exercises (one a line)').fill('Sketch a membrane with one channel');
        await page.getByRole('button', { name: 'Add lesson' }).click();
        await page.getByRole('heading', { name: `Edit lesson ${count + 1}`, level: 1 }).waitFor();
        await page.getByRole('button', { name: 'Back to the path' }).click();
        await page.getByRole('button', { name: `Move lesson ${count + 1} up: Cell membranes` }).click();
        await page.getByRole('button', { name: `Remove lesson ${count}: Cell membranes` }).click();
        const removeDialog = page.getByRole('dialog', { name: 'Remove this lesson?' });
        await removeDialog.getByText('“Cell membranes” will be removed from the path.').waitFor();
        await checkScreen(page);
        await shot(page, '05a-remove-lesson-confirm');
        await removeDialog.getByRole('button', { name: 'Remove lesson' }).click();
        await removeDialog.waitFor({ state: 'hidden' });
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="tutor-lesson"]').length === n,
          count,
        );
        expect(await lessonCards.filter({ hasText: 'Cell membranes' }).count()).toBe(0);

        await page.getByRole('button', { name: 'Publish', exact: true }).click();
        await page
          .getByText('In the catalog: learners can find and enrol in it.', { exact: false })
          .waitFor();
        await shot(page, '06-published');
        const pathId = new URL(page.url()).pathname.split('/')[3]!;
        expect(pathId).toMatch(/^[0-9a-f-]{36}$/);

        // A learner finds it in the catalog and enrols: the tutor sees them by their public display name.
        const learner = await e2e.newPage(viewport);
        await signUpThroughUi(learner.page, { email: uniqueEmail('pupil') });
        await learner.page.getByLabel('Display name').fill(`Pupil Pat ${size}`);
        await learner.page.getByRole('button', { name: 'Get started' }).click();
        await learner.page.waitForURL((u) => !u.pathname.includes('onboarding'));
        await learner.page.goto(`/catalog/${pathId}`);
        await learner.page.getByRole('button', { name: 'Enrol in this path' }).click();
        await learner.page.waitForURL(/\/enrollments\/[0-9a-f-]{36}$/);
        await learner.page.getByRole('button', { name: 'Start the first lesson' }).click();
        await learner.page.getByText('Why cells are so small: surface and volume').waitFor();
        await screenshot(learner.page, `tutor-manage-07a-learner-reads-lesson`);
        const lessonUrl = learner.page.url();
        await page.reload();
        const learners = page.getByTestId('tutor-path-learners');
        await learners.getByLabel(`Learner Pupil Pat ${size}: 0% complete`).waitFor();
        expect(await learners.innerText()).not.toMatch(/@|[0-9a-f]{8}-[0-9a-f]{4}/);
        await checkScreen(page);
        await shot(page, '07-learner-enrolled');
        await page.goto('/tutor/dashboard');
        const published = page.getByTestId('tutor-published');
        await published.getByLabel(`Learner Pupil Pat ${size}: 0% complete`).waitFor();
        await shot(page, '08-dashboard-published');

        if (size === 'desktop') {
          // Longer than every idle timeout of the server and the access token's life.
          await page.waitForTimeout(IDLE_MS);
          await page.reload();
          await published.getByLabel(`Learner Pupil Pat ${size}: 0% complete`).waitFor();
        }

        // Archive, after a confirmation: out of the catalog; the enrolled learner keeps reading it.
        await published.getByRole('button', { name: `Open ${title}` }).click();
        await page.getByRole('button', { name: 'Archive', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Archive this path?' });
        await dialog
          .getByText('The learner already enrolled keeps it and their progress.', { exact: false })
          .waitFor();
        await checkScreen(page);
        await shot(page, '09-archive-confirm');
        await dialog.getByRole('button', { name: 'Archive path' }).click();
        await page.getByText('Archived: not in the catalog', { exact: false }).waitFor();
        await checkScreen(page);
        await shot(page, '10-archived');
        const newcomer = await signUp(e2e.server, 'newcomer');
        const catalog = await newcomer.api.get(`/api/v1/catalog/paths?q=${encodeURIComponent(title)}`);
        expect(catalog.status).toBe(200);
        expect(catalog.body.items.map((p: { id: string }) => p.id)).not.toContain(pathId);
        expect((await newcomer.api.get(`/api/v1/catalog/paths/${pathId}`)).status).toBe(404);
        // The enrolled learner still reads the lesson (a fresh load of its screen).
        await learner.page.goto(lessonUrl);
        await learner.page.getByText('Why cells are so small: surface and volume').waitFor();
        await screenshot(learner.page, 'tutor-manage-10a-learner-reads-archived');

        // A second draft, deleted after a confirmation.
        await page.goto('/tutor/dashboard');
        await page.getByLabel('Path topic').fill(`Photosynthesis ${size}`);
        await page.getByRole('button', { name: 'Draft with AI' }).click();
        const second = drafts.getByTestId('tutor-draft').filter({ hasText: /photosynthesis/i });
        await second.waitFor({ timeout: 30_000 });
        const secondTitle = (await second.locator('div[dir="auto"]').first().textContent())!.trim();
        await second.getByRole('button', { name: `Open ${secondTitle}` }).click();
        await page.getByRole('button', { name: 'Delete draft' }).click();
        const deletedUrl = page.url();
        const confirm = page.getByRole('dialog', { name: 'Delete this draft?' });
        await confirm.getByText('cannot be undone', { exact: false }).waitFor();
        await checkScreen(page);
        await shot(page, '11-delete-confirm');
        // Cancelling keeps it.
        await confirm.getByRole('button', { name: 'Cancel' }).click();
        await confirm.waitFor({ state: 'hidden' });
        await page.getByRole('button', { name: 'Delete draft' }).click();
        await confirm.getByRole('button', { name: 'Delete draft' }).click();
        await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();

        // Drafts, published and archived paths listed apart.
        await drafts.getByText('No drafts.', { exact: false }).waitFor();
        await page.getByTestId('tutor-archived').getByText(title).waitFor();
        await published.getByText('Nothing published yet').waitFor();
        await checkScreen(page);
        await shot(page, '12-dashboard-lists');

        // A missing path: a not-found screen in words, for a bad link and a deleted draft alike.
        await page.goto('/tutor/paths/not-a-path');
        await page.getByText('This path isn’t here').waitFor();
        await checkScreen(page);
        await shot(page, '13-not-found');
        await page.getByRole('button', { name: 'Go to my tutor dashboard' }).click();
        await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
        await page.goto(deletedUrl);
        await page.getByText('This path isn’t here').waitFor();
        await page.goto(`/tutor/paths/${pathId}/lessons/l99`);
        await page.getByText('This lesson isn’t here').waitFor();
        await checkScreen(page);

        expect(errors).toEqual([]);
        expect(learner.errors).toEqual([]);
      }, 300_000);
    }
  },
  {
    env: () => ({
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_15_MIN: '10000',
    }),
  },
);
