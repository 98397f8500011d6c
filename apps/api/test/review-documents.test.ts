// Review cards and library items from an uploaded document's extracted text (the uploads
// feature's `uploads` and `document_chunks` tables). `server` runs the harness's provider (offline,
// or the tiny local model with TEST_AI_PROVIDER=local, whose questions are valid nonsense);
// `offline` is explicitly the offline engine, on the same database, for its chat answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { GeneratedQuestion, ReviewCard } from '@chitchat/contracts';
import { client, signUp, startServer, usingLocalModel, type TestServer, type TestUser } from './harness.ts';
import { OFFLINE_NOTICE } from '../src/features/chat/offline.ts';

let server: TestServer;
let offline: TestServer;
beforeAll(async () => {
  server = await startServer();
  offline = await startServer({ env: { AI_PROVIDER: 'offline' }, db: server.ctx.db });
});
afterAll(async () => {
  await offline?.close();
  await server?.close();
});

const PAGES = [
  'The mitochondrion is the organelle that produces most of the cell’s ATP. Ribosomes build proteins from amino acids.',
  'The nucleus stores the cell’s DNA. The cell membrane controls what enters and leaves the cell. Chloroplasts capture light in plant cells.',
];

/** A processed document, as the uploads feature leaves it (written here as that learner). */
async function document(u: TestUser, status: 'ready' | 'processing' = 'ready', pages = PAGES) {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, async (tx) => {
    await tx
      .insertInto('uploads')
      .values({
        id,
        user_id: u.id,
        kind: 'document',
        file_name: 'cell-biology.pdf',
        path: `user-uploads/${u.id}/documents/${id}.pdf`,
        declared_type: 'application/pdf',
        declared_size: 1000,
        status,
      })
      .execute();
    for (const [i, text] of pages.entries())
      await tx
        .insertInto('document_chunks')
        .values({ upload_id: id, user_id: u.id, ord: i, page: i + 1, text })
        .execute();
  });
  return id;
}

describe('documents as review and library sources', () => {
  it('makes review cards from a document’s text', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const res = await u.api.post('/api/v1/review/generate', {
      source: { type: 'document', id: doc },
      count: 4,
    });
    expect(res.status).toBe(201);
    const cards = (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards)
      expect(c.source).toMatchObject({ type: 'document', id: doc, title: 'cell-biology.pdf' });
    expect(cards.length).toBeLessThanOrEqual(4);
    const stored = await server.ctx.db.admin
      .selectFrom('review_cards')
      .selectAll()
      .where('source_id', '=', doc)
      .execute();
    expect(stored.map((s) => s.id).sort()).toEqual(cards.map((c) => c.id).sort());
    for (const s of stored) {
      // Whatever wrote it, what was stored is a valid question.
      GeneratedQuestion.parse({
        type: s.question_type,
        question: s.question,
        choices: s.choices ?? undefined,
        answer: s.answer,
        hints: s.hints,
        explanation: s.explanation,
        difficulty: s.difficulty,
      });
      // The offline engine's answers are the document's own terms.
      if (!usingLocalModel) expect(PAGES.join(' ').toLowerCase()).toContain(s.answer.toLowerCase());
    }
  });

  it('makes cards from an offline chat only out of the documents its answers cited: no sentence of the server’s notice, nor the question', async () => {
    const u = await signUp(server);
    const api = client(offline.url, u.token);
    const doc = await document(u);
    const question = 'Quiz me: what does the mitochondrion produce for the cell?';
    const turn = await api.post('/api/v1/chat', { message: question });
    expect(turn.status).toBe(200);
    expect(turn.body.citations.map((c: any) => c.sourceId)).toContain(doc);
    const res = await api.post('/api/v1/review/generate', {
      source: { type: 'session', id: turn.body.sessionId },
      count: 6,
    });
    expect(res.status).toBe(201);
    expect(res.body.items.length).toBeGreaterThan(0);
    const cards = await server.ctx.db.admin
      .selectFrom('review_cards')
      .select(['question', 'answer', 'hints', 'explanation', 'choices'])
      .where('source_id', '=', turn.body.sessionId)
      .execute();
    // What the server wrote itself: the offline answer without its quotes, and the notice.
    const ownSentences = [
      OFFLINE_NOTICE.replace(/\*/g, ''),
      ...(turn.body.response as string)
        .split('\n')
        .filter((line) => !line.startsWith('>'))
        .flatMap((line) => line.replace(/\*/g, '').split(/(?<=[.!?:])\s+/))
        .map((s) => s.trim())
        .filter((s) => s.length >= 12),
    ];
    expect(ownSentences.length).toBeGreaterThan(2);
    for (const card of cards) {
      expect(PAGES.join(' ').toLowerCase()).toContain(card.answer.toLowerCase());
      const text = [
        card.question,
        card.answer,
        card.explanation,
        ...card.hints,
        ...(card.choices ?? []),
      ].join('\n');
      expect(text).not.toMatch(/offline/i);
      expect(text).not.toContain(question);
      for (const sentence of ownSentences) expect(text).not.toContain(sentence);
    }
  });

  it('makes no copy of a card the learner already has: a chat quoting a document adds none of its cards again', async () => {
    const u = await signUp(server);
    const api = client(offline.url, u.token);
    const doc = await document(u);
    const first = await api.post('/api/v1/review/generate', {
      source: { type: 'document', id: doc },
      count: 20,
    });
    expect(first.status).toBe(201);
    expect(first.body.duplicates).toBe(0);
    const turn = await api.post('/api/v1/chat', { message: 'What does the mitochondrion produce?' });
    expect(turn.body.citations.map((c: any) => c.sourceId)).toContain(doc);
    const quiz = await api.post('/api/v1/review/generate', {
      source: { type: 'session', id: turn.body.sessionId },
      count: 20,
    });
    expect(quiz.status).toBe(201);
    expect(quiz.body.duplicates).toBeGreaterThan(0);
    const cards = await server.ctx.db.admin
      .selectFrom('review_cards')
      .select(['question', 'answer'])
      .where('user_id', '=', u.id)
      .execute();
    const key = (c: { question: string; answer: string }) =>
      `${c.question.toLowerCase().replace(/\W+/g, ' ').trim()}|${c.answer.toLowerCase().trim()}`;
    expect(new Set(cards.map(key)).size).toBe(cards.length);
    expect(cards.length).toBe(first.body.items.length + quiz.body.items.length);
  });

  it('says a document still being processed is not ready, and refuses someone else’s document', async () => {
    const u = await signUp(server);
    const other = await signUp(server);
    const pending = await document(u, 'processing', []);
    const res = await u.api.post('/api/v1/review/generate', { source: { type: 'document', id: pending } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('not_ready');
    const doc = await document(u);
    expect(
      (await other.api.post('/api/v1/review/generate', { source: { type: 'document', id: doc } })).status,
    ).toBe(404);
    expect((await other.api.post('/api/v1/library', { kind: 'document', documentId: doc })).status).toBe(404);
  });

  it('saves a document to the library, and marks it when the document is deleted', async () => {
    const u = await signUp(server);
    const doc = await document(u);
    const saved = await u.api.post('/api/v1/library', {
      kind: 'document',
      documentId: doc,
      tags: ['biology'],
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      kind: 'document',
      title: 'cell-biology.pdf',
      sourceAvailable: true,
      source: { id: doc },
    });
    expect(saved.body.excerpt).toContain('mitochondrion');
    await server.ctx.db.asUser(u.id, (tx) => tx.deleteFrom('uploads').where('id', '=', doc).execute());
    expect((await u.api.get(`/api/v1/library/${saved.body.id}`)).body.sourceAvailable).toBe(false);
  });
});
