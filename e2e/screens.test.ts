// The profile journey (edit name, bio, preferences; leaderboard) and a screenshot of every main
// screen at phone (390×844) and desktop (1280×800) widths, saved under e2e/screenshots/.
import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { describeInBrowser, DESKTOP, PASSWORD, PHONE, screenshot, uniqueEmail } from './support/web.ts';

// A 64×64 PNG (a purple square), built so the suite needs no fixture files.
const PNG = (() => {
  const w = 64;
  const raw = Buffer.alloc((w * 3 + 1) * w);
  for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) raw.set([91, 76, 240], y * (w * 3 + 1) + 1 + x * 3);
  const crc = (b: Buffer) => {
    let c = ~0;
    for (const byte of b) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
})();

describeInBrowser('screens.test.ts', 'screens in the browser', (e2e) => {
  it('edits the profile: name, bio and preferences are saved and shown; the leaderboard ranks me', async () => {
    const { page, errors } = await e2e.newPage();
    await page.goto('/');
    await page.getByLabel('Email').fill(uniqueEmail('profile'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit profile' });
    await dialog.getByLabel('Display name').fill('Grace H.');
    await dialog.getByLabel('Bio').fill('Learning compilers, one bug at a time.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Learning compilers, one bug at a time.').waitFor();
    await page.getByText('Grace H.', { exact: true }).first().waitFor();

    await page.getByRole('radio', { name: 'Level: Advanced' }).click();
    await page.getByRole('radio', { name: 'Daily goal: 100 XP' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector('[aria-label="Daily goal: 100 XP"]')?.getAttribute('aria-checked') === 'true',
    );
    await page.getByRole('radio', { name: 'Leaderboard period: All time' }).click();
    await page.getByText(/Your rank: #\d+ with 0 XP/).waitFor();

    // A new avatar: uploaded, resized by the server and shown as an image.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Change avatar' }).click();
    await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    const avatarImg = page.getByLabel('Avatar of Grace H.').locator('img');
    await avatarImg.first().waitFor({ state: 'attached', timeout: 30_000 });
    expect(await avatarImg.first().getAttribute('src')).toMatch(/^(https?:|\/)/);

    await page.reload();
    await page.getByText('Learning compilers, one bug at a time.').waitFor();
    await page.getByLabel('Avatar of Grace H.').locator('img').first().waitFor({ state: 'attached' });
    expect(await page.getByRole('radio', { name: 'Level: Advanced' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    expect(await page.getByRole('radio', { name: 'Daily goal: 100 XP' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    expect(errors).toEqual([]);
  });

  it('saves a screenshot of every main screen at phone and desktop widths', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page } = await e2e.newPage(viewport);
      await page.goto('/');
      await page.getByRole('button', { name: 'Create account' }).waitFor();
      await screenshot(page, 'login');
      await page.getByLabel('Email').fill(uniqueEmail('shots'));
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByLabel('Display name').waitFor();
      await page.getByLabel('Display name').fill('Sam Student');
      await page.getByRole('checkbox', { name: 'Science' }).click();
      await page.getByRole('checkbox', { name: 'Coding' }).click();
      await screenshot(page, 'onboarding');
      await page.getByRole('button', { name: 'Get started' }).click();
      await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
      await screenshot(page, 'home');

      for (const [tab, name, ready] of [
        ['Chat', 'chat', /Chats/],
        ['Discover', 'discover', /Discover/],
        ['Library', 'library', /Library/],
        ['Profile', 'profile', /Leaderboard/],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('heading', { name: ready }).first().waitFor();
        await screenshot(page, name);
      }
      // The dark theme follows the system setting.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto('/');
      await page.getByRole('progressbar', { name: /Daily goal/ }).waitFor();
      const bg = await page.evaluate(
        () =>
          getComputedStyle(document.querySelector('[data-testid="offline-notice"]')!.parentElement!)
            .backgroundColor,
      );
      await screenshot(page, 'home-dark');
      expect(bg).not.toBe('rgb(246, 245, 255)');
      await page.emulateMedia({ colorScheme: 'light' });

      for (const [path, name] of [
        ['/session?id=new', 'session'],
        ['/paths', 'learning-paths'],
        ['/enrollments', 'enrollments'],
        ['/tutor/dashboard', 'tutor-dashboard'],
      ] as const) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        await screenshot(page, name);
      }
    }
  });
});
