// The local tutor being set up, as a learner sees it: a banner with the download's progress on
// Home, the same status on Settings and about, and both updated (banner gone) once it is ready.
// The model is the tiny test GGUF, served here and held half-way until the test lets it finish.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { tinyModelFiles } from '../apps/api/test/harness.ts';
import { describeInBrowser, DESKTOP, screenshot, signUpThroughUi } from './support/web.ts';

let release!: () => void;
const released = new Promise<void>((r) => (release = r));
let modelServer: http.Server | undefined;
afterAll(() => {
  release();
  modelServer?.closeAllConnections();
  modelServer?.close();
});

/** Serves the tiny chat model: the first half at once, the rest once the test releases it. */
async function heldModel(): Promise<Record<string, string>> {
  const tiny = tinyModelFiles();
  const bytes = fs.readFileSync(tiny.chat.file);
  modelServer = http.createServer(async (req, res) => {
    res.writeHead(200, { 'content-length': bytes.length });
    res.write(bytes.subarray(0, bytes.length >> 1));
    await released;
    res.end(bytes.subarray(bytes.length >> 1));
  });
  await new Promise<void>((r) => modelServer!.listen(0, '127.0.0.1', r));
  const { port } = modelServer.address() as { port: number };
  return {
    AI_PROVIDER: 'local',
    AI_MODEL_URL: `http://127.0.0.1:${port}/tiny-tutor.gguf`,
    AI_MODEL_SHA256: tiny.chat.sha256,
    AI_EMBED_MODEL_PATH: tiny.embed.file,
    AI_LOCAL_THREADS: '1',
    AI_LOCAL_GPU: 'off',
  };
}

describeInBrowser(
  'settings.test.ts',
  'the local tutor being set up',
  (e2e) => {
    it('shows the download on Home and on Settings and about, then stops calling itself offline', async () => {
      const { page, errors } = await e2e.newPage();
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      const banner = page.getByTestId('offline-notice');
      await banner.getByText(/^Setting up the local tutor: \d+ %/).waitFor();
      const bar = banner.getByRole('progressbar', { name: 'Local tutor download' });
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(40);

      await page.getByRole('tab', { name: 'Profile' }).click();
      await page.getByRole('button', { name: 'Settings and about' }).click();
      const ai = page.getByTestId('ai-status');
      await ai.getByText('A model on the server’s own machine').waitFor();
      await ai.getByText(/^Downloading · \d+ %$/).waitFor();
      await ai.getByText('tiny-tutor.gguf').waitFor();
      await ai.getByRole('progressbar').waitFor();
      await page.getByText('GEMINI_API_KEY').waitFor();
      await screenshot(page, 'settings-downloading');

      release();
      // The app follows the set-up (it polls /info while downloading or loading).
      await ai.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
      await ai.getByText(/^The local tutor is ready/).waitFor();
      expect(await ai.getByRole('progressbar').count()).toBe(0);
      await screenshot(page, 'settings-ready');

      await page.goBack();
      await page.getByRole('tab', { name: 'Home' }).click();
      await page
        .getByText(/Daily goal|Continue|Review/)
        .first()
        .waitFor();
      expect(await page.getByTestId('offline-notice').count()).toBe(0);

      // Desktop: the same screen, the status as it is now.
      const wide = await e2e.newPage(DESKTOP);
      await signUpThroughUi(wide.page);
      await wide.page.getByRole('button', { name: 'Skip for now' }).click();
      await wide.page.getByRole('tab', { name: 'Profile' }).click();
      await wide.page.getByRole('button', { name: 'Settings and about' }).click();
      await wide.page.getByTestId('ai-status').getByText('Ready', { exact: true }).waitFor();
      await screenshot(wide.page, 'settings');
      expect([...errors, ...wide.errors]).toEqual([]);
    });
  },
  { env: heldModel, waitForAi: false },
);
