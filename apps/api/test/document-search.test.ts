// Document retrieval's ranking and index (migrations/0018_document_ranking.sql): searchDocuments as
// the grounding source calls it, in the learner's RLS transaction, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import crypto from 'node:crypto';
import { searchDocuments } from '../src/features/documents/grounding.ts';
import { createTestDatabase, insertTestUser, type TestDatabase } from './harness.ts';

let t: TestDatabase;
const A = crypto.randomUUID();
const B = crypto.randomUUID();
const uploads: Record<string, string> = {};

const ANSWER = 'Photosynthesis happens in the chloroplasts of a leaf’s mesophyll cells.';
// Repeats one of the question's words: cover density ranked this first (every occurrence of an
// OR-ed word is a cover), though it holds one of the question's words where the answer holds two.
const REPEATS =
  'The cell theory: every living thing is made of a cell or cells, each cell comes from a cell, and the cell is the unit of life.';

async function addDocument(userId: string, name: string, texts: string[]) {
  const u = await t.db.admin
    .insertInto('uploads')
    .values({
      user_id: userId,
      kind: 'document',
      file_name: name,
      path: `user-uploads/${userId}/documents/${crypto.randomUUID()}.pdf`,
      declared_type: 'application/pdf',
      declared_size: 1000,
      status: 'ready',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.admin
    .insertInto('document_chunks')
    .values(texts.map((text, ord) => ({ upload_id: u.id, user_id: userId, ord, page: ord + 1, text })))
    .execute();
  uploads[name] = u.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await insertTestUser(t.db, { id: A, email: `a-${A}@example.com` });
  await insertTestUser(t.db, { id: B, email: `b-${B}@example.com` });
  await addDocument(A, 'Cells.pdf', [REPEATS, 'Mitochondria make most of a cell’s ATP.']);
  await addDocument(A, 'Plants.pdf', ['Roots take up water and minerals.', ANSWER]);
  await addDocument(B, 'Other.pdf', ['Photosynthesis in plant cells, as B wrote it down.']);
});
afterAll(async () => t?.drop());

const search = (userId: string, question: string, uploadIds?: string[]) =>
  t.db.asUser(userId, (tx) => searchDocuments(tx, userId, question, 5, { uploadIds }));

describe('document search', () => {
  it('ranks the passage holding more of the question’s words above one repeating a single word', async () => {
    const passages = await search(A, 'Where in the plant cell does photosynthesis happen?');
    expect(passages.map((p) => p.text)).toEqual([ANSWER, REPEATS, 'Mitochondria make most of a cell’s ATP.']);
    expect(passages[0]).toMatchObject({ sourceId: uploads['Plants.pdf'], title: 'Plants.pdf', page: 2 });
    expect(passages[0]!.score).toBeGreaterThan(passages[1]!.score);
  });

  it('returns only the caller’s chunks, and only the attached documents when asked', async () => {
    expect((await search(B, 'photosynthesis')).map((p) => p.sourceId)).toEqual([uploads['Other.pdf']]);
    const cells = await search(A, 'photosynthesis in a cell', [uploads['Cells.pdf']!]);
    expect(cells.length).toBe(2);
    expect(cells.every((p) => p.sourceId === uploads['Cells.pdf'])).toBe(true);
  });

  it('finds the learner’s matches through one (learner, words) GIN index', async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'document_chunks' order by 1`.execute(t.db.admin);
    const names = rows.map((r) => r.indexname);
    expect(names).toContain('idx_document_chunks_user_search');
    expect(names).not.toContain('idx_document_chunks_search');
  });
});
