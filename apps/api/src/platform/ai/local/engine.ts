// The local model in this process, on node-llama-cpp (llama.cpp's prebuilt CPU binaries; a GPU
// where llama.cpp finds one). One model in memory for everyone: a context with AI_LOCAL_PARALLEL
// sequences, each driven by a LlamaChat that keeps the conversation it last evaluated, so a
// follow-up turn of the same learner only evaluates what is new (the KV cache holds the prefix).
// Requests take turns through FairQueue. Structured output is constrained by a grammar made from
// the JSON schema, so the model can only write JSON of the right shape.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ChatHistoryItem,
  Llama,
  LlamaChat,
  LlamaContext,
  LlamaEmbeddingContext,
  LlamaGrammar,
  LlamaModel,
} from 'node-llama-cpp';
import type { Config } from '../../../config.ts';
import { toAiError } from '../failures.ts';
import { idleSignal, type CallSignal } from '../signals.ts';
import { AiAbortedError, AiUnavailableError, type AiMessage } from '../types.ts';
import { FairQueue } from './queue.ts';

export interface GenerateCall {
  userId?: string;
  system: string;
  messages: AiMessage[];
  /** A JSON schema (grammarSchema's output): the reply must match it. */
  jsonSchema?: object;
  signal?: AbortSignal;
  onText?: (text: string) => void;
}

export interface GenerateResult {
  text: string;
  /** Prompt tokens actually evaluated (a reused prefix is not evaluated again). */
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
}

export interface LocalEngine {
  readonly model: string;
  readonly embeddingModel?: string;
  readonly embeddingDimensions?: number;
  generate(call: GenerateCall): Promise<GenerateResult>;
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /** How busy the model is (tests and /metrics). */
  stats(): { slots: number; busy: number; waiting: number };
  /** Forgets what a slot's KV cache holds (the benchmark's cold turn). */
  forget(): Promise<void>;
  close(): Promise<void>;
}

type Cfg = Pick<
  Config,
  | 'AI_LOCAL_PARALLEL'
  | 'AI_LOCAL_QUEUE_MAX'
  | 'AI_LOCAL_CONTEXT_TOKENS'
  | 'AI_LOCAL_MAX_TOKENS'
  | 'AI_LOCAL_THREADS'
  | 'AI_LOCAL_GPU'
  | 'AI_TIMEOUT_MS'
>;

const GB = 1024 ** 3;

/** Refuses a model that cannot fit: llama.cpp would page it in and out of memory (or be killed). */
export function checkMemory(file: string, extraBytes = 0, free = os.freemem()) {
  const size = fs.statSync(file).size + extraBytes;
  if (size > free)
    throw new Error(
      `the model ${path.basename(file)} needs about ${(size / GB).toFixed(1)} GB of memory but only ${(free / GB).toFixed(1)} GB is free. ` +
        'Free some memory, choose a smaller model (AI_MODEL_URL or AI_MODEL_PATH), or use a model server (AI_PROVIDER=gemini or openai-compatible)',
    );
}

const historyOf = (system: string, messages: AiMessage[]): ChatHistoryItem[] => [
  { type: 'system', text: system },
  ...messages.map((m): ChatHistoryItem => {
    if (m.role === 'assistant') return { type: 'model', response: [m.content] };
    // This model reads text only: it is told what was attached, and the provider says so too.
    const note = m.images?.length
      ? `\n\n[The learner attached ${m.images.length} image(s) (${m.images.map((i) => i.mediaType).join(', ')}). You cannot see images: say so, and answer from the text.]`
      : '';
    return { type: 'user', text: m.content + note };
  }),
];

/** How many times a reply that ends before it says anything is generated (then it is empty). */
export const EMPTY_REPLY_TRIES = 3;

const randomSeed = () => crypto.randomInt(2 ** 31);

/**
 * Runs `attempt` until its reply has visible text: at most `tries` times, each with a new random
 * seed. A model may end its turn before writing anything (small ones do, now and then); asking
 * again costs little, the prompt being evaluated already. The seed is what makes asking again
 * worth it: node-llama-cpp's default is the clock's second, so the same prompt within one second
 * samples the same reply, the same empty one (and a learner's immediate retry replayed it). Only a
 * reply the model ended itself is asked again (not one cut off or stopped). Text from every attempt
 * is kept: it may have been streamed already (whitespace).
 */
export async function untilText(
  attempt: (seed: number) => Promise<{ response: string; stopReason: string }>,
  tries = EMPTY_REPLY_TRIES,
  seed: () => number = randomSeed,
): Promise<{ response: string; stopReason: string }> {
  let response = '';
  for (let n = 1; ; n++) {
    const r = await attempt(seed());
    response += r.response;
    const ended = r.stopReason === 'eogToken' || r.stopReason === 'stopGenerationTrigger';
    if (response.trim() || !ended || n >= tries) return { response, stopReason: r.stopReason };
  }
}

export async function loadEngine(opts: {
  chatPath: string;
  embedPath?: string;
  config: Cfg;
  llama?: Llama;
}): Promise<LocalEngine> {
  const { config } = opts;
  const { getLlama, LlamaChat: Chat, LlamaLogLevel } = await import('node-llama-cpp');
  // Prebuilt binaries only: never compile llama.cpp at run time (that needs cmake and minutes).
  const llama =
    opts.llama ??
    (await getLlama({
      gpu: config.AI_LOCAL_GPU === 'off' ? false : 'auto',
      build: 'never',
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    }));
  const threads = config.AI_LOCAL_THREADS || undefined;
  const parallel = config.AI_LOCAL_PARALLEL;
  let model: LlamaModel | undefined;
  let embedModel: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  let embedContext: LlamaEmbeddingContext | undefined;
  try {
    checkMemory(opts.chatPath);
    model = await llama.loadModel({ modelPath: opts.chatPath });
    const contextSize = Math.min(config.AI_LOCAL_CONTEXT_TOKENS, model.trainContextSize);
    context = await model.createContext({
      sequences: parallel,
      contextSize,
      threads,
      failedCreationRemedy: false,
    });
    if (opts.embedPath) {
      checkMemory(opts.embedPath);
      embedModel = await llama.loadModel({ modelPath: opts.embedPath });
      embedContext = await embedModel.createEmbeddingContext({
        contextSize: Math.min(512, embedModel.trainContextSize),
        threads,
      });
    }
  } catch (err) {
    await embedContext?.dispose();
    await embedModel?.dispose();
    await context?.dispose();
    await model?.dispose();
    if (!opts.llama) await llama.dispose();
    throw err;
  }
  // Loaded (the catch above rethrows): fixed for the closures below.
  const ctx = context;
  const chatModel = model;
  const embedder = embedContext;
  const chats: LlamaChat[] = Array.from(
    { length: parallel },
    () => new Chat({ contextSequence: ctx.getSequence(), autoDisposeSequence: true }),
  );
  const queue = new FairQueue(chats, config.AI_LOCAL_QUEUE_MAX);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const grammarFor = (schema: object) => {
    const key = JSON.stringify(schema);
    let g = grammars.get(key);
    if (!g) {
      g = llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
      grammars.set(key, g);
      g.catch(() => grammars.delete(key));
    }
    return g;
  };
  let closed = false;
  const name = (file: string) => path.basename(file).replace(/\.gguf$/i, '');

  // Embeddings run one at a time on their own context.
  let embedChain: Promise<unknown> = Promise.resolve();

  return {
    model: name(opts.chatPath),
    embeddingModel: opts.embedPath ? name(opts.embedPath) : undefined,
    embeddingDimensions: embedModel?.embeddingVectorSize,

    async generate(call) {
      if (closed) throw new AiUnavailableError('The local model is shutting down.', 503, 5, 'ai_unavailable');
      const slot = await queue.acquire(call.userId ?? 'background', call.signal);
      const cs: CallSignal & { touch(): void; clear(): void } = idleSignal(config.AI_TIMEOUT_MS, call.signal);
      try {
        const grammar = call.jsonSchema ? await grammarFor(call.jsonSchema) : undefined;
        const meter = slot.value.sequence.tokenMeter.getState();
        let outputTokens = 0;
        const history = historyOf(call.system, call.messages);
        // A grammar's JSON is never empty: one attempt.
        const res = await untilText(
          (seed) =>
            slot.value
              .generateResponse(history, {
                grammar,
                maxTokens: call.jsonSchema ? config.AI_LOCAL_MAX_TOKENS * 4 : config.AI_LOCAL_MAX_TOKENS,
                // Explanations read better with a little variety; JSON wants the likeliest token.
                temperature: call.jsonSchema ? 0.2 : 0.7,
                topP: 0.9,
                seed,
                signal: cs.signal,
                onToken: (tokens) => ((outputTokens += tokens.length), cs.touch()),
                onTextChunk: call.onText,
              })
              .then((r) => ({ response: r.response, stopReason: r.metadata.stopReason })),
          call.jsonSchema ? 1 : EMPTY_REPLY_TRIES,
        );
        const used = slot.value.sequence.tokenMeter.diff(meter);
        return {
          text: res.response,
          // The meter counts a token decoded for its logits (the prompt's last, each generated one
          // fed back) as output already: what it calls input is the prompt actually evaluated.
          inputTokens: used.usedInputTokens,
          outputTokens,
          finishReason: res.stopReason === 'maxTokens' ? 'length' : 'stop',
        };
      } catch (err) {
        // A cancelled generation may leave half a turn in the cache: the next call re-evaluates.
        // Cancelled or out of time: the same error, in the same words, as the cloud providers'.
        if (call.signal?.aborted || cs.deadline.aborted) throw toAiError(err, cs, 'local model');
        throw err;
      } finally {
        cs.clear();
        queue.release(slot);
      }
    },

    ...(embedder
      ? {
          async embed(texts: string[], signal?: AbortSignal) {
            const ec = embedder;
            const max = ec.model.trainContextSize ? Math.min(512, ec.model.trainContextSize) - 8 : 504;
            const run = async () => {
              const out: number[][] = [];
              for (const text of texts) {
                if (signal?.aborted) throw new AiAbortedError();
                const tokens = ec.model.tokenize(text).slice(0, max);
                out.push([...(await ec.getEmbeddingFor(tokens)).vector]);
              }
              return out;
            };
            const result = embedChain.then(run, run);
            embedChain = result.catch(() => {});
            return result;
          },
        }
      : {}),

    stats: () => ({ slots: parallel, busy: queue.busyCount, waiting: queue.waitingCount }),

    async forget() {
      for (const s of queue.slots) {
        if (s.busy) continue;
        await s.value.sequence.clearHistory();
        s.owner = undefined;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      queue.close(new AiUnavailableError('The local model is shutting down.', 503, 5, 'ai_unavailable'));
      for (const c of chats) c.dispose();
      await ctx.dispose();
      await embedder?.dispose();
      await embedModel?.dispose();
      await chatModel.dispose();
      if (!opts.llama) await llama.dispose();
    },
  };
}
