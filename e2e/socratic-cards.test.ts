// Socratic mode and "your cards are yours" in the browser, against the real server with the model
// faked at its HTTP edge: the switch in a conversation, a guiding reply first, the solution after an
// attempt (and what the model was told each time); then in Settings, cards exported to Anki and CSV
// as downloads and a CSV imported into a deck of one's own, which then shows in Review.
import fs from 'node:fs';
import JSZip from 'jszip';
import initSqlJs from 'sql.js';
import { afterAll, expect, it } from 'vitest';
import { partsText, startFakeGemini, type FakeGemini } from '../apps/api/test/fakes/gemini.ts';
import { signUp } from '../apps/api/test/harness.ts';
import { callApi } from './support/learner-api.ts';
import { describeInBrowser, DESKTOP, screenshot, signUpThroughUi } from './support/web.ts';

let gemini: FakeGemini;
const lastMessageToModel = () => {
  const req = gemini.modelRequests.filter((r) => r.model !== 'gemini-3.5-flash-lite').at(-1)!;
  return partsText(req.body.contents.at(-1));
};

describeInBrowser(
  'socratic-cards.test.ts',
  'Socratic mode and your cards',
  (e2e) => {
    afterAll(async () => {
      await gemini?.close();
    });

    it('Socratic mode: a guiding question first, the solution after the learner tries', async () => {
      const { page, errors } = await e2e.newPage();
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.goto('/session?id=new');
      const toggle = page.getByRole('switch', { name: 'Socratic mode' });
      expect(await toggle.isChecked()).toBe(false);
      await toggle.click();
      expect(await toggle.isChecked()).toBe(true);
      await page.getByText(/Hints and guiding questions first/).waitFor();

      gemini.enqueue({ text: 'Good question! What happens to the exponent when you differentiate x^n?' });
      await page.getByRole('textbox', { name: 'Message' }).fill('What is the derivative of x^3?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('What happens to the exponent').waitFor();
      expect(lastMessageToModel()).toMatch(/Do NOT give the final answer or a full worked solution yet/);
      await page.getByRole('button', { name: 'Send message' }).waitFor();
      // The switch sits on the chat's chrome (the surface, a hairline under it), not over the messages.
      const bar = await page.getByTestId('socratic-bar').evaluate((el) => {
        const css = getComputedStyle(el);
        return { background: css.backgroundColor, border: css.borderBottomWidth };
      });
      expect(bar).toEqual({ background: 'rgb(255, 255, 255)', border: expect.not.stringMatching(/^0/) });
      await screenshot(page, 'socratic-guiding');

      gemini.enqueue({ text: 'Yes! The full solution: d/dx x^3 = 3x^2, by the power rule.' });
      await page.getByRole('textbox', { name: 'Message' }).fill('I think it becomes 3x^2');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('The full solution: d/dx x^3 = 3x^2').waitFor();
      expect(lastMessageToModel()).toMatch(/you may now give the full worked solution/);
      await page.getByRole('button', { name: 'Send message' }).waitFor();

      // The conversation keeps its setting: reloaded, the switch is still on.
      await page.reload();
      await page.getByTestId('messages').getByText('The full solution').waitFor();
      await expect.poll(() => page.getByRole('switch', { name: 'Socratic mode' }).isChecked()).toBe(true);
      // Turned off: the next question is answered plainly.
      await page.getByRole('switch', { name: 'Socratic mode' }).click();
      await expect.poll(() => page.getByRole('switch', { name: 'Socratic mode' }).isChecked()).toBe(false);
      gemini.enqueue({ text: 'The derivative of x^4 is 4x^3.' });
      await page.getByRole('textbox', { name: 'Message' }).fill('And of x^4?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('The derivative of x^4 is 4x^3.').waitFor();
      expect(lastMessageToModel()).toBe('And of x^4?');
      await screenshot(page, 'socratic-solution');
      expect(errors).toEqual([]);
    });

    it('a path whose tutor requires Socratic mode: the switch is on and locked, and the model is told so', async () => {
      const tutor = await signUp(e2e.server, 'tutor');
      expect((await tutor.api.post('/api/v1/tutor/profile', { headline: 'Maths tutor' })).status).toBe(201);
      const created = await tutor.api.post('/api/v1/tutor/paths', {
        title: 'Calculus by questions',
        requireSocratic: true,
        lessons: [
          {
            title: 'Derivatives',
            objectives: ['differentiate powers'],
            outline: ['the power rule'],
            exercises: ['d/dx x^3'],
            estimatedMinutes: 20,
            difficulty: 'beginner',
          },
        ],
      });
      expect(created.status).toBe(201);
      expect((await tutor.api.post(`/api/v1/tutor/paths/${created.body.id}/publish`)).status).toBe(200);

      const { page, errors } = await e2e.newPage();
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      expect((await callApi(page, 'POST', `/api/v1/catalog/paths/${created.body.id}/enroll`)).status).toBe(
        201,
      );
      await page.goto(`/session?id=new&topic=Derivatives&path=${created.body.id}`);
      const toggle = page.getByRole('switch', { name: 'Socratic mode' });
      await page.getByText(/^Required by your tutor/).waitFor();
      await expect.poll(() => toggle.isChecked()).toBe(true);
      expect(await toggle.isDisabled()).toBe(true);

      gemini.enqueue({ text: 'What does the power rule say about the exponent?' });
      await page.getByRole('textbox', { name: 'Message' }).fill('Just tell me the derivative of x^3');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByTestId('messages').getByText('What does the power rule say').waitFor();
      expect(lastMessageToModel()).toContain('required by the learner’s tutor');
      expect(lastMessageToModel()).toMatch(/Do NOT give the final answer/);
      // Once the conversation exists, the server says the same: still locked after a reload.
      await page.reload();
      await page.getByText(/^Required by your tutor/).waitFor();
      expect(await page.getByRole('switch', { name: 'Socratic mode' }).isDisabled()).toBe(true);
      await screenshot(page, 'socratic-required');
      expect(errors).toEqual([]);
    });

    it('Settings: import a CSV into my deck, then export to Anki and CSV', async () => {
      const { page, errors } = await e2e.newPage(DESKTOP);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.goto('/settings');
      const cards = page.getByTestId('your-cards');
      await cards.getByText('Your flashcards').waitFor();
      // One title (the header's), and both upload limits in the same (binary) megabytes.
      expect(await page.getByText('Settings and about', { exact: true }).count()).toBe(1);
      await page.getByText('10 MB (videos 100 MB)', { exact: true }).waitFor();

      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Import cards from a CSV or Anki file' }).click();
      await (
        await chooser
      ).setFiles({
        name: 'capitals.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'front,back\n"Capital of Peru, in South America?",Lima\nCapital of Chile?,Santiago\n',
        ),
      });
      await cards.getByText('Imported 2 new cards into “Imported cards”.').waitFor();
      await screenshot(page, 'cards-imported');

      const apkg = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export to Anki' }).click();
      const apkgFile = await apkg;
      expect(apkgFile.suggestedFilename()).toMatch(/^chitchat-cards-\d{4}-\d{2}-\d{2}\.apkg$/);
      const zip = await JSZip.loadAsync(fs.readFileSync((await apkgFile.path())!));
      const SQL = await initSqlJs();
      const db = new SQL.Database(await zip.file('collection.anki2')!.async('uint8array'));
      const fronts = db
        .exec('select flds from notes order by id')[0]
        .values.map((v) => String(v[0]).split('\x1f')[0]);
      db.close();
      expect(fronts.sort()).toEqual(['Capital of Chile?', 'Capital of Peru, in South America?']);
      await cards.getByText(/^Downloaded chitchat-cards-.*\.apkg\.$/).waitFor();
      // Each action's line replaces the last one's: the import's result is gone.
      expect(await cards.getByText(/^Imported 2 new cards/).count()).toBe(0);

      const csv = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const csvText = fs.readFileSync((await (await csv).path())!, 'utf8');
      expect(csvText).toContain('"Capital of Peru, in South America?",Lima');

      // Importing again: the earlier export's "Downloaded …" line goes.
      const again = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Import cards from a CSV or Anki file' }).click();
      await (
        await again
      ).setFiles({
        name: 'more.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('front,back\nCapital of Fiji?,Suva\n'),
      });
      await cards.getByText('Imported 1 new card into “Imported cards”.').waitFor();
      expect(await cards.getByText(/^Downloaded /).count()).toBe(0);

      // The imported cards are in today's review.
      await page.goto('/review');
      await page
        .getByText(/Capital of (Peru|Chile)/)
        .first()
        .waitFor();
      expect(errors).toEqual([]);
    });
  },
  {
    env: async () => {
      gemini = await startFakeGemini();
      gemini.fallback = { text: 'Derivatives' };
      return { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_MAX_RETRIES: '0' };
    },
  },
);
