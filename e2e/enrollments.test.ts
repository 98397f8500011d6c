// Browser journeys of a learner in tutors' paths: enrol from the catalog by its address, read the
// full lesson (as a model wrote it for the path's learners), Home's "continue" opens the next
// lesson, My enrolments pages through all of them, leaving asks first (cancel keeps it), and bad
// ids are not found. The tutor and their published paths are made through the API in setup; the
// server runs the offline engine, so the lessons' text is stored as a model would have stored it.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { signUp, type TestUser } from '../apps/api/test/harness.ts';
import { lessonRevision } from '../apps/api/src/features/tutor/lessons.ts';
import { axeCollector } from './support/axe.ts';
import { callApi, headings } from './support/learner-api.ts';
import {
  describeInBrowser,
  DESKTOP,
  inViewport,
  PHONE,
  screenshot,
  signUpThroughUi,
  tapAtBottom,
  type E2E,
} from './support/web.ts';

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title}: the idea`, `${title}: an example`],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 20,
  difficulty: 'beginner',
});

const content = (title: string) => ({
  explanation: `**${title}** holds a boat in place. Pass the line round the post, cross it over itself and lock it with a hitch.`,
  keyPoints: [`${title} starts with a full turn`, 'Finish with a locking hitch'],
  workedExample: {
    problem: `Tie a ${title} on a dock cleat.`,
    solution: 'One full turn, two figure eights, then a locking hitch.',
  },
  exercises: [
    {
      prompt: `Tie a ${title} with your eyes closed.`,
      hint: 'Start with the turn.',
      solution: 'Turn, figure eight, lock.',
    },
  ],
  summary: `${title}: turn, cross, lock.`,
});

async function becomeTutor(e2e: E2E, name: string) {
  const t = await signUp(e2e.server, name);
  expect((await t.api.post('/api/v1/tutor/profile', { headline: `${name} teaches sailing` })).status).toBe(
    201,
  );
  return t;
}

/** A published path of `tutor`; with `written`, its lessons' full text kept as a model would have written it. */
async function publishPath(e2e: E2E, tutor: TutorUser, title: string, lessons: string[], written = false) {
  const created = await tutor.api.post('/api/v1/tutor/paths', {
    title,
    topic: 'Sailing',
    description: `Learn ${title}.`,
    lessons: lessons.map(lesson),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await tutor.api.post(`/api/v1/tutor/paths/${created.body.id}/publish`)).status).toBe(200);
  const path = created.body as { id: string; lessons: (ReturnType<typeof lesson> & { id: string })[] };
  if (written) {
    for (const l of path.lessons) {
      await e2e.server.ctx.db.admin
        .insertInto('tutor_lesson_contents')
        .values({
          path_id: path.id,
          lesson_id: l.id,
          revision: lessonRevision(l as any),
          title: l.title,
          content: JSON.stringify(content(l.title)) as any,
          offline: false,
        } as any)
        .execute();
    }
  }
  return path;
}
type TutorUser = TestUser;

async function newLearner(e2e: E2E, size: { width: number; height: number }) {
  const { page, errors } = await e2e.newPage(size);
  await signUpThroughUi(page);
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await page.getByLabel('Daily goal: 0 of').waitFor();
  return { page, errors };
}

const pathname = (page: Page) => new URL(page.url()).pathname;

async function expectOneH1(page: Page, name: string) {
  const h1 = (await headings(page)).filter((h) => h.level === 1).map((h) => h.text);
  expect(h1).toEqual([name]);
}

describeInBrowser('enrollments.test.ts', 'tutors’ paths for learners in the browser', (e2e) => {
  for (const [kind, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`enrols, reads the full lesson, continues from Home to the next lesson and leaves after confirming (${kind})`, async () => {
      const captain = kind === 'phone' ? 'Ahab' : 'Nemo';
      const tutor = await becomeTutor(e2e, captain);
      const path = await publishPath(
        e2e,
        tutor,
        `Knots for sailors (${kind})`,
        ['Cleat hitch', 'Bowline', 'Clove hitch'],
        true,
      );
      const { page, errors } = await newLearner(e2e, size);
      const axe = axeCollector();

      // The catalog page by its address, then Enrol: progress in words, then the enrolment.
      await page.goto(`/catalog/${path.id}`);
      await page.getByText(`By ${captain} · ${captain} teaches sailing`).waitFor();
      await expectOneH1(page, `Knots for sailors (${kind})`);
      await screenshot(page, 'catalog-path');
      await axe.check(page, 'catalog');
      await page.getByRole('button', { name: 'Enrol in this path' }).click();
      await page.waitForURL(/\/enrollments\/[0-9a-f-]{36}$/);
      const enrollmentId = pathname(page).split('/')[2]!;
      await page.getByRole('button', { name: 'Start the first lesson' }).waitFor();
      await screenshot(page, 'enrollment');
      await axe.check(page, 'enrollment');

      // The full lesson: explanation, key points, worked example (solution on request), practice.
      await page.getByRole('button', { name: 'Start the first lesson' }).click();
      await page.waitForURL(`**/enrollments/${enrollmentId}/lessons/${path.lessons[0]!.id}`);
      const body = page.getByTestId('lesson-content');
      await body.getByText('holds a boat in place', { exact: false }).waitFor();
      await body.getByRole('heading', { name: 'Key points' }).waitFor();
      await body.getByText('Cleat hitch starts with a full turn').waitFor();
      await body.getByRole('heading', { name: 'Worked example' }).waitFor();
      await body.getByRole('button', { name: 'Show solution' }).click();
      await body.getByText('One full turn, two figure eights, then a locking hitch.').waitFor();
      await body.getByRole('heading', { name: 'Practice' }).waitFor();
      expect(await page.getByText('Lesson outline', { exact: true }).count()).toBe(0);
      await expectOneH1(page, 'Cleat hitch');
      expect(await page.title()).toContain('Cleat hitch');
      await screenshot(page, 'enrollment-lesson-full');
      await axe.check(page, 'enrollment-lesson');
      await page.getByRole('button', { name: 'Mark lesson complete' }).click();
      await page.getByRole('alert').filter({ hasText: 'Lesson complete' }).waitFor();

      // Reloaded, the lesson is still the full lesson, and still complete.
      await page.reload();
      await body.getByText('holds a boat in place', { exact: false }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Lesson complete' }).waitFor();

      // The tutor's lesson is material: Make cards turns its concepts into review cards, once.
      // Tapped at the bottom of the screen, the result shows where the learner is looking.
      const makeCards = page.getByRole('button', { name: 'Make cards' });
      await tapAtBottom(makeCards);
      const made = page.getByRole('status').filter({ hasText: /^\d+ new cards? from \d+ concepts?\./ });
      await made.waitFor();
      await expect.poll(() => inViewport(page, made)).toBe(true);
      await tapAtBottom(makeCards);
      const nothing = page.getByRole('status').filter({ hasText: /^Nothing new/ });
      await nothing.waitFor();
      await expect.poll(() => inViewport(page, nothing)).toBe(true);

      // Home's continue opens the next lesson (the first not completed) of the enrolment.
      await page.goto('/');
      const resume = page.getByRole('button', {
        name: `Continue lesson: Bowline, in Knots for sailors (${kind})`,
      });
      await resume.waitFor();
      await screenshot(page, 'home-continue-enrollment');
      await resume.click();
      await page.waitForURL(`**/enrollments/${enrollmentId}/lessons/${path.lessons[1]!.id}`);
      await body.getByText('Bowline starts with a full turn').waitFor();
      await page.getByText('lesson 2 of 3', { exact: false }).waitFor();
      await screenshot(page, 'enrollment-lesson-continued');
      // Back goes to where the learner came from (Home).
      await page.getByRole('button', { name: 'Go back' }).last().click();
      await page.waitForURL((u) => u.pathname === '/');

      // Profile → My enrolments → the enrolment; leaving asks first, and cancelling keeps it.
      await page.getByRole('tab', { name: 'Profile' }).click();
      await page.getByRole('button', { name: /My enrolments/ }).click();
      await page.waitForURL('**/enrollments');
      await page
        .getByRole('button', { name: `Enrolment: Knots for sailors (${kind}), 33% complete` })
        .click();
      await page.waitForURL(`**/enrollments/${enrollmentId}`);
      await page.getByRole('button', { name: /Lesson 1: Cleat hitch, completed/ }).waitFor();
      await page.getByRole('button', { name: 'Leave this path' }).click();
      const dialog = page.getByRole('dialog', { name: 'Leave this path?' });
      await dialog.getByText(/Your progress is kept/).waitFor();
      await screenshot(page, 'enrollment-leave-confirm');
      await axe.check(page, 'leave-dialog');
      await dialog.getByRole('button', { name: 'Stay enrolled' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await callApi(page, 'GET', `/api/v1/enrollments/${enrollmentId}`)).status).toBe(200);
      await page.getByRole('button', { name: 'Leave this path' }).click();
      await dialog.getByRole('button', { name: 'Leave the path' }).click();
      await page.waitForURL('**/enrollments');
      await page.getByText('No enrolments yet').waitFor();
      await screenshot(page, 'enrollments-after-leave');
      await axe.check(page, 'enrollments-empty');
      expect((await callApi(page, 'GET', `/api/v1/enrollments/${enrollmentId}`)).status).toBe(404);

      // The enrolment left, a malformed id and an unknown lesson: not-found screens in words.
      for (const [url, what] of [
        [`/enrollments/${enrollmentId}`, 'This enrolment isn’t here'],
        ['/enrollments/not-an-id', 'This enrolment isn’t here'],
        [`/enrollments/${enrollmentId}/lessons/${path.lessons[0]!.id}`, 'This lesson isn’t here'],
        ['/catalog/123', 'This path isn’t here'],
        [`/catalog/${enrollmentId}`, 'This path isn’t here'],
      ] as const) {
        await page.goto(url);
        await page.getByText(what).waitFor();
        expect(
          await page.getByText(/Invalid params|must be a UUID|Enrolment not found|path not found/i).count(),
        ).toBe(0);
      }
      await screenshot(page, 'enrollment-not-found');
      await axe.check(page, 'not-found');

      // Enrolling again resumes the kept progress.
      await page.goto(`/catalog/${path.id}`);
      await page.getByRole('button', { name: 'Enrol in this path' }).click();
      await page.getByRole('button', { name: /Lesson 1: Cleat hitch, completed/ }).waitFor();
      expect(axe.found).toEqual({});
      expect(errors).toEqual([]);
    });

    it(`My enrolments pages through more than one page (${kind})`, async () => {
      const tutor = await becomeTutor(e2e, kind === 'phone' ? 'Bligh' : 'Hornblower');
      const ids: string[] = [];
      for (let i = 1; i <= 13; i++)
        ids.push((await publishPath(e2e, tutor, `Harbour skills ${i} (${kind})`, ['Mooring'])).id);
      const { page, errors } = await newLearner(e2e, size);
      for (const id of ids)
        expect((await callApi(page, 'POST', `/api/v1/catalog/paths/${id}/enroll`)).status).toBe(201);

      await page.goto('/enrollments');
      const rows = page.getByRole('button', { name: /^Enrolment: Harbour skills/ });
      await rows.first().waitFor();
      await expectOneH1(page, 'My enrolments');
      expect(await page.title()).toContain('My enrolments');
      // The first page: ten, most recent first (the last enrolled at the top).
      expect(await rows.count()).toBe(10);
      expect(await rows.first().getAttribute('aria-label')).toBe(
        `Enrolment: Harbour skills 13 (${kind}), 0% complete`,
      );
      await screenshot(page, 'enrollments-first-page');
      if (kind === 'phone') {
        // Scrolling to the end loads the next page.
        await rows.last().scrollIntoViewIfNeeded();
        await page.mouse.wheel(0, 4000);
      } else {
        // A tall window may already show the end of the list, which loads the next page by itself
        // (as a list does when you reach its end): either way the rest arrives.
        await Promise.race([
          page.getByRole('button', { name: 'Load more enrolments' }).click(),
          page.getByText('All 13 of your enrolments').waitFor(),
        ]);
      }
      await page.getByText('All 13 of your enrolments').waitFor();
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(labels).toHaveLength(13);
      expect(new Set(labels).size).toBe(13);
      expect(labels.at(-1)).toBe(`Enrolment: Harbour skills 1 (${kind}), 0% complete`);
      expect(await page.getByRole('button', { name: 'Load more enrolments' }).count()).toBe(0);
      await screenshot(page, 'enrollments-all-pages');
      const axe = axeCollector();
      await axe.check(page, 'enrollments');
      expect(axe.found).toEqual({});
      expect(errors).toEqual([]);
    });
  }
});
