// The `local` provider: a model on this machine, the default when no key or server is configured.
// The server is up at once; the models are fetched into DATA_DIR/models (or taken from
// AI_MODEL_PATH / AI_EMBED_MODEL_PATH) and loaded in the background. Until the chat model is
// ready, or if it cannot be set up, the offline engine answers and says why, so nothing fails for
// want of a model. Setting up is tried once per start: one log line on failure, no retry storm.
// Over 300 lines because it is one provider's life cycle: setting up, the status it reports and
// each call's fallback to the offline engine read the same state, kept in one closure.
import path from 'node:path';
import type { Config } from '../../../config.ts';
import { createOfflineProvider } from '../offline.ts';
import {
  AiInvalidOutputError,
  AiUnavailableError,
  type AiMessage,
  type AiProvider,
  type AiStatus,
  type AiTask,
  type AiUsage,
  type ObjectRequest,
  type TextRequest,
  type TextStream,
} from '../types.ts';
import { DEFAULT_CHAT_MODEL, DEFAULT_EMBED_MODEL, type DefaultModel } from './defaults.ts';
import { downloadModel, isVerified, type DownloadOptions, type ModelFile } from './download.ts';
import { loadEngine, type LocalEngine } from './engine.ts';
import { grammarSchema } from './schema.ts';
import { salvageReply } from '../salvage.ts';

export interface LocalLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LocalProviderOptions {
  log?: LocalLog;
  /** Told about every status change and download progress (the terminal progress bar). */
  onStatus?: (status: AiStatus) => void;
  /** Resume policy for downloads (tests shorten the waits). */
  download?: Pick<DownloadOptions, 'resumes' | 'resumeDelayMs'>;
}

export interface LocalProvider extends AiProvider {
  /** Settles when setting up has finished, one way or the other (tests and the benchmark). */
  readonly settled: Promise<void>;
  /** The loaded engine, once ready. */
  engine(): LocalEngine | undefined;
}

const MB = 1_000_000;
const fmtMB = (n: number) => `${Math.round(n / MB).toLocaleString('en')} MB`;

/** Which file to use or fetch for one model role. */
function resolveModel(
  config: Config,
  explicitPath: string | undefined,
  url: string | undefined,
  sha256: string | undefined,
  fallback: DefaultModel,
): { spec: ModelFile; name: string; provided: boolean } {
  if (explicitPath)
    return {
      spec: { url: '', file: path.resolve(explicitPath), sha256 },
      name: path.basename(explicitPath),
      provided: true,
    };
  const dir = path.join(config.dataDir, 'models');
  if (url) {
    const file = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'model.gguf');
    return { spec: { url, file: path.join(dir, file), sha256 }, name: file, provided: false };
  }
  return {
    spec: { url: fallback.url, file: path.join(dir, fallback.file), sha256: sha256 ?? fallback.sha256 },
    name: fallback.file,
    provided: false,
  };
}

/** Tasks about what a picture or video shows: a text-only model could only guess. */
const VISION_TASKS = new Set<AiTask>(['image_description', 'video_analysis']);

const SETUP_HINT = 'Set AI_MODEL_PATH or AI_PROVIDER=offline.';

export function createLocalProvider(config: Config, opts: LocalProviderOptions = {}): LocalProvider {
  const offline = createOfflineProvider();
  const chat = resolveModel(
    config,
    config.AI_MODEL_PATH,
    config.AI_MODEL_URL,
    config.AI_MODEL_SHA256,
    DEFAULT_CHAT_MODEL,
  );
  const embed = resolveModel(
    config,
    config.AI_EMBED_MODEL_PATH,
    config.AI_EMBED_MODEL_URL,
    config.AI_EMBED_MODEL_SHA256,
    DEFAULT_EMBED_MODEL,
  );
  let status: AiStatus = {
    provider: 'local',
    state: 'loading',
    model: chat.name,
    message: 'Setting up the local tutor.',
  };
  let engine: LocalEngine | undefined;
  let closed = false;
  const abort = new AbortController();
  const set = (s: Omit<AiStatus, 'provider'>) => {
    status = { provider: 'local', ...s };
    opts.onStatus?.(status);
  };

  /** The file for one role: there already (and verified), or downloaded now. */
  async function ensure(m: typeof chat, role: string): Promise<string> {
    if (m.provided) {
      if (!(await isVerified(m.spec)))
        throw new Error(`${m.spec.file} is missing or its SHA-256 does not match`);
      return m.spec.file;
    }
    if (await isVerified(m.spec)) return m.spec.file;
    let lastShown = -1;
    await downloadModel(m.spec, {
      ...opts.download,
      signal: abort.signal,
      onProgress: ({ bytes, totalBytes }) => {
        const percent = totalBytes ? Math.floor((bytes / totalBytes) * 100) : undefined;
        if (percent === lastShown && percent !== undefined) return; // one update per percent
        lastShown = percent ?? -1;
        set({
          state: 'downloading',
          model: m.name,
          percent,
          bytes,
          totalBytes,
          message: `Setting up the local tutor: ${percent !== undefined ? `${percent} %` : fmtMB(bytes)} (${role}${totalBytes ? `, ${fmtMB(totalBytes)}` : ''}).`,
        });
      },
    });
    return m.spec.file;
  }

  async function setUp() {
    let phase = 'download';
    try {
      const chatPath = await ensure(chat, 'chat model');
      // Embeddings make retrieval semantic; without them full-text search still works.
      const embedPath = await ensure(embed, 'embedding model').catch((err) => {
        if (abort.signal.aborted) throw err;
        opts.log?.warn(
          { ai: { provider: 'local', model: embed.name }, reason: String((err as Error)?.message ?? err) },
          'local embedding model unavailable: retrieval uses full-text search only',
        );
        return undefined;
      });
      phase = 'load';
      set({ state: 'loading', model: chat.name, message: 'Setting up the local tutor: loading the model.' });
      const loaded = await loadEngine({ chatPath, embedPath, config });
      if (closed) return void (await loaded.close());
      engine = loaded;
      set({ state: 'ready', model: loaded.model, message: `The local tutor is ready (${loaded.model}).` });
      opts.log?.info(
        { ai: { provider: 'local', model: loaded.model, embedding: loaded.embeddingModel ?? null } },
        'local model ready',
      );
    } catch (err) {
      if (closed) return;
      const reason = String((err as Error)?.message ?? err).replace(/\.$/, '');
      const message = `Could not ${phase === 'download' ? 'download' : 'load'} the local model: ${reason}. ${SETUP_HINT}`;
      set({ state: 'failed', model: chat.name, reason, message });
      // One line, once: answers come from the offline engine from now on.
      opts.log?.error({ ai: { provider: 'local', model: chat.name, phase } }, message);
    }
  }
  const settled = setUp();

  /**
   * The note that starts an offline chat answer while the local model is not there: for the
   * learner, so no operator's instructions (those are in /info, the log and Settings and about).
   * Other tasks (a session's title) get the offline output as it is: a status is never content.
   */
  const note = (req: TextRequest) => {
    if (req.task !== 'chat') return '';
    const progress =
      status.state === 'downloading' && status.percent !== undefined ? ` (${status.percent} %)` : '';
    return status.state === 'failed'
      ? '_The local AI tutor could not be set up on this server, so this answer comes from offline mode._\n\n'
      : `_The local AI tutor is being set up on this server${progress}. Until it is ready, answers come from offline mode._\n\n`;
  };
  const usage = (
    e: LocalEngine,
    started: number,
    r: { inputTokens: number; outputTokens: number; finishReason: string },
    attempts = 1,
  ): AiUsage => ({
    provider: 'local',
    model: e.model,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    latencyMs: Date.now() - started,
    attempts,
    finishReason: r.finishReason,
  });
  const IMAGE_NOTE =
    '\n\n_The local model cannot see images; a vision-capable model (Gemini, or an OpenAI-compatible server) describes them._';
  const hasImages = (messages: AiMessage[]) => messages.some((m) => m.images?.length);

  const provider: LocalProvider = {
    name: 'local',
    settled,
    engine: () => engine,
    status: () => ({ ...status }),

    async generateText(req: TextRequest) {
      const e = engine;
      if (!e) {
        const r = await offline.generateText(req);
        return { text: note(req) + r.text, usage: r.usage };
      }
      const started = Date.now();
      const r = await e.generate({
        userId: req.userId,
        system: req.system,
        messages: req.messages,
        signal: req.signal,
      });
      return { text: r.text + (hasImages(req.messages) ? IMAGE_NOTE : ''), usage: usage(e, started, r) };
    },

    streamText(req: TextRequest): TextStream {
      const e = engine;
      if (!e) {
        const s = offline.streamText(req);
        const prefix = note(req);
        return {
          deltas: (async function* () {
            if (prefix) yield prefix;
            yield* s.deltas;
          })(),
          done: s.done.then((d) => ({ ...d, text: prefix + d.text })),
        };
      }
      const started = Date.now();
      // Text arrives through a callback; the consumer reads it as an async iterable. Stopping
      // early (the client went away) aborts the generation and frees the slot.
      const stop = new AbortController();
      const signal = req.signal ? AbortSignal.any([req.signal, stop.signal]) : stop.signal;
      const pending: string[] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let failure: unknown;
      const done = e
        .generate({
          userId: req.userId,
          system: req.system,
          messages: req.messages,
          signal,
          onText: (t) => {
            pending.push(t);
            wake?.();
          },
        })
        .then((r) => {
          const extra = hasImages(req.messages) ? IMAGE_NOTE : '';
          if (extra) pending.push(extra);
          return { text: r.text + extra, usage: usage(e, started, r) };
        })
        .catch((err) => {
          failure = err;
          throw err;
        })
        .finally(() => {
          finished = true;
          wake?.();
        });
      done.catch(() => {}); // read through `deltas` too
      async function* deltas() {
        try {
          for (;;) {
            const next = pending.shift();
            if (next !== undefined) {
              yield next;
              continue;
            }
            if (finished) break;
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
          if (failure) throw failure;
        } finally {
          if (!finished) stop.abort();
        }
      }
      return { deltas: deltas(), done };
    },

    async generateObject<T>(req: ObjectRequest<T>) {
      const e = engine;
      // Not ready, or pictures and videos this text model cannot see: the offline answer, an
      // honest description from the file's metadata (never a guess from its name).
      if (!e || req.images?.length || VISION_TASKS.has(req.task)) return offline.generateObject(req);
      const started = Date.now();
      const jsonSchema = grammarSchema(req.schema);
      const system = `${req.system}\n\nReply with one JSON object only.`;
      const messages: AiMessage[] = [{ role: 'user', content: req.prompt }];
      const attempt = async () => {
        const r = await e.generate({ userId: req.userId, system, messages, jsonSchema, signal: req.signal });
        let problem: string;
        try {
          const parsed = req.schema.safeParse(JSON.parse(r.text));
          if (parsed.success) return { ok: true as const, object: parsed.data, r };
          problem = parsed.error.issues
            .slice(0, 8)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ');
        } catch {
          problem =
            r.finishReason === 'length' ? 'it was cut off before the JSON ended' : 'it was not valid JSON';
        }
        return { ok: false as const, text: r.text, problem, r };
      };
      const first = await attempt();
      if (first.ok) return { object: first.object, usage: usage(e, started, first.r) };
      // As sdk.ts: a reply that fails as a whole may still hold good items (the request's salvage).
      const kept = salvageReply(req, first.text);
      if (kept !== undefined) return { object: kept, usage: usage(e, started, first.r) };
      // One repair attempt: show the model its reply and what was wrong with it.
      messages.push(
        { role: 'assistant', content: first.text },
        {
          role: 'user',
          content: `Your reply could not be used: ${first.problem}. Reply again with only a JSON object that matches the schema exactly.`,
        },
      );
      const second = await attempt();
      if (second.ok) return { object: second.object, usage: usage(e, started, second.r, 2) };
      const kept2 = salvageReply(req, second.text);
      if (kept2 !== undefined) return { object: kept2, usage: usage(e, started, second.r, 2) };
      throw new AiInvalidOutputError();
    },

    async embed(texts: string[], signal?: AbortSignal) {
      if (!engine?.embed)
        throw new AiUnavailableError(
          'The local embedding model is not available.',
          503,
          30,
          'ai_unavailable',
        );
      return engine.embed(texts, signal);
    },

    async close() {
      closed = true;
      abort.abort();
      await settled;
      await engine?.close();
      engine = undefined;
    },
  };
  return provider;
}
