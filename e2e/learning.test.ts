// Browser journeys through learning: generate a path, read a lesson (offline: its outline) and
// complete it (XP and streak move on Home); each screen has its own address — open a path by URL,
// reload on a lesson, go back, rename and delete a path, old /learning-path links, not-found.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeCollector } from './support/axe.ts';
import { callApi, headings } from './support/learner-api.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const pathname = (page: Page) => new URL(page.url()).pathname;

/** Exactly one h1 on the screen in front, and it names the screen. */
async function expectOneH1(page: Page, name: string | RegExp) {
  const h1 = (await headings(page)).filter((h) => h.level === 1);
  expect(h1.map((h) => h.text)).toHaveLength(1);
  expect(h1[0]!.text).toMatch(name);
}

describeInBrowser('learning.test.ts', 'learning in the browser', (e2e) => {
  it('generates a path, reads a lesson as its outline and completes it for XP and a streak', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByLabel('Daily goal: 0 of').waitFor();
    expect(await page.getByLabel('Day streak: 0').count()).toBe(1);

    await page.getByRole('button', { name: 'Create a learning path' }).click();
    await page.waitForURL('**/paths');
    await page.getByLabel('Topic').fill('Photosynthesis');
    await page.getByRole('radio', { name: 'Beginner' }).click();
    await page.getByRole('button', { name: 'Generate path' }).click();
    await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
    expect(pathname(page)).toMatch(new RegExp(`^/paths/${UUID}$`));
    const title = await page.getByRole('heading', { level: 1 }).last().textContent();
    expect(title).toMatch(/photosynthesis/i);
    expect(await page.title()).toMatch(/photosynthesis/i);
    expect(await page.getByRole('progressbar', { name: 'Path progress' }).getAttribute('aria-valuenow')).toBe(
      '0',
    );

    await page.getByRole('button', { name: 'Start the first lesson' }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    expect(pathname(page)).toMatch(new RegExp(`^/paths/${UUID}/lessons/[^/]+$`));
    await screenshot(page, 'lesson');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'lesson');
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Mark lesson complete' }).click();
    const done = page.getByRole('alert').filter({ hasText: 'Lesson complete' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/\+\d+ XP/);

    await page.getByRole('button', { name: 'All lessons' }).click();
    await page.getByRole('button', { name: /Lesson 1: .*, completed/ }).waitFor();
    expect(pathname(page)).toMatch(new RegExp(`^/paths/${UUID}$`));
    expect(
      Number(await page.getByRole('progressbar', { name: 'Path progress' }).getAttribute('aria-valuenow')),
    ).toBeGreaterThan(0);
    await screenshot(page, 'learning-path');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'learning-path');
    await page.setViewportSize(PHONE);

    await page.goto('/');
    await page.getByLabel('Day streak: 1').waitFor();
    const ring = await page.getByRole('progressbar', { name: /Daily goal/ }).getAttribute('aria-label');
    expect(ring).toMatch(/Daily goal: [1-9]\d* of \d+ XP/);
    await page.getByRole('button', { name: /Continue lesson: / }).waitFor();

    // Without a model the lesson is its outline: nothing to make review cards from (the server
    // refuses offline text as material), so the outline offers none; documents.test.ts makes cards
    // from real material. Continue opens the next lesson itself (lesson 2), not the path.
    await page.getByRole('button', { name: /Continue lesson: / }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    expect(pathname(page)).toMatch(/\/lessons\/[^/]+$/);
    await page.getByText('lesson 2 of', { exact: false }).waitFor();
    expect(await page.getByText(/once a model is connected, it writes the full lesson/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Review this lesson' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  for (const [kind, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`opens a path by its address, reloads on a lesson, goes back, renames and deletes it; bad ids are not found (${kind})`, async () => {
      const { page, errors } = await e2e.newPage(size);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByLabel('Daily goal: 0 of').waitFor();
      const created = await callApi(page, 'POST', '/api/v1/learning-paths', {
        topic: 'Volcanoes',
        difficulty: 'beginner',
      });
      expect(created.status).toBe(201);
      const { id, title, lessons } = created.body as {
        id: string;
        title: string;
        lessons: { id: string; title: string }[];
      };
      const axe = axeCollector();

      // A path by its address (a bookmark, a shared link): one h1, its name; the tab says it too.
      await page.goto(`/paths/${id}`);
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor();
      await expectOneH1(page, title);
      expect(await page.title()).toContain(title);
      await screenshot(page, 'path-by-url');
      await axe.check(page, 'path');

      // A lesson, reloaded: the same lesson comes back from its address.
      await page.getByRole('button', { name: `Lesson 2: ${lessons[1]!.title}` }).click();
      await page.waitForURL(`**/paths/${id}/lessons/${lessons[1]!.id}`);
      await page.getByText('Lesson outline', { exact: true }).waitFor();
      await page.reload();
      await page.getByText('Lesson outline', { exact: true }).waitFor();
      await expectOneH1(page, lessons[1]!.title);
      await page.getByText(`lesson 2 of ${lessons.length}`, { exact: false }).waitFor();
      await screenshot(page, 'path-lesson-reloaded');
      await axe.check(page, 'lesson');

      // Back: the browser's back button returns to the path; after a reload (no history in the
      // app) the header's back button goes to the lesson's path, not Home.
      await page.goBack();
      await page.waitForURL(`**/paths/${id}`);
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor();
      await page.goto(`/paths/${id}/lessons/${lessons[0]!.id}`);
      await page.getByText('Lesson outline', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Go back' }).last().click();
      await page.waitForURL(`**/paths/${id}`);
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor();
      await screenshot(page, 'path-after-back');

      // Rename: the dialog, "Saving…", the new name on the screen and after a reload.
      await page.getByRole('button', { name: 'Rename this path' }).click();
      const renameDialog = page.getByRole('dialog', { name: 'Rename this path' });
      await renameDialog.getByLabel('Path name').fill('Volcanoes of Iceland');
      await screenshot(page, 'path-rename');
      await axe.check(page, 'rename-dialog');
      await renameDialog.getByRole('button', { name: 'Save name' }).click();
      await renameDialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: 'Volcanoes of Iceland' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Volcanoes of Iceland' }).waitFor();
      expect(await page.title()).toContain('Volcanoes of Iceland');

      // An old link (/learning-path?id=…&lesson=…) opens the same lesson at its new address.
      await page.goto(`/learning-path?id=${id}&lesson=${lessons[0]!.id}`);
      await page.waitForURL(`**/paths/${id}/lessons/${lessons[0]!.id}`);
      await page.getByText('Lesson outline', { exact: true }).waitFor();

      // Delete: asks first (keeping it changes nothing), then the list no longer has it.
      await page.goto(`/paths/${id}`);
      await page.getByRole('button', { name: 'Delete this path' }).click();
      const deleteDialog = page.getByRole('dialog', { name: 'Delete this path?' });
      await deleteDialog.getByText(/will be deleted for good/).waitFor();
      await screenshot(page, 'path-delete-confirm');
      await axe.check(page, 'delete-dialog');
      await deleteDialog.getByRole('button', { name: 'Keep it' }).click();
      await deleteDialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: 'Volcanoes of Iceland' }).waitFor();
      await page.getByRole('button', { name: 'Delete this path' }).click();
      await deleteDialog.getByRole('button', { name: 'Delete for good' }).click();
      await page.waitForURL('**/paths');
      await page.getByText('No paths yet').waitFor();
      await screenshot(page, 'paths-after-delete');
      await axe.check(page, 'paths');

      // A deleted path, a malformed id and an unknown lesson: a not-found screen in words.
      for (const [url, what] of [
        [`/paths/${id}`, 'This learning path isn’t here'],
        ['/paths/not-a-path', 'This learning path isn’t here'],
        [`/paths/${id}/lessons/l1`, 'This lesson isn’t here'],
        ['/paths/nope/lessons/l1', 'This lesson isn’t here'],
      ] as const) {
        await page.goto(url);
        await page.getByText(what).waitFor();
        expect(
          await page
            .getByText(/Invalid params|must be a UUID|Learning path not found|Lesson not found/i)
            .count(),
        ).toBe(0);
        expect(await page.title()).toMatch(/Not found/);
      }
      await screenshot(page, 'path-not-found');
      await axe.check(page, 'not-found');
      expect(axe.found).toEqual({});
      expect(errors).toEqual([]);
    });
  }

  it('starts a new path at the learner’s own level (chosen in onboarding, kept in the profile), not Beginner', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page
      .getByRole('radiogroup', { name: 'Your level' })
      .getByRole('radio', { name: 'Advanced' })
      .click();
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('button', { name: 'Create a learning path' }).click();
    const levels = page.getByRole('radiogroup', { name: 'Level' });
    await levels.getByRole('radio', { name: 'Advanced', checked: true }).waitFor();
    expect(await levels.getByRole('radio', { checked: true }).count()).toBe(1);
    const profile = await callApi<{ preferences: { preferredDifficulty?: string } }>(
      page,
      'GET',
      '/api/v1/profile',
    );
    expect(profile.body.preferences.preferredDifficulty).toBe('advanced');
    await screenshot(page, 'learning-path-form-level');
    expect(errors).toEqual([]);
  });
});
