// A tutor publishes a path, a learner enrols and progresses, and the tutor dashboard shows it; a
// tutor without a display name is asked for one (learners would see "By a tutor"), never blocked.
import { expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { callApi } from './support/learner-api.ts';
import {
  describeInBrowser,
  DESKTOP,
  PHONE,
  screenshot,
  signUpThroughUi,
  uniqueEmail,
} from './support/web.ts';

describeInBrowser('tutor.test.ts', 'tutors in the browser', (e2e) => {
  it('publishes a path that a learner enrols in and progresses through, shown on the tutor dashboard', async () => {
    // The tutor.
    const tutor = await e2e.newPage(DESKTOP);
    await signUpThroughUi(tutor.page, { email: uniqueEmail('tutor') });
    await tutor.page.getByLabel('Display name').fill('Ms Rivera');
    await tutor.page.getByRole('button', { name: 'Get started' }).click();
    await tutor.page.getByRole('tab', { name: 'Profile' }).click();
    await tutor.page.getByRole('button', { name: 'Become a tutor' }).click();
    await tutor.page.getByLabel('Headline').fill('Biology teacher, 10 years');
    await tutor.page.getByLabel('Subjects (comma separated)').fill('Biology, Ecology');
    await tutor.page.getByRole('button', { name: 'Create my tutor profile' }).click();
    await tutor.page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
    await tutor.page.getByLabel('Path topic').fill('Cell biology');
    await tutor.page.getByRole('button', { name: 'Draft with AI' }).click();
    const draft = tutor.page.getByTestId('tutor-draft');
    await draft.waitFor({ timeout: 30_000 });
    const title = (await draft.locator('div[dir="auto"]').first().textContent())!.trim();
    expect(title).toMatch(/cell biology/i);
    await draft.getByRole('button', { name: `Publish ${title}` }).click();
    const stats = tutor.page.getByTestId('tutor-path-stats');
    await stats.waitFor();
    expect(await stats.getByLabel('Learners: 0').count()).toBe(1);

    // The learner finds it on Discover, enrols and completes the first lesson.
    const learner = await e2e.newPage();
    await signUpThroughUi(learner.page, { email: uniqueEmail('pupil') });
    await learner.page.getByLabel('Display name').fill('Pupil Pat');
    await learner.page.getByRole('button', { name: 'Get started' }).click();
    await learner.page.getByRole('tab', { name: 'Discover' }).click();
    await learner.page.getByRole('button', { name: `path: ${title}` }).click();
    await learner.page.getByText(/^By Ms Rivera · Biology teacher/).waitFor();
    await learner.page.getByRole('button', { name: 'Enrol in this path' }).click();
    await learner.page.getByRole('button', { name: 'Start the first lesson' }).click();
    // Offline (no model), the lesson a learner reads is the tutor's outline.
    await learner.page.getByText('Lesson outline', { exact: true }).waitFor();
    await learner.page.getByRole('button', { name: 'Mark lesson complete' }).click();
    const done = learner.page.getByRole('alert').filter({ hasText: 'Lesson complete' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/\+\d+ XP/);
    await learner.page.getByRole('button', { name: 'All lessons' }).click();
    await learner.page.getByRole('button', { name: /Lesson 1: .*, completed/ }).waitFor();

    // The tutor's dashboard shows the learner and their progress.
    await tutor.page.reload();
    await stats.waitFor();
    await stats.getByLabel('Learners: 1').waitFor();
    const learnerRow = stats.getByLabel(/Learner Pupil Pat: \d+% complete/);
    await learnerRow.waitFor();
    expect(
      Number((await learnerRow.getAttribute('aria-label'))!.match(/(\d+)% complete/)![1]),
    ).toBeGreaterThan(0);
    await screenshot(tutor.page, 'tutor-dashboard-stats');
    expect(tutor.errors).toEqual([]);
    expect(learner.errors).toEqual([]);
  });

  it('a tutor without a display name is asked for one on the dashboard and the path, and can publish without it', async () => {
    const { page, errors } = await e2e.newPage(PHONE);
    await signUpThroughUi(page, { email: uniqueEmail('nameless') });
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Become a tutor' }).click();
    await page.getByLabel('Headline').fill('Geology teacher');
    await page.getByRole('button', { name: 'Create my tutor profile' }).click();
    await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
    const prompt = page.getByText('Learners see you as “a tutor”');
    await prompt.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tutor-name-prompt');

    await page.getByLabel('Path topic').fill('Plate tectonics');
    await page.getByRole('button', { name: 'Draft with AI' }).click();
    const draft = page.getByTestId('tutor-draft');
    await draft.waitFor({ timeout: 30_000 });
    const title = (await draft.locator('div[dir="auto"]').first().textContent())!.trim();
    await draft.getByRole('button', { name: `Open ${title}` }).click();
    // Where the path is published: asked again, and publishing is not held up by it.
    const status = page.getByTestId('tutor-path-status');
    await status.getByText('Learners see you as “a tutor”').waitFor();
    await status.getByRole('button', { name: 'Publish', exact: true }).click();
    await status.getByText('In the catalog: learners can find and enrol in it.', { exact: false }).waitFor();
    const listed = await callApi(page, 'GET', '/api/v1/catalog/paths?limit=50');
    const mine = listed.body.items.find((p: { title: string }) => p.title === title);
    expect(mine.tutor.displayName).toBeNull();

    // Adding the name right there: the prompt goes, and learners see the name.
    await status.getByRole('button', { name: 'Add a display name' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit profile' });
    await dialog.getByLabel('Display name').fill('Mr Okafor');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await status.getByText('Learners see you as “a tutor”').waitFor({ state: 'detached' });
    const again = await callApi(page, 'GET', `/api/v1/catalog/paths/${mine.id}`);
    expect(again.body.tutor.displayName).toBe('Mr Okafor');
    await page.goto('/tutor/dashboard');
    await page.getByRole('heading', { name: 'Draft a new path' }).waitFor();
    expect(await prompt.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a tutor edits the tutor profile with the creation form, and Profile shows its “About you”', async () => {
    const { page, errors } = await e2e.newPage(PHONE);
    await signUpThroughUi(page, { email: uniqueEmail('tutor-edit') });
    await page.getByLabel('Display name').fill('Mr Okafor');
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Become a tutor' }).click();
    await page.getByLabel('Headline').fill('Chemistry teacher');
    await page.getByLabel('About you (optional)').fill('I teach chemistry with kitchen experiments.');
    await page.getByLabel('Subjects (comma separated)').fill('Chemistry');
    await page.getByRole('button', { name: 'Create my tutor profile' }).click();
    const card = page.getByTestId('tutor-profile');
    await card.getByText('I teach chemistry with kitchen experiments.').waitFor();

    // Profile shows the tutor's "About you", not the prompt to add a bio.
    await page.goBack();
    await page.getByText('I teach chemistry with kitchen experiments.').waitFor();
    expect(await page.getByText('Add a short bio', { exact: false }).count()).toBe(0);

    // The dashboard's tutor profile: Edit opens the same form, filled in; Save keeps the changes.
    await page.getByRole('button', { name: 'Tutor dashboard' }).click();
    await card.getByRole('button', { name: 'Edit tutor profile' }).click();
    expect(await card.getByLabel('Headline').inputValue()).toBe('Chemistry teacher');
    expect(await card.getByLabel('Subjects (comma separated)').inputValue()).toBe('Chemistry');
    await card.getByLabel('Headline').fill('Chemistry and physics teacher');
    await card.getByLabel('About you (optional)').fill('Experiments first, formulas after.');
    await card.getByLabel('Subjects (comma separated)').fill('Chemistry, Physics');
    await card.getByRole('button', { name: 'Save tutor profile' }).click();
    await card.getByRole('button', { name: 'Edit tutor profile' }).waitFor();
    expect(await card.textContent()).toContain('Subjects: Chemistry, Physics');
    expect(await seriousViolations(page)).toEqual([]);
    const saved = await callApi(page, 'GET', '/api/v1/tutor/profile');
    expect(saved.body).toMatchObject({
      headline: 'Chemistry and physics teacher',
      bio: 'Experiments first, formulas after.',
      subjects: ['Chemistry', 'Physics'],
    });
    await screenshot(page, 'tutor-edit-profile');

    await page.goBack();
    await page.getByText('Experiments first, formulas after.').waitFor();
    expect(errors).toEqual([]);
  });
});
