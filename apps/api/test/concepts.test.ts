// Concepts and mastery (issue 17): concepts from documents, lessons and chats, one card per concept
// and source, mastery from FSRS state and answers, weak-spot practice and the next step. Real
// server, real database, the offline engine (deterministic questions from the learner's text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { ConceptDetail, ConceptsPage, MakeCardsResult, NextStep, PracticeSession } from '@chitchat/contracts';
import {
  expectErrorShape,
  signUp,
  startServer,
  startServerWithFakeGemini,
  type TestServer,
  type TestUser,
} from './harness.ts';
import { partsText } from './fakes/gemini.ts';
import { startFakeOpenAi } from './fakes/openai.ts';
import { createPath, enroll, publish } from './tutor-fixtures.ts';
import { newCard } from '../src/features/review/scheduler.ts';
import { saveConcepts } from '../src/features/concepts/sources.ts';
import { afterChatTurn } from '../src/features/concepts/service.ts';
import { OFFLINE_NOTICE, offlineTitle } from '../src/features/chat/offline.ts';

const newCardState = () => newCard().fsrs;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { AI_PROVIDER: 'offline' } });
});
afterAll(async () => {
  await server?.close();
});

const PAGES = [
  'The mitochondrion is the organelle that produces most of the cell’s ATP. Ribosomes build proteins from amino acids. The mitochondrion has its own DNA.',
  'The nucleus stores the cell’s DNA. The cell membrane controls what enters and leaves the cell. Chloroplasts capture light in plant cells. Ribosomes read messenger RNA.',
];
const KEY_CONCEPTS = [
  { name: 'Mitochondrion', explanation: 'Produces ATP.' },
  { name: 'Ribosomes', explanation: 'Build proteins.' },
  { name: 'ribosome', explanation: 'The same concept, singular.' },
  { name: 'Nucleus', explanation: 'Stores DNA.' },
  { name: '**Offline mode**: no AI model is connected to this server', explanation: 'A notice.' },
  { name: '{{topic}}', explanation: 'A template placeholder.' },
];

/** A processed document with its analysis, as the uploads feature leaves it (written as that learner). */
async function document(u: TestUser, keyConcepts = KEY_CONCEPTS, name = 'cell-biology.pdf') {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, async (tx) => {
    await tx
      .insertInto('uploads')
      .values({
        id,
        user_id: u.id,
        kind: 'document',
        file_name: name,
        path: `user-uploads/${u.id}/documents/${id}.pdf`,
        declared_type: 'application/pdf',
        declared_size: 1000,
        status: 'ready',
        analysis: JSON.stringify({ summary: 'Cells.', keyConcepts, suggestedQuestions: [] }),
      })
      .execute();
    for (const [i, text] of PAGES.entries())
      await tx
        .insertInto('document_chunks')
        .values({ upload_id: id, user_id: u.id, ord: i, page: i + 1, text })
        .execute();
  });
  return id;
}

const LESSONS = [
  {
    id: 'l1',
    title: 'Light reactions',
    objectives: ['Explain how chlorophyll absorbs light', 'Describe the role of water splitting'],
    outline: [
      'Chlorophyll absorbs red and blue light and reflects green light.',
      'Water splitting releases oxygen and supplies electrons to the chain.',
    ],
    exercises: ['Draw the light reactions.'],
    estimatedMinutes: 30,
    difficulty: 'beginner',
  },
  {
    id: 'l2',
    title: 'The Calvin cycle',
    objectives: ['Explain carbon fixation by rubisco'],
    outline: ['Rubisco fixes carbon dioxide into sugar during carbon fixation.'],
    exercises: ['Trace one carbon atom.'],
    estimatedMinutes: 30,
    difficulty: 'beginner',
  },
];

/** A learning path a model wrote (offline = false), or the offline engine's outline. */
async function path(u: TestUser, offline = false) {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, (tx) =>
    tx
      .insertInto('learning_paths')
      .values({
        id,
        user_id: u.id,
        title: 'Photosynthesis',
        lessons: JSON.stringify(LESSONS),
        offline,
      })
      .execute(),
  );
  return id;
}

const makeCards = (u: TestUser, source: unknown) => u.api.post('/api/v1/concepts/cards', { source });
const list = async (u: TestUser, q = '') => {
  const res = await u.api.get(`/api/v1/concepts${q}`);
  expect(res.status).toBe(200);
  return ConceptsPage.parse(res.body);
};
async function answer(u: TestUser, cardId: string, right: boolean) {
  const card = await server.ctx.db.admin
    .selectFrom('review_cards')
    .select(['answer'])
    .where('id', '=', cardId)
    .executeTakeFirstOrThrow();
  const res = await u.api.post(`/api/v1/review/cards/${cardId}/answer`, {
    answer: right ? card.answer : 'zzz not it',
  });
  expect(res.status).toBe(200);
  expect(res.body.correct).toBe(right);
  return res.body;
}

describe('concepts from a document, and cards from them', () => {
  it('saves the document’s key concepts once each (plural/singular, case) and never the server’s own text', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const res = await makeCards(u, { type: 'document', id: doc });
    expect(res.status).toBe(200);
    const result = MakeCardsResult.parse(res.body);
    expect(result.concepts.map((c) => c.name).sort()).toEqual(['Mitochondrion', 'Nucleus', 'Ribosomes']);
    const rows = await server.ctx.db.admin
      .selectFrom('concepts')
      .select(['name', 'norm_name'])
      .where('user_id', '=', u.id)
      .execute();
    expect(rows.map((r) => r.norm_name).sort()).toEqual(['mitochondrion', 'nucleus', 'ribosome'].sort());
    for (const r of rows) expect(r.name).not.toMatch(/offline|\{\{/i);
  });

  it('makes one card per concept and source, each linked to its concept; asking again makes nothing new', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const first = MakeCardsResult.parse((await makeCards(u, { type: 'document', id: doc })).body);
    expect(first.created.length).toBeGreaterThan(0);
    expect(first.skipped).toBe(0);
    for (const c of first.created) expect(c.source).toMatchObject({ type: 'document', id: doc });
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['concept_id', 'card_id'])
      .where('user_id', '=', u.id)
      .execute();
    expect(links.map((l) => l.card_id).sort()).toEqual(first.created.map((c) => c.id).sort());
    // One card per concept for this source.
    expect(new Set(links.map((l) => l.concept_id)).size).toBe(links.length);
    for (const c of first.concepts.filter((k) => links.some((l) => l.concept_id === k.id)))
      expect(c.cardCount).toBe(1);
    // Concepts the material had no question about are counted, not claimed covered.
    expect(first.uncovered).toBe(first.concepts.filter((k) => k.cardCount === 0).length);

    const again = await makeCards(u, { type: 'document', id: doc });
    expect(again.status).toBe(200);
    expect(again.body.created).toEqual([]);
    expect(again.body.uncovered).toBe(first.uncovered);
    const cards = await server.ctx.db.admin
      .selectFrom('review_cards')
      .select('id')
      .where('user_id', '=', u.id)
      .execute();
    expect(cards.length).toBe(first.created.length);
  });

  it('cards generated from a document (“Review”, “Quiz me”) learn their concepts by themselves', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const generated = await u.api.post('/api/v1/review/generate', {
      source: { type: 'document', id: doc },
      count: 6,
    });
    expect(generated.status).toBe(201);
    const cardIds = (generated.body.items as { id: string }[]).map((c) => c.id);
    await server.ctx.jobs.idle();
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['concept_id', 'card_id', 'source_key'])
      .where('user_id', '=', u.id)
      .execute();
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(cardIds).toContain(l.card_id);
      expect(l.source_key).toBe(`document:${doc}`);
    }
    // One card per concept and source still holds.
    expect(new Set(links.map((l) => l.concept_id)).size).toBe(links.length);
  });

  it('links the cards “Review” already made from the document instead of making a second card per concept', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const earlier = await u.api.post('/api/v1/review/generate', {
      source: { type: 'document', id: doc },
      count: 6,
    });
    expect(earlier.status).toBe(201);
    const earlierIds = (earlier.body.items as { id: string }[]).map((c) => c.id);
    const made = MakeCardsResult.parse((await makeCards(u, { type: 'document', id: doc })).body);
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['concept_id', 'card_id'])
      .where('user_id', '=', u.id)
      .execute();
    // Some earlier cards now test concepts; every concept has at most one card from this document.
    expect(links.filter((l) => earlierIds.includes(l.card_id)).length).toBeGreaterThan(0);
    expect(made.skipped).toBe(links.filter((l) => earlierIds.includes(l.card_id)).length);
    expect(new Set(links.map((l) => l.concept_id)).size).toBe(links.length);
    for (const c of made.created) expect(earlierIds).not.toContain(c.id);
  });

  it('shows a concept with its sources and cards; someone else’s concept and document are 404s', async () => {
    const u = await signUp(server);
    const other = await signUp(server, 'other');
    const doc = await document(u);
    const made = MakeCardsResult.parse((await makeCards(u, { type: 'document', id: doc })).body);
    const withCard = made.concepts.find((c) => c.cardCount === 1)!;
    const res = await u.api.get(`/api/v1/concepts/${withCard.id}`);
    expect(res.status).toBe(200);
    const detail = ConceptDetail.parse(res.body);
    expect(detail.sources).toEqual([
      {
        type: 'document',
        id: doc,
        lessonId: null,
        enrollmentId: null,
        title: 'cell-biology.pdf',
        deleted: false,
      },
    ]);
    expect(detail.cards).toHaveLength(1);
    expect(detail.level).toBe('unknown');
    expect(detail.mastery).toBeNull();

    const theirs = await other.api.get(`/api/v1/concepts/${withCard.id}`);
    expect(theirs.status).toBe(404);
    expectErrorShape(theirs.body);
    expect((await makeCards(other, { type: 'document', id: doc })).status).toBe(404);
    expect((await list(other)).items).toEqual([]);

    // The data export has the concept map: concepts, where they came from, which cards test them.
    const exported = await u.api.get('/api/v1/profile/export');
    expect(exported.status).toBe(200);
    expect(exported.body.concepts.map((c: { name: string }) => c.name).sort()).toEqual(
      made.concepts.map((c) => c.name).sort(),
    );
    expect(exported.body.conceptSources).toContainEqual({
      conceptId: withCard.id,
      sourceType: 'document',
      sourceId: doc,
      lessonId: null,
      title: 'cell-biology.pdf',
    });
    expect(exported.body.conceptCards).toContainEqual({
      conceptId: withCard.id,
      cardId: detail.cards[0]!.id,
    });
    expect(exported.body.conceptCards).toHaveLength(made.created.length);
    expect((await other.api.get('/api/v1/profile/export')).body.concepts).toEqual([]);
  });

  it('a deleted document stays a source, marked deleted (the concept and its cards stay)', async () => {
    const u = await signUp(server);
    const doc = await document(u, KEY_CONCEPTS, 'deleted-notes.pdf');
    const made = MakeCardsResult.parse((await makeCards(u, { type: 'document', id: doc })).body);
    const withCard = made.concepts.find((c) => c.cardCount === 1)!;
    expect((await u.api.delete(`/api/v1/uploads/${doc}`)).status).toBe(204);
    const detail = ConceptDetail.parse((await u.api.get(`/api/v1/concepts/${withCard.id}`)).body);
    expect(detail.sources).toEqual([
      {
        type: 'document',
        id: doc,
        lessonId: null,
        enrollmentId: null,
        title: 'deleted-notes.pdf',
        deleted: true,
      },
    ]);
    expect(detail.cards).toHaveLength(1);
    expect((await u.api.get(`/api/v1/review/cards/${detail.cards[0]!.id}`)).status).toBe(200);
  });

  it('refuses bad input with a clear 400', async () => {
    const u = await signUp(server);
    for (const body of [
      { source: { type: 'document', id: 'not-a-uuid' } },
      { source: { type: 'lesson', id: crypto.randomUUID() } },
      { source: { type: 'path', id: crypto.randomUUID() } },
      { source: { type: 'document', id: crypto.randomUUID() }, extra: 1 },
    ]) {
      const res = await u.api.post('/api/v1/concepts/cards', body);
      expect(res.status).toBe(400);
      expectErrorShape(res.body);
    }
    const badCursor = await u.api.get('/api/v1/concepts?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expectErrorShape(badCursor.body);
    expect((await u.api.get('/api/v1/concepts/not-a-uuid')).status).toBe(400);
    expect((await u.api.post('/api/v1/concepts/practice', { limit: 0 })).status).toBe(400);
  });
});

describe('mastery, weak spots and the next step', () => {
  it('is unknown until answered, then moves with answers; practice picks the weak concept; the next step follows', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const made = MakeCardsResult.parse((await makeCards(u, { type: 'document', id: doc })).body);
    expect(made.created.length).toBeGreaterThanOrEqual(2);
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['concept_id', 'card_id'])
      .where('user_id', '=', u.id)
      .execute();
    const [weakLink, strongLink] = links;

    // Cards made but none answered: the next step is to review them, mastery unknown.
    const before = await list(u);
    expect(before.items.every((c) => c.level === 'unknown')).toBe(true);
    let step = NextStep.parse((await u.api.get('/api/v1/concepts/next-step')).body);
    expect(step.kind).toBe('review');
    expect(step.dueCount).toBe(made.created.length);

    await answer(u, weakLink!.card_id, false);
    const right = await answer(u, strongLink!.card_id, true);
    expect(right.xpAwarded).toBeGreaterThan(0);

    const after = await list(u);
    const weak = after.items.find((c) => c.id === weakLink!.concept_id)!;
    const strong = after.items.find((c) => c.id === strongLink!.concept_id)!;
    expect(weak.level).toBe('weak');
    expect(strong.level).toBe('strong');
    expect(weak.mastery!).toBeLessThan(strong.mastery!);
    // Weakest first, concepts not known yet last.
    expect(after.items[0]!.id).toBe(weak.id);
    expect(after.items.at(-1)!.level).toBe('unknown');
    expect(after.counts).toMatchObject({ weak: 1, strong: 1 });
    const strongest = await list(u, '?order=strongest');
    expect(strongest.items[0]!.id).toBe(strong.id);

    step = NextStep.parse((await u.api.get('/api/v1/concepts/next-step')).body);
    expect(step.kind).toBe('practise');
    expect(step.reason).toBe('1 concept from cell-biology.pdf is weak');
    expect(step.conceptIds).toContain(weak.id);
    expect(step.conceptIds).not.toContain(strong.id);

    const session = PracticeSession.parse((await u.api.post('/api/v1/concepts/practice', {})).body);
    expect(session.concepts[0]!.id).toBe(weak.id);
    // The weak concept's card first; the strong concept's only last, to fill the session.
    expect(session.items[0]!.id).toBe(weakLink!.card_id);
    expect(session.items.at(-1)!.id).toBe(strongLink!.card_id);
    const short = PracticeSession.parse((await u.api.post('/api/v1/concepts/practice', { limit: 1 })).body);
    expect(short.items.map((c) => c.id)).toEqual([weakLink!.card_id]);
    expect(short.concepts.map((c) => c.id)).toEqual([weak.id]);
    // The weak card is in relearning (due in minutes): answering it now is practice — no XP, the
    // schedule as it was — but the answer still counts towards mastery.
    const practised = await answer(u, weakLink!.card_id, true);
    expect(practised.practice).toBe(true);
    expect(practised.xpAwarded).toBe(0);
    const detail = await (async () => {
      for (let i = 0; i < 50; i++) {
        const d = ConceptDetail.parse((await u.api.get(`/api/v1/concepts/${weak.id}`)).body);
        if (d.recentAnswers.length === 2) return d;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the practice answer never reached the activity log');
    })();
    expect(detail.recentAnswers.map((a) => a.correct)).toEqual([true, false]);
    expect(detail.mastery!).toBeGreaterThan(weak.mastery!);

    // One concept only, on request; a concept that is not mine is a 404.
    const one = PracticeSession.parse(
      (await u.api.post('/api/v1/concepts/practice', { conceptId: strong.id })).body,
    );
    expect(one.items.map((c) => c.id)).toEqual([strongLink!.card_id]);
    expect((await u.api.post('/api/v1/concepts/practice', { conceptId: crypto.randomUUID() })).status).toBe(
      404,
    );
  });

  it('pages the list with a cursor, each concept once', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    await makeCards(u, { type: 'document', id: doc });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ConceptsPage = await list(u, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });
});

describe('concepts from lessons and chats', () => {
  it('a completed lesson’s objectives become concepts, and cards on request', async () => {
    const u = await signUp(server);
    const p = await path(u);
    expect((await u.api.get(`/api/v1/learning-paths/${p}/lessons/l1`)).status).toBe(200);
    const done = await u.api.post(`/api/v1/learning-paths/${p}/lessons/l1/complete`, {});
    expect(done.status).toBe(200);
    const concepts = await list(u);
    expect(concepts.items.map((c) => c.name).sort()).toEqual([
      'How chlorophyll absorbs light',
      'The role of water splitting',
    ]);
    const res = await makeCards(u, { type: 'lesson', id: p, lessonId: 'l1' });
    expect(res.status).toBe(200);
    const made = MakeCardsResult.parse(res.body);
    expect(made.created.length).toBeGreaterThan(0);
    for (const c of made.created) expect(c.source).toMatchObject({ type: 'lesson', id: p, lessonId: 'l1' });
    const detail = ConceptDetail.parse(
      (await u.api.get(`/api/v1/concepts/${made.concepts.find((c) => c.cardCount)!.id}`)).body,
    );
    expect(detail.sources[0]).toEqual({
      type: 'lesson',
      id: p,
      lessonId: 'l1',
      enrollmentId: null,
      title: 'Light reactions',
      deleted: false,
    });
    expect((await makeCards(u, { type: 'lesson', id: p, lessonId: 'l1' })).body.created).toEqual([]);
  });

  it('an offline outline gives no concepts and no cards (its text is the server’s template)', async () => {
    const u = await signUp(server);
    const p = await path(u, true);
    await u.api.get(`/api/v1/learning-paths/${p}/lessons/l1`);
    expect((await u.api.post(`/api/v1/learning-paths/${p}/lessons/l1/complete`, {})).status).toBe(200);
    expect((await list(u)).items).toEqual([]);
    const res = await makeCards(u, { type: 'lesson', id: p, lessonId: 'l1' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('no_material');
    expect(
      await server.ctx.db.admin.selectFrom('review_cards').select('id').where('user_id', '=', u.id).execute(),
    ).toEqual([]);
  });

  it('a chat’s topic becomes a concept after a few turns; offline notices never become cards', async () => {
    const u = await signUp(server);
    const first = await u.api.post('/api/v1/chat', { message: 'Explain plate tectonics' });
    expect(first.status).toBe(200);
    const sessionId = first.body.sessionId as string;
    for (const m of ['What moves the plates?', 'Where do plates collide?'])
      expect((await u.api.post('/api/v1/chat', { message: m, sessionId })).status).toBe(200);
    let concepts: ConceptsPage = await list(u);
    for (let i = 0; i < 50 && !concepts.items.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      concepts = await list(u);
    }
    expect(concepts.items.map((c) => c.name)).toEqual(['Plate tectonics']);
    // Its answers are offline-mode notices: nothing to make cards from.
    const res = await makeCards(u, { type: 'session', id: sessionId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('no_material');
  });

  it('a chat named after the learner’s question (no model to name it) gives no concept: a question is not a topic', async () => {
    const u = await signUp(server);
    const question = 'Where in the chloroplast does the Calvin cycle happen';
    const first = await u.api.post('/api/v1/chat', { message: question });
    expect(first.status).toBe(200);
    const sessionId = first.body.sessionId as string;
    for (const m of ['I think in the thylakoids', 'Just tell me'])
      expect((await u.api.post('/api/v1/chat', { message: m, sessionId })).status).toBe(200);
    await server.ctx.jobs.idle();
    const session = await u.api.get(`/api/v1/chat/sessions/${sessionId}`);
    expect(session.body.title.toLowerCase()).toContain('calvin cycle');
    await new Promise((r) => setTimeout(r, 500));
    expect((await list(u)).items).toEqual([]);
  });

  it('with the automatic setting, completing a lesson makes its cards', async () => {
    const u = await signUp(server);
    expect((await u.api.patch('/api/v1/profile', { preferences: { autoCards: true } })).status).toBe(200);
    const p = await path(u);
    await u.api.get(`/api/v1/learning-paths/${p}/lessons/l2`);
    expect((await u.api.post(`/api/v1/learning-paths/${p}/lessons/l2/complete`, {})).status).toBe(200);
    await server.ctx.jobs.idle();
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['source_key'])
      .where('user_id', '=', u.id)
      .execute();
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.source_key).toBe(`lesson:${p}:l2`);
  });
});

describe('what a new path is planned from', () => {
  it('sends the model the learner’s weak and strong concepts on the topic, and nothing unrelated', async () => {
    const { gemini, server: withModel } = await startServerWithFakeGemini();
    try {
      const u = await signUp(withModel);
      // Two concepts on cells, one answered wrong (weak) and one right (strong); one on cooking.
      const ids: string[] = [];
      await withModel.ctx.db.asUser(u.id, async (tx) => {
        for (const name of ['Cell membrane', 'Cell nucleus', 'Sourdough starter']) {
          const c = await tx
            .insertInto('concepts')
            .values({ user_id: u.id, name, norm_name: name.toLowerCase() })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push(c.id);
        }
      });
      const doc = crypto.randomUUID();
      await withModel.ctx.db.asUser(u.id, (tx) =>
        tx
          .insertInto('uploads')
          .values({
            id: doc,
            user_id: u.id,
            kind: 'document',
            file_name: 'cells.pdf',
            path: `user-uploads/${u.id}/documents/${doc}.pdf`,
            declared_type: 'application/pdf',
            declared_size: 10,
            status: 'ready',
          })
          .execute(),
      );
      // Cards for all three concepts, written as the concepts feature writes them.
      await withModel.ctx.db.asUser(u.id, async (tx) => {
        for (const [i, id] of ids.entries()) {
          const r = await tx
            .insertInto('review_cards')
            .values({
              user_id: u.id,
              source_type: 'document',
              source_id: doc,
              question_type: 'short_answer',
              question: `Q${i}`,
              answer: 'x',
              hints: JSON.stringify(['h']),
              explanation: 'e',
              difficulty: 'easy',
              due: new Date(),
              fsrs: JSON.stringify(newCardState()),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('concept_cards')
            .values({ concept_id: id, card_id: r.id, user_id: u.id, source_key: `document:${doc}` })
            .execute();
          ids[i] = `${id}|${r.id}`;
        }
      });
      const cardOf = (i: number) => ids[i]!.split('|')[1];
      for (const [i, right] of [
        [0, false],
        [1, true],
        [2, false],
      ] as const)
        expect(
          (await u.api.post(`/api/v1/review/cards/${cardOf(i)}/answer`, { rating: right ? 'good' : 'again' }))
            .status,
        ).toBe(200);

      gemini.enqueue({
        json: {
          title: 'Cells',
          description: 'Cells.',
          objectives: ['Know cells'],
          estimatedHours: 1,
          lessons: ['Membranes', 'Nuclei', 'Organelles', 'Division'].map((title) => ({
            title,
            objectives: [title],
            outline: ['a', 'b'],
            exercises: ['c'],
            estimatedMinutes: 30,
            difficulty: 'beginner',
          })),
        },
      });
      const res = await u.api.post('/api/v1/learning-paths', {
        topic: 'Cell biology',
        difficulty: 'beginner',
      });
      expect(res.status).toBe(201);
      const sent = gemini.modelRequests.at(-1)!.body.contents.map(partsText).join('\n');
      expect(sent).toContain('Concepts the learner is weak on (revisit them): Cell membrane');
      expect(sent).toContain('Concepts the learner has mastered (skip them): Cell nucleus');
      expect(sent).not.toContain('Sourdough');
    } finally {
      await withModel.close();
    }
  });
});

describe('deduplicating by meaning', () => {
  it('merges a name whose embedding is as good as the same (≥ 0.9 cosine), keeps a different one apart', async () => {
    const u = await signUp(server);
    const doc = await document(u, []);
    const source = { type: 'document' as const, id: doc };
    const ids = await server.ctx.db.asUser(u.id, async (tx) => {
      const first = await saveConcepts(tx, u.id, source, 'cell-biology.pdf', [
        { name: 'Photosynthesis', norm: 'photosynthesis', embedding: [1, 0, 0] },
      ]);
      const second = await saveConcepts(tx, u.id, source, 'cell-biology.pdf', [
        {
          name: 'How plants make sugar from light',
          norm: 'how plant make sugar from light',
          embedding: [0.98, 0.1, 0],
        },
        { name: 'Respiration', norm: 'respiration', embedding: [0, 1, 0] },
      ]);
      return { first, second };
    });
    expect(ids.second[0]).toBe(ids.first[0]);
    expect(ids.second[1]).not.toBe(ids.first[0]);
    expect((await list(u)).items.map((c) => c.name).sort()).toEqual(['Photosynthesis', 'Respiration']);
  });
});

/** The concept list once it has at least `n` items (chat topics are drawn after the answer is sent). */
async function eventually(u: TestUser, n: number) {
  let page = ConceptsPage.parse((await u.api.get('/api/v1/concepts')).body);
  for (let i = 0; i < 100 && page.items.length < n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    page = ConceptsPage.parse((await u.api.get('/api/v1/concepts')).body);
  }
  return page;
}

// Three model answers about plate tectonics: their key terms recur (plates, mantle, subduction).
const ANSWERS = [
  'Plate tectonics describes how the lithosphere is broken into plates. The plates move slowly over the mantle. Subduction happens where one plate sinks beneath another.',
  'Mantle convection moves the plates: hot rock rises in the mantle and cooler rock sinks, dragging the plates along. Subduction pulls plates down at trenches.',
  'Plates collide at convergent boundaries. In subduction the denser plate sinks into the mantle, and volcanoes form above it.',
];

describe('concepts from every source: enrolled tutor lessons, a chat’s topics', () => {
  it('a completed lesson of an enrolled tutor path gives its objectives, linked to that lesson; cards when automatic', async () => {
    const t = await signUp(server, 'tutor');
    expect(
      (await t.api.post('/api/v1/tutor/profile', { headline: 'Biology teacher', subjects: ['biology'] }))
        .status,
    ).toBe(201);
    const p = await publish(
      t,
      (await createPath(t, { title: 'Photosynthesis', lessons: LESSONS.map(({ id: _id, ...l }) => l) })).id,
    );
    const u = await signUp(server);
    expect((await u.api.patch('/api/v1/profile', { preferences: { autoCards: true } })).status).toBe(200);
    const e = await enroll(u, p.id);
    expect((await u.api.get(`/api/v1/enrollments/${e.id}/lessons/l1`)).status).toBe(200);
    expect((await u.api.post(`/api/v1/enrollments/${e.id}/lessons/l1/complete`)).status).toBe(200);
    await server.ctx.jobs.idle();

    const concepts = await list(u);
    expect(concepts.items.map((c) => c.name).sort()).toEqual([
      'How chlorophyll absorbs light',
      'The role of water splitting',
    ]);
    const detail = ConceptDetail.parse((await u.api.get(`/api/v1/concepts/${concepts.items[0]!.id}`)).body);
    // It opens in the learner's enrolment (a tutor path's lesson is not at /paths/…).
    expect(detail.sources).toEqual([
      {
        type: 'lesson',
        id: p.id,
        lessonId: 'l1',
        enrollmentId: e.id,
        title: 'Light reactions',
        deleted: false,
      },
    ]);
    // The automatic cards: made from the tutor's lesson, each linked to its concept.
    const links = await server.ctx.db.admin
      .selectFrom('concept_cards')
      .select(['source_key'])
      .where('user_id', '=', u.id)
      .execute();
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.source_key).toBe(`lesson:${p.id}:l1`);
    // The tutor's own concept map is untouched.
    expect((await list(t)).items).toEqual([]);
  });

  it('a tutor’s lesson left as the offline engine drafted it makes no cards and no concepts; the lessons the tutor edited do', async () => {
    const t = await signUp(server, 'tutor');
    expect(
      (await t.api.post('/api/v1/tutor/profile', { headline: 'Geology', subjects: ['geology'] })).status,
    ).toBe(201);
    // No model: the draft is the offline engine's template.
    const drafted = await t.api.post('/api/v1/tutor/paths/generate', {
      topic: 'Volcanoes',
      difficulty: 'beginner',
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const edited = {
      objectives: ['Explain where most volcanoes form'],
      outline: ['Most volcanoes form where tectonic plates meet, above subduction zones.'],
      exercises: ['Explain where most volcanoes form on a map of the plates.'],
    };
    expect((await t.api.patch(`/api/v1/tutor/paths/${drafted.body.id}/lessons/l1`, edited)).status).toBe(200);
    const p = await publish(t, drafted.body.id);
    const u = await signUp(server);
    await enroll(u, p.id);

    for (const lessonId of ['l2', 'l3']) {
      const cards = await makeCards(u, { type: 'lesson', id: p.id, lessonId });
      expect(cards.status, lessonId).toBe(422);
      expect(cards.body.error.code).toBe('no_material');
      const review = await u.api.post('/api/v1/review/generate', {
        source: { type: 'lesson', id: p.id, lessonId },
        count: 6,
      });
      expect(review.status, lessonId).toBe(422);
    }
    expect((await list(u)).items).toEqual([]);

    // The edited lesson is the tutor's material: its statement makes cards, its instructions none.
    const l1 = await u.api.post('/api/v1/review/generate', {
      source: { type: 'lesson', id: p.id, lessonId: 'l1' },
      count: 6,
    });
    expect(l1.status, JSON.stringify(l1.body)).toBe(201);
    expect(l1.body.items.length).toBeGreaterThan(0);
    for (const c of l1.body.items) expect(c.question).not.toMatch(/explain|describe|predict/i);
  });

  it('never makes cards or concepts from a lesson’s instructions (exercises, “Explain …”, “Predict …”)', async () => {
    const u = await signUp(server);
    const id = crypto.randomUUID();
    const lesson = {
      id: 'l1',
      title: 'Volcanoes',
      objectives: ['Predict the outcome of a simple eruption', 'Explain where most volcanoes form'],
      outline: [
        'Most volcanoes form where tectonic plates meet.',
        'Lava is molten rock that reaches the surface.',
      ],
      exercises: [
        'Describe the mechanism behind volcanoes step by step.',
        'Predict where the next volcano forms.',
      ],
      estimatedMinutes: 30,
      difficulty: 'beginner',
    };
    await server.ctx.db.asUser(u.id, (tx) =>
      tx
        .insertInto('learning_paths')
        .values({ id, user_id: u.id, title: 'Volcanoes', lessons: JSON.stringify([lesson]) })
        .execute(),
    );
    const res = await u.api.post('/api/v1/review/generate', {
      source: { type: 'lesson', id, lessonId: 'l1' },
      count: 10,
    });
    expect(res.status).toBe(201);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const c of res.body.items) expect(c.question).not.toMatch(/^(explain|describe|predict)\b/i);
    await makeCards(u, { type: 'lesson', id, lessonId: 'l1' });
    const names = (await list(u)).items.map((c) => c.name);
    expect(names).toEqual(['Where most volcanoes form']);
  });

  it('a chat’s topics: its title and its answers’ key terms (no model), up to three; offline notices never count', async () => {
    const u = await signUp(server);
    const sessionId = crypto.randomUUID();
    await server.ctx.db.asUser(u.id, async (tx) => {
      await tx
        .insertInto('chat_sessions')
        .values({ id: sessionId, user_id: u.id, title: 'Plate tectonics' })
        .execute();
      const at = Date.now() - 60_000;
      const turns: [string, string, Record<string, unknown>][] = [
        ['user', 'Explain plate tectonics', {}],
        ['assistant', ANSWERS[0]!, { provider: 'local' }],
        ['user', 'Is the server offline?', {}],
        // The offline engine's notice, loud with its own words: never material, never a topic.
        [
          'assistant',
          `${OFFLINE_NOTICE}. ${OFFLINE_NOTICE}. Offline mode, offline mode.`,
          { provider: 'offline' },
        ],
        ['user', 'What moves the plates?', {}],
        ['assistant', ANSWERS[1]!, { provider: 'local' }],
        ['user', 'Where do plates collide?', {}],
        ['assistant', ANSWERS[2]!, { provider: 'local' }],
      ];
      for (const [i, [role, content, metadata]] of turns.entries())
        await tx
          .insertInto('chat_messages')
          .values({
            session_id: sessionId,
            user_id: u.id,
            role: role as 'user' | 'assistant',
            content,
            metadata: JSON.stringify(metadata),
            created_at: new Date(at + i * 1000),
          })
          .execute();
    });
    await afterChatTurn(server.ctx, u.id, sessionId);
    await server.ctx.jobs.idle();
    const names = (await list(u)).items.map((c) => c.name);
    expect(names).toHaveLength(3);
    expect(names).toContain('Plate tectonics');
    expect(names.filter((n) => /^(Mantle|Subduction|Plates?)$/.test(n))).toHaveLength(2);
    for (const n of names) expect(n).not.toMatch(/offline|model|server/i);
    // Each is linked to the conversation; a second call adds nothing.
    for (const c of (await list(u)).items) {
      const d = ConceptDetail.parse((await u.api.get(`/api/v1/concepts/${c.id}`)).body);
      expect(d.sources).toEqual([
        {
          type: 'session',
          id: sessionId,
          lessonId: null,
          enrollmentId: null,
          title: 'Plate tectonics',
          deleted: false,
        },
      ]);
    }
    await afterChatTurn(server.ctx, u.id, sessionId);
    await server.ctx.jobs.idle();
    expect((await list(u)).items).toHaveLength(3);
    // Deleting the chat keeps its concepts; their source says it is gone (the app shows no link).
    expect((await u.api.delete(`/api/v1/chat/sessions/${sessionId}`)).status).toBe(204);
    const after = ConceptDetail.parse(
      (await u.api.get(`/api/v1/concepts/${(await list(u)).items[0]!.id}`)).body,
    );
    expect(after.sources).toMatchObject([{ type: 'session', id: sessionId, deleted: true }]);
  });

  it('a title cut from the learner’s question is their clause, not a topic; a short one is', async () => {
    const u = await signUp(server);
    /** An offline chat (every answer the offline engine's), titled as the offline engine titles. */
    const offlineChat = async (question: string) => {
      const sessionId = crypto.randomUUID();
      await server.ctx.db.asUser(u.id, async (tx) => {
        await tx
          .insertInto('chat_sessions')
          .values({ id: sessionId, user_id: u.id, title: offlineTitle(question) })
          .execute();
        const at = Date.now() - 60_000;
        const turns: [string, string][] = [
          [question, 'From your notes: …'],
          ['Tell me more', 'From your notes: …'],
          ['And then?', 'From your notes: …'],
        ];
        for (const [i, [asked, answered]] of turns.entries())
          await tx
            .insertInto('chat_messages')
            .values([
              {
                session_id: sessionId,
                user_id: u.id,
                role: 'user',
                content: asked,
                created_at: new Date(at + i * 2000),
              },
              {
                session_id: sessionId,
                user_id: u.id,
                role: 'assistant',
                content: answered,
                metadata: JSON.stringify({ provider: 'offline' }),
                created_at: new Date(at + i * 2000 + 1000),
              },
            ])
            .execute();
      });
      await afterChatTurn(server.ctx, u.id, sessionId);
      await server.ctx.jobs.idle();
    };
    await offlineChat('How does the light-dependent stage of photosynthesis make ATP?');
    await offlineChat('Why do leaves change colour in autumn?');
    expect((await list(u)).items).toEqual([]);
    await offlineChat('What is osmosis?');
    expect((await list(u)).items.map((c) => c.name)).toEqual(['Osmosis']);
  });

  it('with a model: one call at the third answer names the topics; malformed and noisy items are dropped, the good ones kept', async () => {
    const openai = await startFakeOpenAi();
    // An OpenAI-compatible model without an embedding model: names alone deduplicate.
    const withModel = await startServer({
      env: { AI_BASE_URL: openai.url, AI_MODEL_CHAT: 'llama3.2', AI_RETRY_BASE_MS: '1' },
    });
    try {
      const u = await signUp(withModel);
      openai.enqueue({ text: ANSWERS[0]! }, { text: 'Plate tectonics' });
      const first = await u.api.post('/api/v1/chat', { message: 'Explain plate tectonics' });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const sessionId = first.body.sessionId as string;
      openai.enqueue({ text: ANSWERS[1]! });
      expect(
        (await u.api.post('/api/v1/chat', { message: 'What moves the plates?', sessionId })).status,
      ).toBe(200);
      openai.enqueue(
        { text: ANSWERS[2]! },
        {
          json: {
            topics: [
              'Plate tectonics',
              42,
              '',
              { name: 'Trenches' },
              OFFLINE_NOTICE,
              'What makes plates move?',
              '{{topic}}',
              'Subduction zones',
              'Mantle convection',
              'Convection currents in the mantle that slowly drag the rigid plates of the lithosphere across the planet',
            ],
          },
        },
      );
      expect(
        (await u.api.post('/api/v1/chat', { message: 'Where do plates collide?', sessionId })).status,
      ).toBe(200);
      const page = await eventually(u, 3);
      expect(page.items.map((c) => c.name).sort()).toEqual([
        'Mantle convection',
        'Plate tectonics',
        'Subduction zones',
      ]);
      const topicCalls = () =>
        openai.modelRequests.filter((r) => JSON.stringify(r.body.messages).includes('You list the topics'));
      expect(topicCalls()).toHaveLength(1);
      // The call saw the model's answers, not the learner's questions.
      const sent = JSON.stringify(topicCalls()[0]!.body.messages);
      expect(sent).toContain('Mantle convection moves the plates');
      expect(sent).not.toContain('Where do plates collide');
      // Later answers ask no model for topics again.
      openai.enqueue({ text: 'Volcanoes form above subduction zones.' });
      expect((await u.api.post('/api/v1/chat', { message: 'And volcanoes?', sessionId })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(topicCalls()).toHaveLength(1);
      expect((await u.api.get('/api/v1/concepts')).body.items).toHaveLength(3);
    } finally {
      await withModel.close();
      await openai.close();
    }
  });
});
