// Accessibility of every screen, at phone (390×844) and desktop (1280×800) widths: axe-core
// (WCAG 2.0/2.1 A and AA rules) finds no serious or critical violation, each screen has exactly
// one h1 and its own page title ("Library · ChitChat"), and a screenshot of each lands in
// e2e/screenshots/a11y-*.png. Screens owned by moving routes (learning paths, tutor) are reached
// by clicking through the app, never by URL, so the test follows them when their routes change.
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { makePdf } from './support/pdf.ts';
import {
  describeInBrowser,
  DESKTOP,
  PHONE,
  screenshot,
  signUpThroughUi,
  uniqueEmail,
} from './support/web.ts';

/** An 8×8 purple PNG: an avatar photo without a fixture file. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOI9vmAFTEMLQkAnNFlwbAMCL8AAAAASUVORK5CYII=',
  'base64',
);

interface Finding {
  violations: string[];
  h1: string[];
  title: string;
}

/**
 * Checks the screen in front: axe's serious and critical violations, the visible h1 elements
 * (screens kept mounted behind it are display:none and do not count) and document.title.
 * Returns what is wrong (empty when all is well) and saves the screenshot.
 */
async function audit(page: Page, name: string): Promise<Partial<Finding>> {
  // Let entry animations and late queries settle, so axe sees the screen as a person does.
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const violations = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map(
            (n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`,
          )
          .slice(0, 4)
          .join(' | ')}`,
    );
  // Tabs left behind stay mounted, aria-hidden and under the one in front: only the h1 elements a
  // screen reader or a person can reach count.
  const h1 = await page.evaluate(() =>
    [...document.querySelectorAll('h1')]
      .filter((el) => el.checkVisibility() && !el.closest('[aria-hidden="true"]'))
      .map((el) => el.textContent ?? ''),
  );
  const title = await page.title();
  await screenshot(page, `a11y-${name}`);
  const wrong: Partial<Finding> = {};
  if (violations.length) wrong.violations = violations;
  if (h1.length !== 1) wrong.h1 = h1;
  if (!/^.+ · ChitChat$/.test(title)) wrong.title = title;
  return wrong;
}

function collector() {
  const found: Record<string, Partial<Finding>> = {};
  return {
    found,
    async check(page: Page, name: string) {
      const wrong = await audit(page, name);
      if (Object.keys(wrong).length) found[name] = wrong;
    },
  };
}

/**
 * Opens the app and waits for the sign-in form. The shared web build can be rebuilt by another
 * suite while a page loads (its bundle briefly missing): one reload recovers from that.
 */
async function openApp(page: Page, url = '/', ready: Locator = page.getByLabel('Email')) {
  await page.goto(url);
  try {
    await ready.waitFor({ timeout: 20_000 });
  } catch {
    await page.reload();
    await ready.waitFor({ timeout: 30_000 });
  }
}

describeInBrowser('accessibility.test.ts', 'accessibility of every screen', (e2e) => {
  for (const viewport of [PHONE, DESKTOP]) {
    it(`learner screens at ${viewport.width}×${viewport.height}: no serious axe violation, one h1, a page title`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      const { found, check } = collector();

      await openApp(page);
      await check(page, 'login');

      await signUpThroughUi(page);
      await page.getByLabel('Display name').fill('Ada Learner');
      await check(page, 'onboarding');
      await page.getByRole('button', { name: 'Get started' }).click();
      await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
      await check(page, 'home');

      // A conversation with one answer (the offline engine answers).
      await page.getByRole('tab', { name: 'Chat' }).click();
      await page.getByRole('button', { name: 'New conversation' }).first().click();
      await page.getByRole('textbox', { name: 'Message' }).fill('What is photosynthesis?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('What is photosynthesis?').waitFor();
      await page.getByTestId('bubble-assistant').first().waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Send message' }).waitFor({ timeout: 30_000 });
      await check(page, 'conversation');
      await page.goBack();

      await page.getByRole('tab', { name: 'Chat' }).click();
      await page
        .getByRole('button', { name: /^Chat: / })
        .first()
        .waitFor();
      await check(page, 'chat-list');

      await page.getByRole('tab', { name: 'Discover' }).click();
      await page.getByRole('heading', { name: 'Discover' }).waitFor();
      await check(page, 'discover');

      // An upload, then its own screen.
      await page.getByRole('tab', { name: 'Library' }).click();
      await page.getByText('Your library is empty').waitFor();
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Upload a document' }).click();
      await (
        await chooser
      ).setFiles({
        name: 'cell-notes.pdf',
        mimeType: 'application/pdf',
        buffer: makePdf([
          'Cell biology\nThe cell membrane controls what enters and leaves the cell.\nThe nucleus stores the genetic material.',
        ]),
      });
      const card = page.getByRole('button', { name: /^document: cell-notes/ });
      await card.waitFor({ timeout: 30_000 });
      await check(page, 'library');
      await card.click();
      await page.getByTestId('upload-summary').waitFor({ timeout: 30_000 });
      await check(page, 'upload');
      await page.goBack();

      await page.getByRole('tab', { name: 'Profile' }).click();
      await page
        .getByRole('heading', { name: /Leaderboard/ })
        .first()
        .waitFor();
      // With a photo as the avatar: the image carries its alt text.
      const avatarChooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Change avatar' }).click();
      await (await avatarChooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: PIXEL_PNG });
      await page.locator('img[alt="Avatar of Ada Learner"]').first().waitFor({ timeout: 30_000 });
      await check(page, 'profile');

      await page.getByRole('button', { name: 'Settings and about' }).click();
      await page.getByText('App version').waitFor();
      await check(page, 'settings');
      await page.goBack();

      await page.getByRole('tab', { name: 'Home' }).click();
      await page.getByRole('button', { name: /^Review: / }).click();
      await page.waitForURL(/\/review/);
      await check(page, 'review');
      await page.goBack();

      // A learning path and its first lesson, through the app's own buttons.
      await page.getByRole('tab', { name: 'Home' }).click();
      await page.getByRole('button', { name: 'Create a learning path' }).click();
      await page.getByLabel('Topic').fill('Photosynthesis');
      await check(page, 'path-form');
      await page.getByRole('button', { name: 'Generate path' }).click();
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
      await check(page, 'learning-path');
      await page.getByRole('button', { name: 'Start the first lesson' }).click();
      await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
      await check(page, 'lesson');

      await openApp(page, '/no-such-page', page.getByText('This page doesn’t exist'));
      await check(page, 'not-found');

      expect(found).toEqual({});
      expect(errors).toEqual([]);
    });
  }

  it('the dark theme (following the system) at 1280×800: Home, a conversation, Discover, Library and Profile', async () => {
    const { page, errors } = await e2e.newPage(DESKTOP);
    const { found, check } = collector();
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await check(page, 'dark-login');
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
    await check(page, 'dark-home');
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'New conversation' }).first().click();
    await page.getByRole('textbox', { name: 'Message' }).fill('What is photosynthesis?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByTestId('bubble-assistant').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Send message' }).waitFor({ timeout: 30_000 });
    await check(page, 'dark-conversation');
    await page.goBack();
    for (const [tab, ready] of [
      ['Discover', page.getByRole('heading', { name: 'Discover' })],
      ['Library', page.getByText('Your library is empty')],
      ['Profile', page.getByRole('heading', { name: /Leaderboard/ }).first()],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await ready.waitFor();
      await check(page, `dark-${tab.toLowerCase()}`);
    }
    expect(found).toEqual({});
    expect(errors).toEqual([]);
  });

  it('tutor and enrolment screens at both widths: becoming a tutor, the dashboard, a path, the catalog, an enrolment and its lesson', async () => {
    const { found, check } = collector();
    for (const viewport of [PHONE, DESKTOP]) {
      const { page, errors } = await e2e.newPage(viewport);
      await openApp(page);
      await signUpThroughUi(page, { email: uniqueEmail('tutor') });
      await page.getByLabel('Display name').fill('Ms Rivera');
      await page.getByRole('button', { name: 'Get started' }).click();
      await page.getByRole('tab', { name: 'Profile' }).click();
      await page.getByRole('button', { name: 'Become a tutor' }).click();
      await page.getByLabel('Headline').waitFor();
      await check(page, 'tutor-become');
      await page.getByLabel('Headline').fill('Biology teacher, 10 years');
      await page.getByLabel('Subjects (comma separated)').fill('Biology, Ecology');
      await page.getByRole('button', { name: 'Create my tutor profile' }).click();
      await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
      await check(page, 'tutor-dashboard');

      // A drafted path, its own page, published.
      await page.getByLabel('Path topic').fill(`Cell biology ${viewport.width}`);
      await page.getByRole('button', { name: 'Draft with AI' }).click();
      const draft = page.getByTestId('tutor-draft').first();
      await draft.waitFor({ timeout: 30_000 });
      const title = (await draft.locator('div[dir="auto"]').first().textContent())!.trim();
      await draft.getByRole('button', { name: `Open ${title}` }).click();
      await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();
      await check(page, 'tutor-path');
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await page.getByText('In the catalog', { exact: false }).first().waitFor();

      // A learner finds it on Discover, reads its catalog page, enrols and opens the first lesson.
      const learner = await e2e.newPage(viewport);
      await openApp(learner.page);
      await signUpThroughUi(learner.page, { email: uniqueEmail('pupil') });
      await learner.page.getByRole('button', { name: 'Skip for now' }).click();
      await learner.page.getByRole('tab', { name: 'Discover' }).click();
      await learner.page.getByRole('button', { name: `path: ${title}` }).click();
      await learner.page.getByRole('button', { name: 'Enrol in this path' }).waitFor();
      await check(learner.page, 'catalog-path');
      await learner.page.getByRole('button', { name: 'Enrol in this path' }).click();
      await learner.page.getByRole('button', { name: 'Start the first lesson' }).waitFor();
      await check(learner.page, 'enrollment');
      await learner.page.getByRole('button', { name: 'Start the first lesson' }).click();
      await learner.page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
      await check(learner.page, 'enrollment-lesson');
      expect(errors).toEqual([]);
      expect(learner.errors).toEqual([]);
    }
    expect(found).toEqual({});
  });
});
