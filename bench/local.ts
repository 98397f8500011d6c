// Benchmark 9 — the local model against the machine's physical limit. Generating one token reads
// every weight once, so generated tokens/s cannot exceed memory bandwidth ÷ model bytes. The
// bandwidth is measured in the same run (a copy over buffers far larger than the caches); the
// models are random-weight llama GGUFs written here (no download): the tests' tiny model (0.5 MB,
// it fits in cache, so it shows the per-token overhead) and one sized past every cache (~330 MB
// of f32 weights), which is bound by memory as a real model is. Both run through the API's own
// engine (apps/api/src/platform/ai/local/engine.ts): one model, LlamaChat per sequence, the queue.
//
// Targets: generation ≥ 0.5× the bandwidth bound (the large model); a follow-up turn's time to
// first token with a 2,000-token history ≤ 0.3× the same turn read cold (prefix reuse).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEngine, type LocalEngine } from '../apps/api/src/platform/ai/local/engine.ts';
import type { AiMessage } from '../apps/api/src/platform/ai/types.ts';
import { writeTinyGguf } from '../apps/api/test/local/tiny-gguf.ts';
import { fmt, log, newResult, ratio, saveResult } from './lib/common.ts';
import { renderReport } from './lib/report.ts';

const MB = 1e6;
const THREADS = Number(process.env.BENCH_LOCAL_THREADS ?? os.cpus().length);
const GENERATE = 64;
/** The default chat model's file (apps/api/src/platform/ai/local/defaults.ts), for its bound. */
const DEFAULT_MODEL_BYTES = 986 * MB;

/** Bytes moved per second by a copy of a buffer much larger than the caches (read + write). */
function copyBandwidth(bytes = 512 * 2 ** 20, rounds = 6) {
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes);
  dst.set(src); // fault the pages in
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    dst.set(src);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return (2 * bytes) / best;
}

/** A history of about `tokens` tokens (this vocabulary: about one token per character). */
function history(tokens: number): AiMessage[] {
  const sentence = 'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen. ';
  const turns: AiMessage[] = [];
  for (let i = 0; turns.reduce((n, m) => n + m.content.length, 0) < tokens; i++)
    turns.push({ role: i % 2 ? 'assistant' : 'user', content: `${i}: ${sentence.repeat(3)}` });
  if (turns.at(-1)!.role === 'user') turns.pop();
  return turns;
}

interface Turn {
  text: string;
  ttftMs: number;
  totalMs: number;
  inputTokens: number;
  outputTokens: number;
}

async function turn(engine: LocalEngine, messages: AiMessage[], userId = 'bench'): Promise<Turn> {
  const t0 = performance.now();
  let first = 0;
  const r = await engine.generate({
    userId,
    system: 'You are a patient tutor.',
    messages,
    onText: () => (first ||= performance.now()),
  });
  const end = performance.now();
  return {
    text: r.text,
    ttftMs: (first || end) - t0,
    totalMs: end - t0,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(file: string, bandwidth: number) {
  const bytes = fs.statSync(file).size;
  const engine = await loadEngine({
    chatPath: file,
    config: {
      AI_LOCAL_PARALLEL: 1,
      AI_LOCAL_QUEUE_MAX: 4,
      AI_LOCAL_CONTEXT_TOKENS: 4096,
      AI_LOCAL_MAX_TOKENS: GENERATE,
      AI_LOCAL_THREADS: THREADS,
      AI_LOCAL_GPU: 'off',
      AI_TIMEOUT_MS: 600_000,
    },
  });
  try {
    await turn(engine, [{ role: 'user', content: 'Warm up.' }]);
    // Generation: tokens after the first, over the time after the first (prompt reading excluded).
    const gens: number[] = [];
    for (let i = 0; i < 3; i++) {
      await engine.forget();
      const t = await turn(engine, [{ role: 'user', content: `Explain photosynthesis, take ${i}.` }]);
      if (t.outputTokens > 1) gens.push(((t.outputTokens - 1) * 1000) / (t.totalMs - t.ttftMs));
    }
    const genTokS = median(gens);
    const bound = bandwidth / bytes;

    // Prompt reading and prefix reuse with a 2,000-token history.
    const past = history(2000);
    const question: AiMessage = { role: 'user', content: 'So where does the oxygen come from?' };
    const colds: Turn[] = [];
    const warms: Turn[] = [];
    for (let i = 0; i < 3; i++) {
      // Cold: nothing of this conversation is in the cache; the whole prompt is read.
      await engine.forget();
      colds.push(await turn(engine, [...past, question]));
      // Warm: the learner's previous turn was just answered (its prompt is in the cache).
      await engine.forget();
      const previous = await turn(engine, past.slice(0, -1));
      warms.push(
        await turn(engine, [...past.slice(0, -1), { role: 'assistant', content: previous.text }, question]),
      );
    }
    const cold = median(colds.map((t) => t.ttftMs));
    const warm = median(warms.map((t) => t.ttftMs));
    const promptTokS = median(colds.map((t) => (t.inputTokens * 1000) / t.ttftMs));
    return {
      bytes,
      genTokS,
      bound,
      promptTokS,
      cold,
      warm,
      coldTokens: median(colds.map((t) => t.inputTokens)),
      warmTokens: median(warms.map((t) => t.inputTokens)),
    };
  } finally {
    await engine.close();
  }
}

export async function runLocal() {
  const result = newResult('local', '9. The local model: generation against the memory-bandwidth bound');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-bench-local-'));
  try {
    log('measuring memory bandwidth');
    const bandwidth = copyBandwidth();
    log(`bandwidth ${fmt(bandwidth / 1e9, 2)} GB/s; writing the models`);
    const tiny = writeTinyGguf(path.join(dir, 'tiny.gguf'), { embedding: 64, favourEnd: false });
    const large = writeTinyGguf(path.join(dir, 'large.gguf'), {
      embedding: 1024,
      layers: 8,
      favourEnd: false,
      contextLength: 4096,
    });
    const rows: (string | number)[][] = [];
    const runs: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const [name, file] of [
      ['tiny (test model, fits in cache)', tiny.file],
      ['large (random weights, past every cache)', large.file],
    ] as const) {
      log(`measuring ${name}`);
      const m = await measure(file, bandwidth);
      runs[name] = m;
      rows.push([
        name,
        `${fmt(m.bytes / MB, 1)} MB`,
        fmt(m.genTokS, 1),
        fmt(m.bound, 1),
        ratio(m.genTokS / m.bound, 3),
        fmt(m.promptTokS, 0),
        `${fmt(m.cold, 0)} (${m.coldTokens})`,
        `${fmt(m.warm, 0)} (${m.warmTokens})`,
        ratio(m.warm / m.cold, 2),
      ]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const big = runs['large (random weights, past every cache)'];
    result.settings = {
      threads: THREADS,
      'memory bandwidth (copy, read + write)': `${fmt(bandwidth / 1e9, 2)} GB/s`,
      'generated per turn': `up to ${GENERATE} tokens, median of 3 turns`,
      'history for the follow-up': '≈ 2,000 tokens (median of 3)',
      engine: 'apps/api/src/platform/ai/local/engine.ts (node-llama-cpp 3.21.1, CPU, f32 weights)',
    };
    result.tables.push({
      title: 'Generation, prompt reading and prefix reuse',
      columns: [
        'model',
        'size',
        'generated tok/s',
        'bound tok/s (bandwidth ÷ size)',
        'fraction of bound',
        'prompt tok/s',
        'cold TTFT ms (tokens read)',
        'follow-up TTFT ms (tokens read)',
        'follow-up ÷ cold',
      ],
      rows,
    });
    result.targets.push(
      {
        name: 'generated tokens/s ÷ bandwidth bound (large model)',
        target: '≥ 0.5×',
        measured: ratio(big.genTokS / big.bound, 2),
        met: big.genTokS / big.bound >= 0.5,
      },
      {
        name: 'follow-up TTFT with a 2,000-token history ÷ the same turn cold (large model)',
        target: '≤ 0.3×',
        measured: ratio(big.warm / big.cold, 2),
        met: big.warm / big.cold <= 0.3,
      },
    );
    result.notes.push(
      `The default chat model (Qwen2.5-1.5B-Instruct Q4_K_M, ${DEFAULT_MODEL_BYTES / MB} MB) would be bound here at ${fmt(bandwidth / DEFAULT_MODEL_BYTES, 1)} tokens/s (this machine's bandwidth ÷ its size). To measure it, run \`BENCH_LOCAL_MODEL=/path/to/model.gguf npm run bench:local\` (a table for that file is added).`,
      'The tiny model fits in the CPU caches, so its bound is meaningless; its row shows the per-token overhead of llama.cpp and the engine. The large one is what a real model meets.',
      'Follow-up: the learner’s previous turn was answered by the same sequence, so its prompt is in the KV cache and only the new exchange is read; cold: the cache is cleared first.',
    );
    if (process.env.BENCH_LOCAL_MODEL) {
      log(`measuring ${process.env.BENCH_LOCAL_MODEL}`);
      const m = await measure(process.env.BENCH_LOCAL_MODEL, bandwidth);
      result.tables.push({
        title: `BENCH_LOCAL_MODEL: ${path.basename(process.env.BENCH_LOCAL_MODEL)}`,
        columns: [
          'size',
          'generated tok/s',
          'bound tok/s',
          'fraction',
          'prompt tok/s',
          'cold TTFT ms',
          'follow-up TTFT ms',
        ],
        rows: [
          [
            `${fmt(m.bytes / MB, 0)} MB`,
            fmt(m.genTokS, 1),
            fmt(m.bound, 1),
            ratio(m.genTokS / m.bound, 2),
            fmt(m.promptTokS, 0),
            fmt(m.cold, 0),
            fmt(m.warm, 0),
          ],
        ],
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runLocal();
  renderReport();
}
