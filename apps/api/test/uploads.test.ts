// Uploads end to end through the real HTTP API: signed init → PUT → complete and one-request
// multipart uploads of a real PDF, DOCX, PNG, Markdown file and MP4 (generated here), processed by
// the job queue (in-process, or BullMQ with TEST_REDIS_URL) to 'ready' with an analysis from
// `server`'s provider (the offline engine, or the tiny local model with TEST_AI_PROVIDER=local,
// whose summaries are valid nonsense); grounding with page citations; privacy; rejections. The
// offline engine's own summaries and key concepts are also tested on `offline`, a server that is
// offline in both passes, over the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'kysely';
import { DocumentAnalysis } from '@chitchat/contracts';
import {
  signUp,
  startServer,
  expectErrorShape,
  usingLocalModel,
  type TestServer,
  type TestUser,
} from './harness.ts';
import {
  makeDocx,
  makeMp4,
  makePdf,
  makePng,
  sha256,
  uploadMultipart,
  uploadViaUrl,
  waitProcessed,
} from './uploads-fixtures.ts';
import { documentAnalysisPrompt } from '../src/platform/ai/prompts/document_analysis.ts';

let server: TestServer;
/** Always the offline engine, over the same database. */
let offline: TestServer;
let alice: TestUser;
let bob: TestUser;

const PAGES = [
  'Cell biology overview. Cells are the basic units of life. Every organism is made of one or more cells, and cells come from other cells.',
  'Photosynthesis. Chloroplasts capture light energy and convert carbon dioxide and water into glucose. Photosynthesis releases oxygen. Chlorophyll gives plants their green colour and absorbs red and blue light.',
  'Cellular respiration. Mitochondria break down glucose to release energy stored as ATP. Respiration uses oxygen and produces carbon dioxide and water.',
];

const REVOLUTION = [
  'The French Revolution began in 1789.',
  'The Estates-General met at Versailles, and the storming of the Bastille followed in July 1789.',
  'The Revolution abolished feudal privileges and proclaimed the Declaration of the Rights of Man.',
  'The Revolution ended with the rise of Napoleon Bonaparte.',
];
const VECTORS =
  '# Vectors\n\nA vector has a magnitude and a direction. Vectors add tip to tail.\n\nThe dot product of two vectors measures how aligned the vectors are.\n';

beforeAll(async () => {
  server = await startServer();
  offline = await startServer({ db: server.ctx.db, env: { AI_PROVIDER: 'offline' } });
  [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
});
afterAll(async () => {
  await offline?.close();
  await server?.close();
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Who analyses a document on `server`: its provider, with the document-analysis prompt. */
const analyser = usingLocalModel
  ? { provider: 'local', model: 'tiny-chat', prompt: documentAnalysisPrompt.version }
  : { provider: 'offline' };

/** A processed document: ready, with an analysis the contract accepts, made by `by`. */
function expectAnalysed(done: any, by: object) {
  expect(done.status, done.error).toBe('ready');
  expect(done.metadata.ai).toMatchObject(by);
  return DocumentAnalysis.parse(done.analysis);
}

/** The offline engine's analyses of PAGES, REVOLUTION and VECTORS: summaries and key concepts from the text itself. */
const offlineAnalysis = {
  pdf(done: any) {
    expect(done.metadata).toMatchObject({ pages: 3, ai: { provider: 'offline' } });
    expect(done.analysis.summary).toMatch(/cells|Photosynthesis|Mitochondria/i);
    const names = done.analysis.keyConcepts.map((k: { name: string }) => k.name.toLowerCase()).join(' | ');
    expect(names).toMatch(/glucose|oxygen|cells|carbon dioxide/);
    expect(done.analysis.suggestedQuestions.length).toBeGreaterThan(0);
  },
  docx(done: any) {
    expect(done.analysis.summary).toMatch(/Revolution/);
    expect(done.analysis.keyConcepts.map((k: { name: string }) => k.name).join(' ')).toMatch(/Revolution/);
  },
  markdown(done: any) {
    expect(done.analysis.keyConcepts.map((k: { name: string }) => k.name.toLowerCase())).toContain('vectors');
  },
};

describe('uploading and processing real files', () => {
  let pdfId: string;

  it('a PDF goes init → signed PUT → complete → processing → ready, with per-page text, summary and key concepts', async () => {
    const bytes = await makePdf(PAGES);
    const { init, complete } = await uploadViaUrl(alice, 'Biology notes.pdf', 'application/pdf', bytes);
    expect(init.path).toMatch(new RegExp(`^user-uploads/${alice.id}/documents/\\d{13}_Biology_notes\\.pdf$`));
    expect(new Date(init.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(complete.status, JSON.stringify(complete.body)).toBe(202);
    expect(complete.body).toMatchObject({
      id: init.uploadId,
      status: 'uploaded',
      mediaType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    });
    pdfId = init.uploadId;
    const done = await waitProcessed(alice, pdfId);
    expectAnalysed(done, analyser);
    expect(done.pageCount).toBe(3);
    expect(done.metadata).toMatchObject({ pages: 3, chunks: 3 });
    if (!usingLocalModel) offlineAnalysis.pdf(done);
    // Chunks carry their page numbers.
    const pages = await server.ctx.db.asUser(alice.id, (tx) =>
      tx
        .selectFrom('document_chunks')
        .select(['page', 'text'])
        .where('upload_id', '=', pdfId)
        .orderBy('ord')
        .execute(),
    );
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[1]!.text).toMatch(/Chloroplasts capture light energy/);
  });

  it('the download URL is fresh, private and returns the same bytes', async () => {
    const got = await alice.api.get(`/api/v1/uploads/${pdfId}`);
    expect(got.status).toBe(200);
    expect(new Date(got.body.downloadExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(
      5 * 60 * 1000 + 1000,
    );
    const res = await alice.api.fetchUrl(got.body.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(got.body.sha256);
    const bad = new URL(got.body.downloadUrl, server.url);
    bad.searchParams.set(
      'sig',
      bad.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect((await fetch(bad)).status).toBe(403);
    const unsigned = new URL(got.body.downloadUrl, server.url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it('the documents grounding source finds the right page, only in the learner’s own documents', async () => {
    const ask = (user: TestUser, q: string) =>
      server.ctx.db.asUser(user.id, async (tx) =>
        (await Promise.all(server.ctx.grounding.map((g) => g(tx, user.id, q, 5)))).flat(),
      );
    const passages = (await ask(alice, 'How do chloroplasts make glucose from light?')).filter(
      (p) => p.sourceType === 'document',
    );
    expect(passages[0]).toMatchObject({
      sourceType: 'document',
      sourceId: pdfId,
      title: 'Biology_notes.pdf',
      page: 2,
    });
    expect(passages[0]!.text).toMatch(/Chloroplasts/);
    const resp = (await ask(alice, 'what do mitochondria produce?')).filter(
      (p) => p.sourceType === 'document',
    );
    expect(resp[0]).toMatchObject({ sourceId: pdfId, page: 3 });
    expect(
      (await ask(bob, 'How do chloroplasts make glucose from light?')).filter(
        (p) => p.sourceType === 'document',
      ),
    ).toEqual([]);
    // Even a query that forgets the user filter sees only the caller's chunks (RLS).
    const visible = await server.ctx.db.asUser(bob.id, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from document_chunks`.execute(tx),
    );
    expect(visible.rows[0]!.n).toBe(0);
  });

  it('a DOCX uploaded in one multipart request is extracted and analysed', async () => {
    const bytes = await makeDocx(REVOLUTION);
    const res = await uploadMultipart(alice, server.url, 'revolution.docx', DOCX, bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'document',
      mediaType: DOCX,
      status: 'uploaded',
      fileName: 'revolution.docx',
    });
    const done = await waitProcessed(alice, res.body.id);
    expectAnalysed(done, analyser);
    expect(done.pageCount).toBeNull();
    const chunks = await server.ctx.db.asUser(alice.id, (tx) =>
      tx.selectFrom('document_chunks').select('text').where('upload_id', '=', res.body.id).execute(),
    );
    expect(chunks.map((c) => c.text).join(' ')).toContain('storming of the Bastille');
    if (!usingLocalModel) offlineAnalysis.docx(done);
  });

  it('a Markdown file is read as text', async () => {
    const { complete } = await uploadViaUrl(alice, 'vectors.md', 'text/markdown', Buffer.from(VECTORS));
    expect(complete.status).toBe(202);
    const done = await waitProcessed(alice, complete.body.id);
    expectAnalysed(done, analyser);
    const chunks = await server.ctx.db.asUser(alice.id, (tx) =>
      tx.selectFrom('document_chunks').select('text').where('upload_id', '=', complete.body.id).execute(),
    );
    expect(chunks.map((c) => c.text).join(' ')).toContain('dot product of two vectors');
    if (!usingLocalModel) offlineAnalysis.markdown(done);
  });

  it('a PNG is processed with its real dimensions (offline: an honest description)', async () => {
    const png = await makePng(640, 480);
    const { complete } = await uploadViaUrl(alice, 'diagram.png', 'image/png', png);
    expect(complete.status).toBe(202);
    const done = await waitProcessed(alice, complete.body.id);
    expect(done.status, done.error).toBe('ready');
    expect(done.metadata).toMatchObject({ width: 640, height: 480, format: 'png' });
    expect(done.analysis.summary).toMatch(/640×480 PNG image named diagram\.png/);
    // No model looked at it (a text model cannot): the analysis says it is the offline engine's.
    expect(done.metadata.ai).toMatchObject({ provider: 'offline' });
  });

  it('a small MP4 video records its container metadata', async () => {
    const mp4 = makeMp4({ seconds: 3, width: 320, height: 240 });
    const { init, complete } = await uploadViaUrl(alice, 'lecture.mp4', 'video/mp4', mp4);
    expect(init.path).toMatch(/\/videos\/\d+_lecture\.mp4$/);
    expect(complete.status).toBe(202);
    const done = await waitProcessed(alice, complete.body.id);
    expect(done.status, done.error).toBe('ready');
    expect(done.metadata).toMatchObject({
      container: 'mp4',
      durationSeconds: 3,
      width: 320,
      height: 240,
      brand: 'isom',
    });
    expect(done.analysis.summary).toMatch(/3-second MP4 video at 320×240/);
    expect(done.metadata.ai).toMatchObject({ provider: 'offline' });
  });

  it('lists my uploads newest first with keyset pagination, and only mine', async () => {
    await uploadMultipart(
      bob,
      server.url,
      'bob.txt',
      'text/plain',
      Buffer.from('Bob’s private notes about sailing knots.'),
    );
    const first = await alice.api.get('/api/v1/uploads?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await alice.api.get(`/api/v1/uploads?limit=2&cursor=${encodeURIComponent(cursor)}`);
      all.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(all.map((u) => u.fileName)).toEqual([
      'lecture.mp4',
      'diagram.png',
      'vectors.md',
      'revolution.docx',
      'Biology_notes.pdf',
    ]);
    expect(all.some((u) => u.downloadUrl)).toBe(false);
    const docs = await alice.api.get('/api/v1/uploads?kind=image');
    expect(docs.body.items.map((u: { fileName: string }) => u.fileName)).toEqual(['diagram.png']);
    expect((await alice.api.get('/api/v1/uploads?cursor=garbage')).status).toBe(400);
  });

  it('pages uploads made within the same millisecond without skipping any', async () => {
    const carol = await signUp(server, 'carol');
    // Five rows one microsecond apart: a millisecond cursor would skip the ones after the first page.
    await sql`
      insert into uploads (user_id, kind, file_name, path, declared_type, declared_size, status)
      select ${carol.id}::uuid, 'document', 'same-ms-' || g || '.txt', 'user-uploads/' || ${carol.id} || '/documents/' || g || '.txt', 'text/plain', 10, 'uploaded'
        from generate_series(1, 5) g`.execute(server.ctx.db.admin);
    await sql`update uploads set created_at = '2026-01-01T00:00:00.123000Z'::timestamptz + (substr(file_name, 9, 1)::int * interval '1 microsecond')
               where user_id = ${carol.id}::uuid`.execute(server.ctx.db.admin);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await carol.api.get(
        `/api/v1/uploads?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      names.push(...res.body.items.map((u: { fileName: string }) => u.fileName));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([
      'same-ms-5.txt',
      'same-ms-4.txt',
      'same-ms-3.txt',
      'same-ms-2.txt',
      'same-ms-1.txt',
    ]);
  });

  it("another learner's upload is 404 everywhere (read, complete, retry, delete, attach)", async () => {
    expect((await bob.api.get(`/api/v1/uploads/${pdfId}`)).status).toBe(404);
    expect((await bob.api.post(`/api/v1/uploads/${pdfId}/complete`, {})).status).toBe(404);
    expect((await bob.api.post(`/api/v1/uploads/${pdfId}/retry`, {})).status).toBe(404);
    expect((await bob.api.delete(`/api/v1/uploads/${pdfId}`)).status).toBe(404);
    await expect(
      server.ctx.db.asUser(bob.id, (tx) => server.ctx.attachments(tx, bob.id, [pdfId])),
    ).rejects.toMatchObject({ statusCode: 404 });
    const mine = await server.ctx.db.asUser(alice.id, (tx) => server.ctx.attachments(tx, alice.id, [pdfId]));
    expect(mine).toMatchObject([
      { id: pdfId, kind: 'document', mediaType: 'application/pdf', fileName: 'Biology_notes.pdf' },
    ]);
    expect(sha256(Buffer.from(await mine[0]!.load()))).toBe(
      (await alice.api.get(`/api/v1/uploads/${pdfId}`)).body.sha256,
    );
  });

  it('delete removes the object, chunks and analysis', async () => {
    const got = (await alice.api.get(`/api/v1/uploads/${pdfId}`)).body;
    const path = (
      await server.ctx.db.admin
        .selectFrom('uploads')
        .select('path')
        .where('id', '=', pdfId)
        .executeTakeFirstOrThrow()
    ).path;
    expect(await server.ctx.storage.head(path)).not.toBeNull();
    expect((await alice.api.delete(`/api/v1/uploads/${pdfId}`)).status).toBe(204);
    expect(await server.ctx.storage.head(path)).toBeNull();
    expect((await alice.api.get(`/api/v1/uploads/${pdfId}`)).status).toBe(404);
    const chunks = await server.ctx.db.admin
      .selectFrom('document_chunks')
      .select('id')
      .where('upload_id', '=', pdfId)
      .execute();
    expect(chunks).toEqual([]);
    expect((await alice.api.fetchUrl(got.downloadUrl)).status).toBe(404);
  });
});

describe('the offline engine’s analyses (a server that is offline in both passes)', () => {
  it('summarises and picks key concepts from the text itself: PDF, DOCX and Markdown', async () => {
    const olive = await signUp(offline, 'olive');
    const pdf = await uploadViaUrl(olive, 'Biology notes.pdf', 'application/pdf', await makePdf(PAGES));
    expect(pdf.complete.status).toBe(202);
    const docx = await uploadMultipart(
      olive,
      offline.url,
      'revolution.docx',
      DOCX,
      await makeDocx(REVOLUTION),
    );
    expect(docx.status).toBe(202);
    const md = await uploadViaUrl(olive, 'vectors.md', 'text/markdown', Buffer.from(VECTORS));
    expect(md.complete.status).toBe(202);
    const [pdfDone, docxDone, mdDone] = await Promise.all(
      [pdf.init.uploadId, docx.body.id, md.init.uploadId].map((id) => waitProcessed(olive, id)),
    );
    for (const done of [pdfDone, docxDone, mdDone])
      expectAnalysed(done, { provider: 'offline', model: 'offline', prompt: documentAnalysisPrompt.version });
    offlineAnalysis.pdf(pdfDone);
    offlineAnalysis.docx(docxDone);
    offlineAnalysis.markdown(mdDone);
  });
});

describe('refusals say why', () => {
  const init = (body: object) => alice.api.post('/api/v1/uploads/init', body);

  it('wrong type, empty, too large and unsafe names are 4xx with reasons', async () => {
    const exe = await init({ fileName: 'setup.exe', fileType: 'application/x-msdownload', fileSize: 100 });
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatchObject({ code: 'unsupported_type' });
    expect(exe.body.error.message).toMatch(/Accepted: JPEG, PNG/);
    const empty = await init({ fileName: 'a.pdf', fileType: 'application/pdf', fileSize: 0 });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('empty_file');
    const big = await init({
      fileName: 'a.pdf',
      fileType: 'application/pdf',
      fileSize: 10 * 1024 * 1024 + 1,
    });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/at most 10 MB/);
    const bigVideo = await init({ fileName: 'a.mp4', fileType: 'video/mp4', fileSize: 50 * 1024 * 1024 });
    expect(bigVideo.status).toBe(201);
    for (const name of [
      '../../etc/passwd',
      '..\\..\\windows\\win.ini',
      'notes/../../x.pdf',
      'a\u0000.pdf',
      '..',
    ]) {
      const r = await init({ fileName: name, fileType: 'application/pdf', fileSize: 10 });
      expect(r.status, name).toBe(400);
      expect(r.body.error.code).toBe('unsafe_name');
      expectErrorShape(r.body);
    }
  });

  it('content that does not match the declared type is refused at complete (and the object removed)', async () => {
    const png = await makePng();
    const { init: i, complete } = await uploadViaUrl(alice, 'report.pdf', 'application/pdf', png);
    expect(complete.status).toBe(415);
    expect(complete.body.error).toMatchObject({ code: 'type_mismatch' });
    expect(complete.body.error.message).toMatch(/declared as a PDF, but its content is a PNG image/);
    const row = (await alice.api.get(`/api/v1/uploads/${i.uploadId}`)).body;
    expect(row).toMatchObject({ status: 'failed', error: complete.body.error.message });
    expect(await server.ctx.storage.head(i.path)).toBeNull();
    // Multipart checks the same way; text must really be text.
    const fake = await uploadMultipart(alice, server.url, 'notes.txt', 'text/plain', png);
    expect(fake.status).toBe(415);
    expect(fake.body.error.message).toMatch(/declared as plain text, but its content is a PNG image/);
  });

  it('a wrong checksum, a missing PUT and a second complete are refused', async () => {
    const bytes = Buffer.from('some honest text for checking checksums');
    const a = await init({ fileName: 'c.txt', fileType: 'text/plain', fileSize: bytes.length });
    const early = await alice.api.post(`/api/v1/uploads/${a.body.uploadId}/complete`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_uploaded');
    expect(
      (await alice.api.fetchUrl(a.body.uploadUrl, { method: 'PUT', headers: a.body.headers, body: bytes }))
        .status,
    ).toBe(200);
    // The URL is single use.
    expect(
      (await alice.api.fetchUrl(a.body.uploadUrl, { method: 'PUT', headers: a.body.headers, body: bytes }))
        .status,
    ).toBe(409);
    const wrong = await alice.api.post(`/api/v1/uploads/${a.body.uploadId}/complete`, {
      sha256: '0'.repeat(64),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('checksum_mismatch');
    const b = await uploadViaUrl(alice, 'd.txt', 'text/plain', bytes);
    expect(b.complete.status).toBe(202);
    const again = await alice.api.post(`/api/v1/uploads/${b.init.uploadId}/complete`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_completed');
  });

  it('a PUT larger than signed is refused', async () => {
    const a = await init({ fileName: 'e.txt', fileType: 'text/plain', fileSize: 10 });
    const res = await alice.api.fetchUrl(a.body.uploadUrl, {
      method: 'PUT',
      headers: a.body.headers,
      body: 'x'.repeat(11),
    });
    expect(res.status).toBe(413);
    const short = await alice.api.fetchUrl(a.body.uploadUrl, {
      method: 'PUT',
      headers: a.body.headers,
      body: 'x'.repeat(9),
    });
    expect(short.status).toBe(400);
  });

  it('multipart over the limit is a 413', async () => {
    const res = await uploadMultipart(
      alice,
      server.url,
      'big.txt',
      'text/plain',
      Buffer.alloc(10 * 1024 * 1024 + 10, 'a'),
    );
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });
});

describe('avatars', () => {
  it('an uploaded image becomes a public 256×256 JPEG at avatars/{user_id}/avatar.jpg', async () => {
    const png = await makePng(800, 400);
    const res = await uploadMultipart(
      alice,
      server.url,
      'me.png',
      'image/png',
      png,
      '/api/v1/profile/avatar',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.avatarUrl).toContain(`/avatars/${alice.id}/avatar.jpg`);
    const img = await alice.api.fetchUrl(res.body.avatarUrl);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 256, height: 256 });
    expect((await alice.api.get('/api/v1/profile')).body.avatarUrl).toBe(res.body.avatarUrl);
    expect((await bob.api.get(`/api/v1/users/${alice.id}`)).body.avatarUrl).toBe(res.body.avatarUrl);
    const notImage = await uploadMultipart(
      alice,
      server.url,
      'me.pdf',
      'application/pdf',
      await makePdf(['x']),
      '/api/v1/profile/avatar',
    );
    expect(notImage.status).toBe(415);
  });
});

describe('OpenAPI', () => {
  it('documents the upload routes', async () => {
    const spec = (await alice.api.get('/api/v1/openapi.json')).body;
    for (const p of [
      '/api/v1/uploads/init',
      '/api/v1/uploads/{id}/complete',
      '/api/v1/uploads',
      '/api/v1/uploads/{id}',
      '/api/v1/uploads/{id}/retry',
      '/api/v1/profile/avatar',
    ]) {
      expect(spec.paths[p], p).toBeDefined();
    }
    expect(spec.components.schemas.Upload).toBeDefined();
  });
});
