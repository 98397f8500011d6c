// The library through HTTP: save/unsave every kind, list by kind and tag, search, sources that
// disappear, and other learners' objects refused with 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { LibraryItem } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { makePdf, makePng, uploadMultipart, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

async function chat(u: TestUser, assistantText: string) {
  const session = crypto.randomUUID();
  const ids = await server.ctx.db.asUser(u.id, async (tx) => {
    const q = await sql<{
      id: string;
    }>`select save_chat_message(${session}::uuid, ${u.id}::uuid, 'What is entropy?', 'user') as id`.execute(
      tx,
    );
    const a = await sql<{
      id: string;
    }>`select save_chat_message(${session}::uuid, ${u.id}::uuid, ${assistantText}, 'assistant') as id`.execute(
      tx,
    );
    return { question: q.rows[0]!.id, answer: a.rows[0]!.id };
  });
  return { session, ...ids };
}

describe('library', () => {
  it('saves each kind once (saving again finds the same item) and lists newest first', async () => {
    const u = await signUp(server);
    const c = await chat(
      u,
      '**Entropy** measures how many microscopic states fit a macroscopic one.\nIt tends to increase.',
    );
    const path = (
      await u.api.post('/api/v1/learning-paths', { topic: 'Thermodynamics', difficulty: 'beginner' })
    ).body;

    const msg = await u.api.post('/api/v1/library', {
      kind: 'message',
      messageId: c.answer,
      tags: ['Physics', 'exam'],
    });
    expect(msg.status).toBe(201);
    const m = LibraryItem.parse(msg.body);
    expect(m).toMatchObject({
      kind: 'message',
      title: 'Entropy measures how many microscopic states fit a macroscopic one.',
      tags: ['physics', 'exam'],
      sourceAvailable: true,
      source: { id: c.answer, lessonId: null },
    });
    expect(m.excerpt).toContain('It tends to increase.');
    const again = await u.api.post('/api/v1/library', { kind: 'message', messageId: c.answer });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(m.id);

    const saved = [
      await u.api.post('/api/v1/library', { kind: 'path', pathId: path.id, note: 'for the summer' }),
      await u.api.post('/api/v1/library', {
        kind: 'lesson',
        pathId: path.id,
        lessonId: 'l2',
        tags: ['physics'],
      }),
      await u.api.post('/api/v1/library', {
        kind: 'tile',
        tile: {
          emoji: '🔭',
          title: 'The frontier of physics',
          description: 'Open questions experts still work on.',
        },
      }),
      await u.api.post('/api/v1/library', {
        kind: 'resource',
        url: 'https://example.org/entropy',
        title: 'Entropy explained',
        tags: ['reading'],
      }),
    ];
    for (const s of saved) expect(s.status).toBe(201);
    expect(saved[0]!.body).toMatchObject({ kind: 'path', title: path.title, note: 'for the summer' });
    expect(saved[1]!.body).toMatchObject({
      kind: 'lesson',
      title: path.lessons[1].title,
      source: { id: path.id, lessonId: 'l2' },
    });
    expect(saved[2]!.body).toMatchObject({
      kind: 'tile',
      title: '🔭 The frontier of physics',
      excerpt: 'Open questions experts still work on.',
    });
    expect(saved[3]!.body).toMatchObject({
      kind: 'resource',
      url: 'https://example.org/entropy',
      source: null,
    });

    const all = await u.api.get('/api/v1/library?limit=3');
    expect(all.body.items.map((i: any) => i.kind)).toEqual(['resource', 'tile', 'lesson']);
    const rest = await u.api.get(`/api/v1/library?limit=3&cursor=${all.body.nextCursor}`);
    expect(rest.body.items.map((i: any) => i.kind)).toEqual(['path', 'message']);
    expect(rest.body.nextCursor).toBeNull();
  });

  it("refuses an offline-mode answer: the server's notice is not learning content", async () => {
    const u = await signUp(server);
    const sent = await u.api.post('/api/v1/chat', { message: 'What is entropy?' });
    expect(sent.status).toBe(200);
    const r = await u.api.post('/api/v1/library', { kind: 'message', messageId: sent.body.messageId });
    expect(r.status).toBe(422);
    expectErrorShape(r.body);
    expect(r.body.error.code).toBe('not_learning_content');
    expect((await u.api.get('/api/v1/library')).body.items).toEqual([]);
  });

  it('pages exactly through items saved within the same millisecond (microsecond cursors)', async () => {
    const u = await signUp(server);
    const stamps = ['000100', '000200', '000300', '000400', '000500'];
    await server.ctx.db.admin
      .insertInto('library_items')
      .values(
        stamps.map((us, i) => ({
          user_id: u.id,
          kind: 'resource' as const,
          source_key: `resource:${i}`,
          title: `R${i}`,
          search_text: `R${i}`,
          created_at: `2026-01-01T00:00:00.${us}Z`,
        })),
      )
      .execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ title: string }>; nextCursor: string | null } } = await u.api.get(
        `/api/v1/library?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((i) => i.title));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['R4', 'R3', 'R2', 'R1', 'R0']);
  });

  it('filters by kind and tag, and searches title, note, excerpt and tags', async () => {
    const u = await signUp(server);
    const c = await chat(u, 'Mitochondria are the powerhouse of the cell and make ATP.');
    await u.api.post('/api/v1/library', { kind: 'message', messageId: c.answer, tags: ['biology'] });
    await u.api.post('/api/v1/library', {
      kind: 'resource',
      url: 'https://example.org/cells',
      title: 'Cell anatomy',
      note: 'Great diagrams of organelles',
      tags: ['biology', 'diagrams'],
    });
    await u.api.post('/api/v1/library', {
      kind: 'resource',
      url: 'https://example.org/stars',
      title: 'Star life cycles',
      tags: ['astronomy'],
    });

    const titles = async (qs: string) =>
      (await u.api.get(`/api/v1/library?${qs}`)).body.items.map((i: any) => i.title);
    expect(await titles('kind=message')).toEqual([
      'Mitochondria are the powerhouse of the cell and make ATP.',
    ]);
    expect(await titles('tag=biology')).toEqual([
      'Cell anatomy',
      'Mitochondria are the powerhouse of the cell and make ATP.',
    ]);
    expect(await titles('tag=Diagrams')).toEqual(['Cell anatomy']);
    expect(await titles('q=organelles')).toEqual(['Cell anatomy']);
    expect(await titles('q=powerhouse')).toEqual([
      'Mitochondria are the powerhouse of the cell and make ATP.',
    ]);
    expect(await titles('q=astro')).toEqual(['Star life cycles']); // partial word, through the tags
    expect(await titles('q=100%25')).toEqual([]);
    expect(await titles('kind=resource&tag=biology')).toEqual(['Cell anatomy']);
    expect((await u.api.get('/api/v1/library?kind=video')).status).toBe(400);
  });

  it('edits notes and tags, and unsaves', async () => {
    const u = await signUp(server);
    const item = (
      await u.api.post('/api/v1/library', { kind: 'resource', url: 'https://example.org/a', title: 'A' })
    ).body;
    const edited = await u.api.patch(`/api/v1/library/${item.id}`, {
      note: 'read twice',
      tags: ['Later', 'later'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ note: 'read twice', tags: ['later'] });
    expect((await u.api.get('/api/v1/library?q=twice')).body.items.map((i: any) => i.id)).toEqual([item.id]);
    expect((await u.api.delete(`/api/v1/library/${item.id}`)).status).toBe(204);
    expect((await u.api.get(`/api/v1/library/${item.id}`)).status).toBe(404);
    expect((await u.api.get('/api/v1/library')).body.items).toEqual([]);
  });

  it('says so when a saved source is deleted', async () => {
    const u = await signUp(server);
    const c = await chat(u, 'A saved answer about black holes and their event horizons.');
    const path = (
      await u.api.post('/api/v1/learning-paths', { topic: 'Black holes', difficulty: 'beginner' })
    ).body;
    const msg = (await u.api.post('/api/v1/library', { kind: 'message', messageId: c.answer })).body;
    const lesson = (await u.api.post('/api/v1/library', { kind: 'lesson', pathId: path.id, lessonId: 'l1' }))
      .body;
    const p = (await u.api.post('/api/v1/library', { kind: 'path', pathId: path.id })).body;
    expect((await u.api.delete(`/api/v1/learning-paths/${path.id}`)).status).toBe(204);
    await server.ctx.db.asUser(u.id, (tx) =>
      tx.deleteFrom('chat_sessions').where('id', '=', c.session).execute(),
    );
    const items = (await u.api.get('/api/v1/library')).body.items;
    const byId = new Map(items.map((i: any) => [i.id, i]));
    for (const id of [msg.id, lesson.id, p.id])
      expect(byId.get(id)).toMatchObject({ sourceAvailable: false });
    // What was saved is still readable.
    expect(byId.get(msg.id)).toMatchObject({
      excerpt: 'A saved answer about black holes and their event horizons.',
    });
  });

  it('refuses other learners’ sources and items with 404, and user messages with 400', async () => {
    const owner = await signUp(server);
    const intruder = await signUp(server);
    const c = await chat(owner, 'Private answer.');
    const path = (
      await owner.api.post('/api/v1/learning-paths', { topic: 'Secrets', difficulty: 'beginner' })
    ).body;
    const item = (await owner.api.post('/api/v1/library', { kind: 'path', pathId: path.id })).body;
    const attempts = await Promise.all([
      intruder.api.post('/api/v1/library', { kind: 'message', messageId: c.answer }),
      intruder.api.post('/api/v1/library', { kind: 'path', pathId: path.id }),
      intruder.api.post('/api/v1/library', { kind: 'lesson', pathId: path.id, lessonId: 'l1' }),
      intruder.api.post('/api/v1/library', { kind: 'document', documentId: crypto.randomUUID() }),
      intruder.api.get(`/api/v1/library/${item.id}`),
      intruder.api.patch(`/api/v1/library/${item.id}`, { note: 'mine' }),
      intruder.api.delete(`/api/v1/library/${item.id}`),
      owner.api.post('/api/v1/library', { kind: 'lesson', pathId: path.id, lessonId: 'nope' }),
    ]);
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expectErrorShape(res.body);
    }
    expect((await intruder.api.get('/api/v1/library')).body.items).toEqual([]);
    expect((await owner.api.get(`/api/v1/library/${item.id}`)).body.note).toBeNull();
    const userMsg = await owner.api.post('/api/v1/library', { kind: 'message', messageId: c.question });
    expect(userMsg.status).toBe(400);
    const badUrl = await owner.api.post('/api/v1/library', {
      kind: 'resource',
      url: 'javascript:alert(1)',
      title: 'x',
    });
    expect(badUrl.status).toBe(400);
  });
});

describe('uploads in the library', () => {
  it('every upload that has been read is in the Library — a document, an image, one attached in a chat — and leaves it when deleted', async () => {
    const u = await signUp(server, 'uploads-in-library');
    const pdf = await uploadViaUrl(
      u,
      'tides.pdf',
      'application/pdf',
      await makePdf(['Tides\nThe moon pulls the oceans into two bulges.']),
    );
    const png = await uploadMultipart(u, server.url, 'chart.png', 'image/png', await makePng());
    const imageId = png.body.id as string;
    await waitProcessed(u, pdf.init.uploadId);
    await waitProcessed(u, imageId);
    // Sent with a chat message (as the chat's paperclip does): the same upload, nothing more to save.
    expect(
      (
        await u.api.post('/api/v1/chat', {
          message: 'What do the tides do?',
          attachmentIds: [pdf.init.uploadId],
        })
      ).status,
    ).toBe(200);

    const docs = (await u.api.get('/api/v1/library?kind=document')).body.items as LibraryItem[];
    expect(docs.map((d) => [d.title, d.source?.id, d.sourceAvailable]).sort()).toEqual(
      [
        ['chart.png', imageId, true],
        ['tides.pdf', pdf.init.uploadId, true],
      ].sort(),
    );
    expect(docs.find((d) => d.title === 'tides.pdf')!.excerpt).toContain('The moon pulls the oceans');
    // Saving it again by hand finds the same item.
    const again = await u.api.post('/api/v1/library', { kind: 'document', documentId: imageId });
    expect(again.body.id).toBe(docs.find((d) => d.title === 'chart.png')!.id);

    expect((await u.api.delete(`/api/v1/uploads/${imageId}`)).status).toBe(204);
    const left = (await u.api.get('/api/v1/library?kind=document')).body.items as LibraryItem[];
    expect(left.map((d) => d.title)).toEqual(['tides.pdf']);
  });
});
