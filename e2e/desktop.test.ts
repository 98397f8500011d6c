// The wide layout: at 1280×800 the tabs are a side navigation, a conversation opens beside the
// conversation list and the library is in two columns; at 390×844 the tabs stay at the bottom and a
// conversation has the whole screen. The keyboard alone reaches the message box and Send, each with
// a visible focus ring.
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { makePdf } from './support/pdf.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

/** Starts a conversation from the Chat tab and waits for the offline engine's answer. */
async function converse(page: Page, question: string) {
  // From the Chat tab, or (on a desktop window, in a conversation) from the list beside it.
  const tab = page.getByRole('tab', { name: 'Chat' });
  if (await tab.isVisible()) await tab.click();
  await page.getByRole('button', { name: 'New conversation' }).first().click();
  await page.getByTestId('messages').getByText(question).waitFor({ state: 'detached' });
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByTestId('messages').getByText(question).waitFor();
  await page.getByTestId('bubble-assistant').first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Send message' }).waitFor({ timeout: 30_000 });
}

/** The focused element's outline, as drawn: style, width in px and colour. */
function focusRing(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const s = getComputedStyle(el);
    return {
      label: el.getAttribute('aria-label'),
      style: s.outlineStyle,
      width: parseFloat(s.outlineWidth),
      offset: parseFloat(s.outlineOffset),
      color: s.outlineColor,
    };
  });
}

/** Presses Tab until the element labelled `label` has focus (at most `max` times). */
async function tabTo(page: Page, label: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === label)
      return i + 1;
  }
  throw new Error(`Tab never reached "${label}"`);
}

/**
 * Opens the app and waits for the sign-in form. The shared web build can be rebuilt by another
 * suite while a page loads (its bundle briefly missing): one reload recovers from that.
 */
async function openApp(page: Page) {
  await page.goto('/');
  try {
    await page.getByLabel('Email').waitFor({ timeout: 20_000 });
  } catch {
    await page.reload();
    await page.getByLabel('Email').waitFor({ timeout: 30_000 });
  }
}

describeInBrowser('desktop.test.ts', 'the desktop layout', (e2e) => {
  it('at 1280×800: side navigation, the chat list beside the open conversation, another opened in place', async () => {
    const { page, errors } = await e2e.newPage(DESKTOP);
    await openApp(page);
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();

    // The tabs are a column down the left edge, labels beside icons.
    const nav = await box(page.getByRole('tablist'));
    expect(nav.x).toBeLessThan(20);
    expect(nav.height).toBeGreaterThan(700);
    expect(nav.width).toBeLessThan(320);
    const home = await box(page.getByRole('tab', { name: 'Home' }));
    const chat = await box(page.getByRole('tab', { name: 'Chat' }));
    expect(chat.y).toBeGreaterThan(home.y);
    expect(Math.abs(chat.x - home.x)).toBeLessThan(2);
    // Home's content starts to the right of the navigation, not under it.
    expect((await box(page.getByRole('heading', { level: 1 }))).x).toBeGreaterThanOrEqual(nav.x + nav.width);
    await screenshot(page, 'layout-home');

    await converse(page, 'What is osmosis?');
    await converse(page, 'Why is the sky blue?');

    // The open conversation, with the list beside it (left), the open one marked current.
    const list = page.getByRole('button', { name: /^Chat: / });
    await list.nth(1).waitFor();
    expect(await list.count()).toBe(2);
    const messages = await box(page.getByTestId('messages'));
    const firstItem = await box(list.first());
    expect(firstItem.x + firstItem.width).toBeLessThanOrEqual(messages.x + 1);
    expect(await page.locator('[aria-current="page"]').filter({ hasText: /sky/i }).count()).toBe(1);
    await screenshot(page, 'layout-chat-split');

    // Another conversation from the list opens in place of this one.
    await page.getByRole('button', { name: /^Chat: .*osmosis/i }).click();
    await page.getByTestId('messages').getByText('What is osmosis?').waitFor();
    expect(await page.getByTestId('messages').getByText('Why is the sky blue?').count()).toBe(0);
    expect(
      await page
        .locator('[aria-current="page"]')
        .filter({ hasText: /osmosis/i })
        .count(),
    ).toBe(1);
    expect(await page.getByRole('button', { name: /^Chat: / }).count()).toBe(2);

    // The Chat tab itself: the list in a column, room beside it.
    await page.goBack();
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.getByText('Pick a conversation').waitFor();
    await screenshot(page, 'layout-chat-list');

    // The library lays its items out in two columns.
    await page.getByRole('tab', { name: 'Library' }).click();
    for (const name of ['cells.pdf', 'plants.pdf']) {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Upload a document' }).click();
      await (
        await chooser
      ).setFiles({
        name,
        mimeType: 'application/pdf',
        buffer: makePdf([`Notes on ${name}\nThe cell membrane controls what enters the cell.`]),
      });
      await page
        .getByRole('button', { name: new RegExp(`^document: ${name.replace('.pdf', '')}`) })
        .waitFor({ timeout: 30_000 });
    }
    const [a, b] = [
      await box(page.getByRole('button', { name: /^document: cells/ })),
      await box(page.getByRole('button', { name: /^document: plants/ })),
    ];
    expect(Math.abs(a.y - b.y)).toBeLessThan(2);
    expect(Math.abs(a.x - b.x)).toBeGreaterThan(a.width / 2);
    await screenshot(page, 'layout-library');

    expect(errors).toEqual([]);
  });

  it('at 390×844: the tabs stay at the bottom and a conversation has the whole screen', async () => {
    const { page, errors } = await e2e.newPage(PHONE);
    await openApp(page);
    await signUpThroughUi(page);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
    const nav = await box(page.getByRole('tablist'));
    expect(nav.y + nav.height).toBeGreaterThan(PHONE.height - 2);
    expect(nav.width).toBeGreaterThan(PHONE.width - 2);
    expect(nav.height).toBeLessThan(100);

    await converse(page, 'What is osmosis?');
    expect(await page.getByRole('button', { name: /^Chat: / }).count()).toBe(0);
    expect((await box(page.getByTestId('messages'))).x).toBeLessThan(20);
    expect(errors).toEqual([]);
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`at ${viewport.width}×${viewport.height}: Tab reaches the message box and Send, each with a visible focus ring; Enter sends`, async () => {
      const { page, errors } = await e2e.newPage(viewport);
      await openApp(page);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      // The navigation first: its items sit in a container that clips anything outside them, so
      // their ring is drawn inside their edge (offset ≤ 0), where it shows.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(page, 'Discover', 20);
      const onNav = await focusRing(page);
      expect(onNav?.style).not.toBe('none');
      expect(onNav?.offset).toBeLessThanOrEqual(0);
      await screenshot(page, 'keyboard-focus-navigation');
      await page.getByRole('tab', { name: 'Chat' }).click();
      await page.getByRole('button', { name: 'New conversation' }).first().click();
      await page.getByRole('textbox', { name: 'Message' }).waitFor();
      // From the top of the page, by keyboard only.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(page, 'Message');
      const inBox = await focusRing(page);
      expect(inBox?.style).not.toBe('none');
      expect(inBox?.width).toBeGreaterThanOrEqual(2);
      await page.keyboard.type('Explain diffusion');
      await tabTo(page, 'Send message', 3);
      const onSend = await focusRing(page);
      expect(onSend?.style).not.toBe('none');
      expect(onSend?.width).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'keyboard-focus-send');
      await page.keyboard.press('Enter');
      await page.getByTestId('messages').getByText('Explain diffusion').waitFor();
      expect(errors).toEqual([]);
    });
  }
});
