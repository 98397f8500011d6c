// A provider backed by a real model through the Vercel AI SDK (gemini.ts and openai-compatible.ts
// only say which SDK provider and models). The SDK's own retries are off (maxRetries: 0): retries,
// the deadline and cancellation are ours (retry.ts, signals.ts), so the policy is the same for every provider
// and covers streams (retried until the first text arrives) and the structured-output repair.
// Over 300 lines because it is one provider: generate, stream, structured output and embeddings
// share its options, retry policy and usage accounting in one closure.
// Streams read the provider's model directly (doStream) rather than through the SDK's streamText:
// a chat answer needs only its text, finish reason and usage, and streamText's pipeline (a
// dozen web-stream stages, its prompt validation and step machinery) cost more CPU per piece than
// the provider's own parsing (bench/stream-pipeline.ts, bench/PERFORMANCE.md §10).
import {
  generateText as sdkGenerateText,
  embedMany,
  NoObjectGeneratedError,
  Output,
  type EmbeddingModel,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
  type UserContent,
} from 'ai';
import type { Config } from '../../config.ts';
import { selectModel, type ModelSet } from './models.ts';
import { salvageReply } from './salvage.ts';
import { classify, toAiError } from './failures.ts';
import { pause, retryDelay, withRetries, type RetryPolicy } from './retry.ts';
import { callSignal, idleSignal } from './signals.ts';
import {
  AiAbortedError,
  AiInvalidOutputError,
  AiUnavailableError,
  type AiImage,
  type AiLog,
  type AiMessage,
  type AiProvider,
  type AiUsage,
  type ObjectRequest,
  type TextRequest,
  type TextStream,
} from './types.ts';

/** A provider's model object (what `google.languageModel(id)` returns): the SDK's model interface. */
export type ProviderModel = Extract<LanguageModel, { specificationVersion: 'v3' }>;
type ModelPrompt = Parameters<ProviderModel['doStream']>[0]['prompt'];

export interface SdkProviderOptions {
  name: 'gemini' | 'openai-compatible';
  models: ModelSet;
  languageModel: (id: string) => ProviderModel;
  embeddingModel?: (id: string) => EmbeddingModel;
  config: Pick<Config, 'AI_TIMEOUT_MS' | 'AI_MAX_RETRIES' | 'AI_RETRY_BASE_MS'>;
  /** Called on each retry (logging). */
  onRetry?: (info: { task: string; attempt: number; delayMs: number; error: unknown }) => void;
}

const imagePart = (img: AiImage) => ({ type: 'image' as const, image: img.data, mediaType: img.mediaType });

export function toModelMessages(messages: AiMessage[]): ModelMessage[] {
  return messages.map((m): ModelMessage => {
    if (m.role === 'assistant') return { role: 'assistant', content: m.content };
    if (!m.images?.length) return { role: 'user', content: m.content };
    const content: UserContent = [...m.images.map(imagePart), { type: 'text', text: m.content }];
    return { role: 'user', content };
  });
}

/**
 * The model's prompt, as streamText's conversion writes it for these messages (a system message,
 * then text parts, images as file parts with their media type); empty text parts of a message
 * with images are dropped, as the SDK drops them.
 */
export function toModelPrompt(system: string, messages: AiMessage[]): ModelPrompt {
  return [
    { role: 'system', content: system },
    ...messages.map((m): ModelPrompt[number] => {
      if (m.role === 'assistant') return { role: 'assistant', content: [{ type: 'text', text: m.content }] };
      if (!m.images?.length) return { role: 'user', content: [{ type: 'text', text: m.content }] };
      return {
        role: 'user',
        content: [
          ...m.images.map((img) => ({ type: 'file' as const, mediaType: img.mediaType, data: img.data })),
          ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
        ],
      };
    }),
  ];
}

const chars = (messages: AiMessage[], system: string) =>
  system.length + messages.reduce((n, m) => n + m.content.length, 0);

function usageOf(
  provider: AiUsage['provider'],
  model: string,
  started: number,
  u: Pick<LanguageModelUsage, 'inputTokens' | 'outputTokens'> | undefined,
  attempts: number,
  finishReason?: string,
): AiUsage {
  return {
    provider,
    model,
    ...(u?.inputTokens !== undefined ? { inputTokens: u.inputTokens } : {}),
    ...(u?.outputTokens !== undefined ? { outputTokens: u.outputTokens } : {}),
    latencyMs: Date.now() - started,
    attempts,
    ...(finishReason ? { finishReason } : {}),
  };
}

/** What went wrong with a structured reply, in a sentence the model can act on. */
function describeInvalid(err: NoObjectGeneratedError): string {
  const cause = err.cause as
    { message?: string; issues?: Array<{ path?: unknown[]; message?: string }> } | undefined;
  const issues = (cause as any)?.cause?.issues ?? cause?.issues;
  if (Array.isArray(issues) && issues.length)
    return issues
      .slice(0, 8)
      .map((i: any) => `${(i.path ?? []).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
  return /parse/i.test(err.message) ? 'it was not valid JSON' : (cause?.message ?? err.message).slice(0, 500);
}

export function createSdkProvider(opts: SdkProviderOptions): AiProvider {
  const { name, models, config } = opts;
  const embeddingModelOf = opts.embeddingModel;
  const embeddingName = models.embedding;
  const policy: RetryPolicy = {
    maxRetries: config.AI_MAX_RETRIES,
    baseDelayMs: config.AI_RETRY_BASE_MS,
    maxDelayMs: 30_000,
  };
  const retryLog =
    ({ task, log, onRetry }: { task: string; log?: AiLog; onRetry?: () => void }) =>
    (info: { attempt: number; delayMs: number; error: unknown }) => {
      const c = classify(info.error);
      log?.warn(
        {
          ai: {
            provider: name,
            task,
            attempt: info.attempt + 1,
            delayMs: info.delayMs,
            status: c.status,
            kind: c.kind,
          },
        },
        'AI call failed, retrying',
      );
      onRetry?.();
      opts.onRetry?.({ task, ...info });
    };

  return {
    name,

    async generateText(req: TextRequest) {
      const started = Date.now();
      const model = selectModel(models, {
        task: req.task,
        hasImages: req.messages.some((m) => m.images?.length),
        inputChars: chars(req.messages, req.system),
      });
      const cs = callSignal(config.AI_TIMEOUT_MS, req.signal);
      const { value, attempts } = await withRetries(
        () =>
          sdkGenerateText({
            model: opts.languageModel(model),
            system: req.system,
            messages: toModelMessages(req.messages),
            maxRetries: 0,
            abortSignal: cs.signal,
          }),
        policy,
        cs,
        name,
        retryLog(req),
      );
      return {
        text: value.text,
        usage: usageOf(
          name,
          value.response?.modelId ?? model,
          started,
          value.usage,
          attempts,
          value.finishReason,
        ),
      };
    },

    streamText(req: TextRequest): TextStream {
      const started = Date.now();
      const model = selectModel(models, {
        task: req.task,
        hasImages: req.messages.some((m) => m.images?.length),
        inputChars: chars(req.messages, req.system),
      });
      const cs = idleSignal(config.AI_TIMEOUT_MS, req.signal);
      let settle!: { resolve: (v: { text: string; usage: AiUsage }) => void; reject: (e: unknown) => void };
      const done = new Promise<{ text: string; usage: AiUsage }>(
        (resolve, reject) => (settle = { resolve, reject }),
      );
      done.catch(() => {}); // the consumer may handle the error from `deltas` instead
      let settled = false;

      async function* deltas(): AsyncGenerator<string> {
        let text = '';
        try {
          for (let attempt = 0; ; attempt++) {
            let yielded = false;
            try {
              // A failed request (HTTP status, network) throws here; a failure later arrives as a part.
              const { stream } = await opts.languageModel(model).doStream({
                prompt: toModelPrompt(req.system, req.messages),
                abortSignal: cs.signal,
                includeRawChunks: false,
              });
              let usage: Pick<LanguageModelUsage, 'inputTokens' | 'outputTokens'> | undefined;
              let finishReason: string | undefined;
              let modelId = model;
              for await (const part of stream) {
                if (part.type === 'text-delta') {
                  if (!part.delta) continue;
                  cs.touch();
                  text += part.delta;
                  yielded = true;
                  yield part.delta;
                } else if (part.type === 'error') throw part.error;
                else if (part.type === 'response-metadata') modelId = part.modelId ?? modelId;
                else if (part.type === 'finish') {
                  usage = {
                    inputTokens: part.usage.inputTokens.total,
                    outputTokens: part.usage.outputTokens.total,
                  };
                  finishReason = part.finishReason.unified;
                }
              }
              if (cs.signal.aborted) throw cs.signal.reason;
              // A stream that ends without a finish reason was cut off.
              if (
                finishReason === undefined ||
                finishReason === 'error' ||
                (finishReason === 'other' && !text)
              )
                throw new AiUnavailableError(
                  'The AI model stopped answering part-way. Please retry.',
                  502,
                  undefined,
                  'ai_stream_interrupted',
                );
              settled = true;
              settle.resolve({
                text,
                usage: usageOf(name, modelId, started, usage, attempt + 1, finishReason),
              });
              return;
            } catch (err) {
              // Retry only while nothing has been shown to the learner.
              const delayMs = yielded || cs.signal.aborted ? undefined : retryDelay(err, attempt, policy);
              if (delayMs === undefined) {
                if (yielded && !cs.signal.aborted && !(err instanceof AiUnavailableError))
                  throw new AiUnavailableError(
                    'The AI model stopped answering part-way. Please retry.',
                    502,
                    undefined,
                    'ai_stream_interrupted',
                  );
                throw toAiError(err, cs, name);
              }
              retryLog(req)({ attempt, delayMs, error: err });
              await pause(delayMs, cs.signal).catch((e: unknown) => {
                throw toAiError(e, cs, name);
              });
            }
          }
        } catch (err) {
          settled = true;
          settle.reject(err);
          throw err;
        } finally {
          cs.clear();
          // The consumer stopped iterating early: the call is over as far as anyone can tell.
          if (!settled) settle.reject(new AiAbortedError());
        }
      }
      return { deltas: deltas(), done };
    },

    async generateObject<T>(req: ObjectRequest<T>) {
      const started = Date.now();
      const model = selectModel(models, {
        task: req.task,
        hasImages: !!req.images?.length,
        inputChars: req.system.length + req.prompt.length,
      });
      const cs = callSignal(config.AI_TIMEOUT_MS, req.signal);
      const first: ModelMessage[] = toModelMessages([
        { role: 'user', content: req.prompt, images: req.images },
      ]);
      const call = (messages: ModelMessage[]) =>
        withRetries(
          () =>
            sdkGenerateText({
              model: opts.languageModel(model),
              system: req.system,
              messages,
              output: Output.object({ schema: req.schema }),
              maxRetries: 0,
              abortSignal: cs.signal,
            }),
          policy,
          cs,
          name,
          retryLog(req),
        );
      // A reply that fails as a whole may still hold good items: keep them rather than pay a repair.
      const salvaged = (err: NoObjectGeneratedError, attempts: number) => {
        const object = salvageReply(req, err.text);
        return object === undefined
          ? undefined
          : {
              object,
              usage: usageOf(
                name,
                err.response?.modelId ?? model,
                started,
                err.usage,
                attempts,
                err.finishReason,
              ),
            };
      };
      try {
        const { value, attempts: n } = await call(first);
        return {
          object: value.output as T,
          usage: usageOf(name, value.response?.modelId ?? model, started, value.usage, n, value.finishReason),
        };
      } catch (err) {
        if (!NoObjectGeneratedError.isInstance(err)) throw toAiError(err, cs, name);
        const kept = salvaged(err, 1);
        if (kept) return kept;
        // One repair attempt: show the model its reply and what was wrong with it.
        const repair: ModelMessage[] = [
          ...first,
          { role: 'assistant', content: err.text ?? '' },
          {
            role: 'user',
            content: `Your reply could not be used: ${describeInvalid(err)}. Reply again with only a JSON object that matches the response schema exactly.`,
          },
        ];
        try {
          const { value, attempts: n } = await call(repair);
          return {
            object: value.output as T,
            usage: usageOf(
              name,
              value.response?.modelId ?? model,
              started,
              value.usage,
              1 + n,
              value.finishReason,
            ),
          };
        } catch (err2) {
          if (NoObjectGeneratedError.isInstance(err2)) {
            const kept2 = salvaged(err2, 2);
            if (kept2) return kept2;
            throw new AiInvalidOutputError();
          }
          throw toAiError(err2, cs, name);
        }
      }
    },

    ...(embeddingModelOf && embeddingName
      ? {
          async embed(texts: string[], signal?: AbortSignal) {
            const cs = callSignal(config.AI_TIMEOUT_MS, signal);
            const embeddingModel = embeddingModelOf(embeddingName);
            const { value } = await withRetries(
              () =>
                embedMany({ model: embeddingModel, values: texts, maxRetries: 0, abortSignal: cs.signal }),
              policy,
              cs,
              name,
              retryLog({ task: 'embed' }),
            );
            return value.embeddings;
          },
        }
      : {}),
  };
}
