// A fake Google Gemini endpoint for the benchmarks, in its own process (so its work does not
// colour the client's timings), speaking the same wire protocol as the tests' fake
// (apps/api/test/fakes/gemini.ts) with a scripted latency added:
//   FIRST_MS   delay before the first streamed piece (and before a non-streamed answer)
//   EVERY_MS   delay between further pieces
//   PIECES     how many pieces a streamed answer has (more pieces than the answer has words: one
//              word each, the answer repeated)
// POST /__script {firstMs?, everyMs?, pieces?, hold?} changes them while running (hold: true keeps
// every stream's first piece back until POST /__release); GET /__stats counts the streamed calls
// received (bench/turn.ts uses these to time a turn's CPU before the model's first byte).
// Prints `PORT <n>` on stdout when listening. The first piece always starts with FIRST_TOKEN, so a
// client can spot the first token in any framing the API wraps it in.
import http from 'node:http';

// Keep in step with FAKE_FIRST_TOKEN in common.ts (importing would start this server).
const FIRST_TOKEN = 'Chlorophyll';

let FIRST_MS = Number(process.env.FIRST_MS ?? 0);
let EVERY_MS = Number(process.env.EVERY_MS ?? 0);
let PIECES = Number(process.env.PIECES ?? 8);
let streamsReceived = 0;
let held: Promise<void> | null = null;
let release = () => {};
const hold = (on: boolean) => {
  release();
  held = on ? new Promise<void>((r) => (release = r)) : null;
};

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
const words =
  `${FIRST_TOKEN} absorbs red and blue light, and the Calvin cycle fixes carbon dioxide into sugars in the stroma of the chloroplast.`.split(
    ' ',
  );

function chunk(text: string | null, final = false) {
  return {
    candidates: [
      {
        content: { role: 'model', parts: text === null ? [] : [{ text }] },
        ...(final ? { finishReason: 'STOP' } : {}),
        index: 0,
      },
    ],
    ...(final
      ? { usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 30, totalTokenCount: 50 } }
      : {}),
    modelVersion: 'fake',
  };
}

function fakeEmbedding(text: string, dims = 768) {
  const v = new Array(dims).fill(0);
  for (let i = 0; i < text.length; i++) v[i % dims] += text.charCodeAt(i) / 1000;
  return v;
}

function pieceTexts(n: number) {
  const out: string[] = [];
  if (n > words.length) {
    for (let i = 0; i < n; i++) out.push(words[i % words.length] + ' ');
    return out;
  }
  const per = Math.max(1, Math.ceil(words.length / n));
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(' ') + ' ');
  return out;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  const m =
    /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/.exec(
      url.pathname,
    );
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (url.pathname === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ streamsReceived }));
    return;
  }
  if (url.pathname === '/__script' && req.method === 'POST') {
    const s = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    FIRST_MS = s.firstMs ?? FIRST_MS;
    EVERY_MS = s.everyMs ?? EVERY_MS;
    PIECES = s.pieces ?? PIECES;
    if (s.hold !== undefined) hold(s.hold === true);
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/__release' && req.method === 'POST') {
    hold(held !== null);
    res.writeHead(204).end();
    return;
  }
  if (!m) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 404, message: 'no route', status: 'NOT_FOUND' } }));
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  const method = m[2];
  if (method === 'embedContent' || method === 'batchEmbedContents') {
    const texts: string[] =
      method === 'batchEmbedContents'
        ? (body.requests ?? []).map((r: any) => r.content?.parts?.map((p: any) => p.text).join('') ?? '')
        : [body.content?.parts?.map((p: any) => p.text).join('') ?? ''];
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(
      JSON.stringify(
        method === 'batchEmbedContents'
          ? { embeddings: texts.map((t) => ({ values: fakeEmbedding(t) })) }
          : { embedding: { values: fakeEmbedding(texts[0]) } },
      ),
    );
    return;
  }
  const structured =
    !!body.generationConfig?.responseSchema || body.generationConfig?.responseMimeType === 'application/json';
  if (method === 'generateContent') {
    await sleep(FIRST_MS);
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    // Structured calls (titles, summaries) get an empty object; the app's offline answer or schema
    // defaults take over, which is fine for load.
    res.end(
      JSON.stringify(chunk(structured ? JSON.stringify({ title: 'Photosynthesis' }) : words.join(' '), true)),
    );
    return;
  }
  streamsReceived++;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let closed = false;
  res.on('close', () => (closed = true));
  if (held) await held;
  await sleep(FIRST_MS);
  const parts = pieceTexts(PIECES);
  for (let i = 0; i < parts.length && !closed; i++) {
    if (i > 0) await sleep(EVERY_MS);
    res.write(`data: ${JSON.stringify(chunk(parts[i]))}\r\n\r\n`);
  }
  if (!closed) res.end(`data: ${JSON.stringify(chunk(null, true))}\r\n\r\n`);
});
server.keepAliveTimeout = 60_000;
server.maxConnections = 100_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => process.exit(0));
