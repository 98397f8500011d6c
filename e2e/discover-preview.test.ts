// Browser journey through a curiosity tile's preview: it shows what you would learn before
// anything is made; Cancel makes nothing; "Ask ChitChat about it" sends the tile's question at
// once; "Start a learning path" opens the path. Nothing on Discover is wider than a phone.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DESKTOP, describeInBrowser, screenshot, signUpThroughUi } from './support/web.ts';

/** GET an API path as the signed-in learner (the app's stored session). */
function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!;
    const token = (JSON.parse(localStorage.getItem(key)!) as { access_token: string }).access_token;
    const r = await fetch(p, { headers: { Authorization: `Bearer ${token}` } });
    return r.json();
  }, path) as Promise<T>;
}

const counts = async (page: Page) => ({
  chats: (await apiGet<{ items: unknown[] }>(page, '/api/v1/chat/sessions')).items.length,
  paths: (await apiGet<{ items: unknown[] }>(page, '/api/v1/learning-paths')).items.length,
});

/** Nothing wider than the viewport: no sideways scrolling, no element sticking out. */
async function fitsWidth(page: Page) {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().width > vw + 0.5)
      .map(
        (el) =>
          `${el.tagName} ${Math.round(el.getBoundingClientRect().width)}px ${(el.textContent ?? '').slice(0, 40)}`,
      );
    return { vw, scroll: document.documentElement.scrollWidth, wide };
  });
  expect(r.wide).toEqual([]);
  expect(r.scroll).toBeLessThanOrEqual(r.vw);
  return r.vw;
}

async function openDiscover(page: Page) {
  await page.getByRole('tab', { name: 'Discover' }).click();
  await page.getByRole('heading', { name: 'Discover' }).waitFor();
  const tiles = page
    .getByRole('button', { name: /\. / })
    .filter({ has: page.locator('[aria-hidden="true"]') });
  await tiles.first().waitFor({ timeout: 30_000 });
  return tiles;
}

describeInBrowser('discover-preview.test.ts', 'a curiosity tile previews before it starts', (e2e) => {
  it('previews a tile; Cancel makes nothing, Ask sends the question, Start opens a path; fits a phone', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('checkbox', { name: 'Science' }).click();
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();

    const tiles = await openDiscover(page);
    expect(await fitsWidth(page)).toBe(390);
    await screenshot(page, 'discover-preview-tiles');
    const before = await counts(page);

    // The preview: title, description, topic and the two actions; Cancel makes nothing.
    const label = (await tiles.first().getAttribute('aria-label'))!;
    await tiles.first().click();
    const preview = page.getByRole('dialog').last();
    const title = (await preview.getByRole('heading').textContent())!.trim();
    expect(label.startsWith(`${title}. `)).toBe(true);
    const description = label.slice(title.length + 2);
    await preview.getByText(description, { exact: true }).waitFor();
    await preview.getByText(/^Topic: /).waitFor();
    await preview.getByRole('button', { name: 'Ask ChitChat about it' }).waitFor();
    await preview.getByRole('button', { name: 'Start a learning path' }).waitFor();
    await fitsWidth(page);
    await screenshot(page, 'discover-preview-open');
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await preview.waitFor({ state: 'detached' });
    expect(await counts(page)).toEqual(before);

    // Ask: the chat opens with the tile's question already sent, and answered.
    await tiles.first().click();
    await page.getByRole('dialog').last().getByRole('button', { name: 'Ask ChitChat about it' }).click();
    const messages = page.getByTestId('messages');
    await messages.getByTestId('bubble-user').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => messages.getByTestId('bubble-user').first().textContent()).toContain(title);
    await messages.getByTestId('bubble-assistant').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Send message' }).waitFor({ timeout: 30_000 });
    await fitsWidth(page);
    await screenshot(page, 'discover-preview-asked');
    expect((await counts(page)).chats).toBe(before.chats + 1);

    // Start a learning path from the second tile: the path screen.
    await page.goto('/discover');
    const again = await openDiscover(page);
    await again.nth(1).click();
    const second = page.getByRole('dialog').last();
    // A failure first: progress while it runs, then plain words (never the server's raw text).
    await page.route('**/api/v1/discover/tiles/*/start', async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'TypeError: boom at service.ts:12' } }),
      });
    });
    await second.getByRole('button', { name: 'Start a learning path' }).click();
    await second.getByText(/^Making your learning path/).waitFor();
    const alert = second.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'The learning path could not be made because of a problem on our side. Please try again in a moment.',
    );
    await screenshot(page, 'discover-preview-path-failed');
    await page.unroute('**/api/v1/discover/tiles/*/start');
    expect(await counts(page)).toEqual({ chats: before.chats + 1, paths: before.paths });
    await second.getByRole('button', { name: 'Start a learning path' }).click();
    await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'discover-preview-path');
    const after = await counts(page);
    expect(after).toEqual({ chats: before.chats + 1, paths: before.paths + 1 });

    // A long starter prompt on a new chat wraps instead of widening its button past the phone.
    const long = `🧬 ${'A very long curiosity prompt about how living cells copy their instructions '.repeat(3)}`;
    await page.goto(`/session?id=new&prompt=${encodeURIComponent(long)}`);
    await page.getByRole('button', { name: long }).waitFor();
    await fitsWidth(page);
    await screenshot(page, 'discover-preview-long-prompt');

    // Desktop: the grid and the preview fit too.
    await page.setViewportSize(DESKTOP);
    await page.goto('/discover');
    const wide = await openDiscover(page);
    await fitsWidth(page);
    await wide.first().click();
    await page.getByRole('dialog').last().getByRole('button', { name: 'Start a learning path' }).waitFor();
    await fitsWidth(page);
    await screenshot(page, 'discover-preview-open');
    expect(errors).toEqual([]);
  });
});
