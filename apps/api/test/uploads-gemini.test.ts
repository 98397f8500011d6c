// Uploads processed by a model: the real Gemini provider (@ai-sdk/google) against the fake Gemini
// server. Documents are analysed with the document text and a response schema, embeddings are
// stored, images go inline to the vision model, and a chat answer cites the right page.
import { describe, expect, it } from 'vitest';
import { signUp, startServerWithFakeGemini } from './harness.ts';
import { partsText } from './fakes/gemini.ts';
import { makePdf, makePng, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

const { gemini, server } = await startServerWithFakeGemini();

const modelCalls = () => gemini.modelRequests.filter((r: any) => !/embed/i.test(r.method));

const analysis = {
  summary: 'Mitochondria turn food into usable energy; the Krebs cycle runs in the matrix.',
  keyConcepts: [{ name: 'Krebs cycle', explanation: 'A series of reactions in the mitochondrial matrix.' }],
  suggestedQuestions: ['Where does the Krebs cycle take place?'],
};

describe('documents and images through Gemini', () => {
  it('analyses a PDF with its text and the response schema, stores embeddings, and answers a question citing the page', async () => {
    const u = await signUp(server);
    const pdf = await makePdf([
      'Cells are the basic unit of life. Every organism is made of cells.',
      'Photosynthesis happens in chloroplasts, where light energy becomes chemical energy.',
      'Mitochondria are the powerhouse of the cell. The Krebs cycle happens in the mitochondrial matrix.',
    ]);
    gemini.enqueue({ json: analysis });
    const { init, complete } = await uploadViaUrl(u, 'cell-biology.pdf', 'application/pdf', pdf);
    expect(complete.status).toBe(202);
    const done = await waitProcessed(u, init.uploadId);
    expect(done.status, done.error).toBe('ready');
    expect(done.analysis).toEqual(analysis);

    const [call] = modelCalls();
    expect(call!.method).toBe('generateContent');
    expect(call!.body.generationConfig.responseSchema).toBeTruthy();
    expect(JSON.stringify(call!.body.generationConfig.responseSchema)).toContain('keyConcepts');
    expect(call!.body.contents.map(partsText).join('\n')).toContain(
      'Krebs cycle happens in the mitochondrial matrix',
    );
    expect(gemini.requests.some((r: any) => /embed/i.test(r.method))).toBe(true);
    const stored = await server.ctx.db.admin
      .selectFrom('document_chunks')
      .select(['page', 'embedding'])
      .where('upload_id', '=', init.uploadId)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((c) => c.embedding !== null)).toBe(true);

    gemini.reset();
    gemini.enqueue({ text: 'In the mitochondrial matrix [1].' });
    const res = await u.api.post('/api/v1/chat', { message: 'Where does the Krebs cycle happen?' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.citations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceType: 'document', sourceId: init.uploadId, page: 3 }),
      ]),
    );
    // The page's passage opens the learner's message (the system prompt holds no material).
    const question = partsText(modelCalls()[0]!.body.contents.at(-1));
    expect(question).toMatch(
      /^<learner_material>[\s\S]*mitochondrial matrix[\s\S]*<\/learner_material>\n\nWhere does the Krebs cycle happen\?$/,
    );
    // The learner has embedded material, so the question was embedded to rank it.
    expect(gemini.requests.filter((r: any) => /embed/i.test(r.method))).toHaveLength(1);
  });

  it('keeps an analysis with one malformed key concept and question, trimming a too-long summary', async () => {
    const u = await signUp(server);
    const pdf = await makePdf(['Enzymes speed up reactions by lowering the activation energy.']);
    gemini.enqueue({
      json: {
        summary: `Enzymes are catalysts. ${'They lower activation energy. '.repeat(150)}`,
        keyConcepts: [
          { name: 'Activation energy', explanation: 'The energy a reaction needs to start.' },
          { name: 'Catalyst' },
        ],
        suggestedQuestions: ['What does an enzyme lower?', ''],
      },
    });
    const { init } = await uploadViaUrl(u, 'enzymes.pdf', 'application/pdf', pdf);
    const done = await waitProcessed(u, init.uploadId);
    expect(done.status, done.error).toBe('ready');
    expect(done.analysis.keyConcepts).toEqual([
      { name: 'Activation energy', explanation: 'The energy a reaction needs to start.' },
    ]);
    expect(done.analysis.suggestedQuestions).toEqual(['What does an enzyme lower?']);
    expect(done.analysis.summary.length).toBeLessThanOrEqual(3000);
    expect(done.analysis.summary).toMatch(/^Enzymes are catalysts\. They lower activation energy\./);
    expect(modelCalls()).toHaveLength(1);
  });

  it('describes an image with the vision model, sending it inline', async () => {
    const u = await signUp(server);
    const png = await makePng(80, 60);
    gemini.enqueue({
      json: {
        summary: 'A small grey test image.',
        keyConcepts: [{ name: 'Test pattern', explanation: 'A generated image.' }],
        suggestedQuestions: [],
      },
    });
    const { init } = await uploadViaUrl(u, 'pattern.png', 'image/png', png);
    const done = await waitProcessed(u, init.uploadId);
    expect(done.status, done.error).toBe('ready');
    expect(done.analysis.summary).toBe('A small grey test image.');
    const inline = modelCalls()[0]!
      .body.contents.flatMap((c: any) => c.parts)
      .find((p: any) => p.inlineData);
    // The processor normalises images for the model (re-encoded, bounded size).
    expect(inline.inlineData.mimeType).toMatch(/^image\/(png|jpeg|webp)$/);
    expect(Buffer.from(inline.inlineData.data, 'base64').length).toBeGreaterThan(100);
  });

  it('a model failure marks the upload failed with a message, and retry processes it', async () => {
    const u = await signUp(server);
    gemini.fallback = { status: 500 };
    const { init } = await uploadViaUrl(
      u,
      'notes.pdf',
      'application/pdf',
      await makePdf(['Osmosis moves water across membranes.']),
    );
    const failed = await waitProcessed(u, init.uploadId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    gemini.reset();
    gemini.enqueue({ json: analysis });
    const retry = await u.api.post(`/api/v1/uploads/${init.uploadId}/retry`);
    expect(retry.status, JSON.stringify(retry.body)).toBeLessThan(300);
    const done = await waitProcessed(u, init.uploadId);
    expect(done.status, done.error).toBe('ready');
  });
});
