// Browser journeys through review: "Review this lesson" opens that lesson's cards only (not the
// whole due queue), and when they are answered the screen says when the next card is due. The
// server runs the offline engine, whose lessons are outlines (no material): the test writes two
// lessons' text into the database, as a model would have, and makes the second lesson's cards
// through the API so the due queue holds cards of another lesson too.
import { expect, it } from 'vitest';
import { callApi } from './support/learner-api.ts';
import { describeInBrowser, DESKTOP, PHONE, screenshot, signUpThroughUi } from './support/web.ts';
import { PHOTOSYNTHESIS, WATER_CYCLE as WATER } from '../apps/api/test/review-fixtures.ts';

const lessonOf = (m: string[]) => ({
  explanation: m.slice(0, 4).join(' '),
  keyPoints: m.slice(4, 6),
  workedExample: { problem: 'What else?', solution: m[6] },
  exercises: [{ prompt: 'Say one more thing.', solution: m[7] }],
  summary: m[7],
});

describeInBrowser('review-flows.test.ts', 'review flows in the browser', (e2e) => {
  for (const [viewport, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`reviews one lesson's cards only, then says when the next card is due (${viewport})`, async () => {
      const { page, errors } = await e2e.newPage(size);
      await signUpThroughUi(page);
      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByRole('button', { name: 'Create a learning path' }).click();
      await page.getByLabel('Topic').fill('Photosynthesis');
      await page.getByRole('button', { name: 'Generate path' }).click();
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor({ timeout: 30_000 });
      const pathId = /^\/paths\/([^/]+)$/.exec(new URL(page.url()).pathname)![1]!;
      // A learner 14 hours ahead of the browser's clock (UTC here): times are shown in their zone.
      const timezone = 'Pacific/Kiritimati';
      expect((await callApi(page, 'PATCH', '/api/v1/profile', { preferences: { timezone } })).status).toBe(
        200,
      );
      const path = (await callApi(page, 'GET', `/api/v1/learning-paths/${pathId}`)).body;
      const [l1, l2] = (path.lessons as { id: string; title: string }[]).slice(0, 2);
      for (const l of [l1, l2])
        expect((await callApi(page, 'GET', `/api/v1/learning-paths/${pathId}/lessons/${l.id}`)).status).toBe(
          200,
        );
      const db = e2e.server.ctx.db.admin;
      await db.updateTable('learning_paths').set({ offline: false }).where('id', '=', pathId).execute();
      for (const [l, m] of [
        [l1, PHOTOSYNTHESIS],
        [l2, WATER],
      ] as const)
        await db
          .updateTable('lesson_contents')
          .set({ offline: false, content: JSON.stringify(lessonOf(m)), body: m.join('\n') })
          .where('path_id', '=', pathId)
          .where('lesson_id', '=', l.id)
          .execute();
      // The other lesson's cards: due too, and not part of "Review this lesson".
      const other = await callApi(page, 'POST', '/api/v1/review/generate', {
        source: { type: 'lesson', id: pathId, lessonId: l2.id },
        count: 3,
      });
      expect(other.status).toBe(201);
      expect(other.body.items.length).toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Start the first lesson' }).click();
      const reviewButton = page.getByRole('button', { name: 'Review this lesson' });
      await reviewButton.waitFor({ timeout: 30_000 });
      await screenshot(page, 'review-flows-1-lesson');
      await reviewButton.click();
      await page.getByTestId('flashcard').waitFor({ timeout: 30_000 });
      const mine = (
        await callApi(
          page,
          'GET',
          `/api/v1/review/cards?sourceType=lesson&sourceId=${pathId}&lessonId=${l1.id}&limit=100`,
        )
      ).body.items as { id: string }[];
      expect(mine.length).toBeGreaterThan(0);
      const all = (await callApi(page, 'GET', '/api/v1/review/due?limit=100')).body.items as unknown[];
      expect(all.length).toBe(mine.length + other.body.items.length);
      await page.getByText(`This lesson · Card 1 of ${mine.length}`).waitFor();
      await screenshot(page, 'review-flows-2-lesson-card');

      for (let i = 0; i < mine.length; i++) {
        const card = page.getByTestId('flashcard');
        expect(await card.getByText(`From ${l1.title}`).count()).toBe(1);
        const question = (await card.getByRole('heading').first().getAttribute('aria-label'))!.replace(
          /^Question: /,
          '',
        );
        const row = await db
          .selectFrom('review_cards')
          .select(['answer', 'question_type'])
          .where('question', '=', question)
          .where('source_id', '=', pathId)
          .executeTakeFirstOrThrow();
        if (row.question_type === 'multiple_choice')
          await card.getByRole('radio', { name: row.answer, exact: true }).click();
        else await card.getByLabel('Your answer').fill(row.answer);
        await card.getByRole('button', { name: 'Check answer' }).click();
        await card
          .getByText(/^Correct!/)
          .first()
          .waitFor();
        if (i === 0) await screenshot(page, 'review-flows-3-answered');
        await card.getByRole('button', { name: i === mine.length - 1 ? 'Finish' : 'Next card' }).click();
      }
      const done = page.getByTestId('next-due');
      await done.waitFor();
      expect(await done.textContent()).toMatch(/^All done — next card due at .*\d{2}:\d{2}/);
      const { nextDueAt } = (
        await callApi(
          page,
          'GET',
          `/api/v1/review/due?sourceType=lesson&sourceId=${pathId}&lessonId=${l1.id}`,
        )
      ).body;
      const [theirs, utc] = await page.evaluate(
        ({ at, timezone }) =>
          [timezone, 'UTC'].map((timeZone) =>
            new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone }).format(
              new Date(at),
            ),
          ),
        { at: nextDueAt as string, timezone },
      );
      expect(theirs).not.toBe(utc);
      expect(await done.textContent()).toContain(theirs);
      expect(await page.getByText('Review done').count()).toBe(1);
      await screenshot(page, 'review-flows-4-all-done');
      expect(errors).toEqual([]);
    });
  }
});
