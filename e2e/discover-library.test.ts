// Browser journeys through Discover and the Library: today's tiles start a learning path, ideas
// and lessons are saved, then found again by kind, by text search and by tag.
import { expect, it } from 'vitest';
import { describeInBrowser, screenshot, signUpThroughUi } from './support/web.ts';

describeInBrowser('discover-library.test.ts', 'discover and library in the browser', (e2e) => {
  it('turns a curiosity tile into a learning path, saves things and finds them in the library', async () => {
    const { page, errors } = await e2e.newPage();
    await signUpThroughUi(page);
    await page.getByRole('checkbox', { name: 'Science' }).click();
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();

    await page.getByRole('tab', { name: 'Discover' }).click();
    const tiles = page
      .getByRole('button', { name: /\. / })
      .filter({ has: page.locator('[aria-hidden="true"]') });
    await page.getByRole('heading', { name: 'Discover' }).waitFor();
    await tiles.first().waitFor({ timeout: 30_000 });
    expect(await tiles.count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'discover-tiles');

    // Save the first idea, then make the second one a learning path.
    await tiles.first().click();
    const first = page.getByRole('dialog').last();
    const ideaTitle = (await first.getByRole('heading').textContent())!.trim();
    await first.getByRole('button', { name: 'Save to library' }).click();
    await first.getByRole('button', { name: 'Saved to library' }).waitFor();
    await first.getByRole('button', { name: 'Close', exact: true }).click();

    await tiles.nth(1).click();
    const second = page.getByRole('dialog').last();
    await second.getByRole('button', { name: 'Start a learning path' }).click();
    await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
    const pathTitle = (await page.getByRole('heading').first().textContent())!.trim();
    await page.getByRole('button', { name: 'Save path to library' }).click();
    await page.getByRole('button', { name: 'Saved to library' }).waitFor();

    await page.getByRole('button', { name: 'Start the first lesson' }).click();
    await page.getByText('Lesson outline', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Save lesson to library' }).click();
    await page.getByRole('button', { name: 'Saved to library' }).waitFor();

    // The library lists all three; kind filters and search narrow them.
    await page.goto('/library');
    const cards = page.getByRole('button', { name: /^(note|path|document|link): / });
    await page.getByRole('button', { name: `note: ${ideaTitle}` }).waitFor();
    expect(await cards.count()).toBe(3);
    await screenshot(page, 'library-items');

    await page.getByRole('radio', { name: 'Show paths' }).click();
    await page.getByRole('button', { name: `path: ${pathTitle}` }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[aria-label^="note: "]').length === 0);
    expect(await cards.count()).toBe(1);

    await page.getByRole('radio', { name: 'Show all' }).click();
    const word = ideaTitle
      .split(/\s+/)
      .find((w) => w.replace(/\W/g, '').length >= 4)!
      .replace(/\W/g, '');
    await page.getByLabel('Search your library').fill(word);
    await page.getByRole('button', { name: `note: ${ideaTitle}` }).waitFor();
    await page.waitForFunction(
      () =>
        !document.querySelector('[aria-label^="path: "]') ||
        document.querySelectorAll('[aria-label^="note: "]').length > 0,
    );

    await page.getByLabel('Search your library').fill('zzqqxx-nothing-like-this');
    await page.getByText('Nothing matches').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('button', { name: `note: ${ideaTitle}` }).waitFor();

    // Open the saved idea, and remove it.
    await page.getByRole('button', { name: `note: ${ideaTitle}` }).click();
    const detail = page.getByRole('dialog', { name: ideaTitle });
    await detail.getByRole('button', { name: 'Remove' }).click();
    await detail.waitFor({ state: 'detached' });
    await page.waitForFunction((t) => !document.querySelector(`[aria-label="note: ${t}"]`), ideaTitle);
    expect(await cards.count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
