// Where a streamed piece's CPU goes on its way from the model to the learner, layer by layer, in
// this process against the fake model (bench/lib/fake-model.ts, its own process): the same answer
// of PIECES pieces read N times through
//   fetch     the HTTP body alone (undici), bytes read and dropped
//   provider  @ai-sdk/google's doStream (SSE parsing, each chunk JSON-parsed and schema-checked)
//   streamText  the AI SDK's streamText().fullStream over the same provider (what sdk.ts used)
//   sdk.ts    our provider's streamText (platform/ai/sdk.ts) as the chat service reads it
//   relay     sdk.ts plus each piece written as an SSE event to a socket (http/sse.ts's send)
// CPU is process.cpuUsage() over the reads ÷ pieces. Not part of `npm run bench`: run it when the
// stream path changes (`node --import tsx bench/stream-pipeline.ts`; BENCH_QUICK=1 for fewer reads).
// BENCH_ALS=1 first enters an AsyncLocalStorage, as the API's database layer did until
// PERFORMANCE.md §10: on Node 20 that turns on async hooks for every promise in the process.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { streamText } from 'ai';
import { createSdkProvider } from '../apps/api/src/platform/ai/sdk.ts';
import { FAKE_FIRST_TOKEN, fmt, log, startFakeModel } from './lib/common.ts';

const PIECES = 200;
const READS = process.env.BENCH_QUICK ? 30 : 100;
const CONCURRENT = 10;
const messages = [{ role: 'user' as const, content: 'What does the green pigment in leaves do?' }];
const request = { task: 'chat' as const, system: 'You are a tutor.', messages, offline: () => '' };

async function cpuPerPiece(name: string, one: () => Promise<number>) {
  for (let i = 0; i < 10; i++) await one(); // warm up
  const c0 = process.cpuUsage();
  let pieces = 0;
  for (let r = 0; r < READS / CONCURRENT; r++)
    pieces += (await Promise.all(Array.from({ length: CONCURRENT }, one))).reduce((a, b) => a + b, 0);
  const c = process.cpuUsage(c0);
  const us = (c.user + c.system) / pieces;
  log(`${name.padEnd(12)} ${fmt(us, 1)} µs per piece (${pieces} pieces)`);
  return us;
}

if (process.env.BENCH_ALS) new AsyncLocalStorage<object>().enterWith({});
const fake = await startFakeModel({ firstMs: 0, everyMs: 0, pieces: PIECES });
// A client socket the relay writes SSE events to, read and dropped by a local server.
const sink = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end());
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
try {
  const google = createGoogleGenerativeAI({ apiKey: 'bench-key', baseURL: fake.url });
  const model = google.languageModel('gemini-bench');
  const provider = createSdkProvider({
    name: 'gemini',
    models: {
      chat: 'gemini-bench',
      vision: 'gemini-bench',
      long: 'gemini-bench',
      light: 'gemini-bench',
      longInputChars: 1e9,
    },
    languageModel: (id) => google.languageModel(id),
    config: { AI_TIMEOUT_MS: 30_000, AI_MAX_RETRIES: 0, AI_RETRY_BASE_MS: 100 },
  });
  const results: Record<string, number> = {};
  results.fetch = await cpuPerPiece('fetch', async () => {
    const res = await fetch(`${fake.url}/models/gemini-bench:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: messages[0].content }] }] }),
    });
    for await (const _ of res.body!);
    return PIECES;
  });
  results.provider = await cpuPerPiece('provider', async () => {
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: messages[0].content }] }],
    });
    let n = 0;
    for await (const part of stream) if (part.type === 'text-delta') n++;
    return n;
  });
  results.streamText = await cpuPerPiece('streamText', async () => {
    const r = streamText({ model, messages, maxRetries: 0 });
    let n = 0;
    for await (const part of r.fullStream) if (part.type === 'text-delta') n++;
    return n;
  });
  results['sdk.ts'] = await cpuPerPiece('sdk.ts', async () => {
    const s = provider.streamText(request);
    let n = 0;
    for await (const _ of s.deltas) n++;
    await s.done;
    return n;
  });
  const addr = sink.address() as { port: number };
  results.relay = await cpuPerPiece('relay', async () => {
    const req = http.request({ host: '127.0.0.1', port: addr.port, method: 'POST' });
    const done = new Promise((r) => req.on('response', (res) => (res.resume(), res.on('end', r))));
    const s = provider.streamText(request);
    let n = 0;
    let first = true;
    for await (const text of s.deltas) {
      if (first && !text.startsWith(FAKE_FIRST_TOKEN)) throw new Error('unexpected first piece');
      first = false;
      req.write(`event: delta\ndata: ${JSON.stringify({ text })}\n\n`);
      n++;
    }
    req.end();
    await done;
    return n;
  });
  log(
    `per piece: HTTP body ${fmt(results.fetch, 1)} µs; the provider's parsing ${fmt(results.provider - results.fetch, 1)} µs; ` +
      `streamText's pipeline over it ${fmt(results.streamText - results.provider, 1)} µs; sdk.ts ${fmt(results['sdk.ts'], 1)} µs in all; ` +
      `the SSE write ${fmt(results.relay - results['sdk.ts'], 1)} µs`,
  );
} finally {
  sink.close();
  await fake.stop();
}
