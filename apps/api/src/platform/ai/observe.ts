// The one choke point every model call goes through: createContext wraps the provider with
// observeAi, which reports each finished call (success, failure or cancellation) with its latency,
// tokens and retries. /metrics counts them and the request's completion log line lists them
// (platform/metrics). Features do nothing for this; they pass their request's `log` as always.
import { HttpError } from '../../errors.ts';
import type { AiLog, AiProvider, AiUsage, ObjectRequest, TextRequest, TextStream } from './types.ts';

export interface AiCall {
  provider: AiUsage['provider'];
  /** `embedding` for embed(); otherwise the request's AiTask. */
  task: string;
  model?: string;
  latencyMs: number;
  inputTokens?: number;
  outputTokens?: number;
  /** HTTP attempts the call took as the provider reports them (retries + 1 when it does not). */
  attempts: number;
  /** Retries of failed attempts (429, 5xx, network) within this call. */
  retries: number;
  /** Set when the call failed: the API error code (ai_timeout, ai_upstream_error, ...). */
  error?: string;
  /** The client went away: the call was cancelled, not failed. */
  cancelled?: boolean;
  /** The request's logger the call was made with (ties the call to its HTTP request). */
  log?: AiLog;
}

export type AiCallListener = (call: AiCall) => void;

/**
 * The provider with every call reported to `onCall`. Everything else (status, close, the local
 * provider's `settled` and engine) is the provider's own, read through the prototype.
 */
export function observeAi(ai: AiProvider, onCall: AiCallListener): AiProvider {
  const report = (call: AiCall) => {
    try {
      onCall(call);
    } catch {
      // Observing never breaks a call.
    }
  };

  function track<R extends { task: string; log?: AiLog; onRetry?: () => void }>(req: R) {
    const started = Date.now();
    let retries = 0;
    const forwarded: R = {
      ...req,
      onRetry: () => {
        retries++;
        req.onRetry?.();
      },
    };
    return {
      req: forwarded,
      ok(usage: Partial<AiUsage>) {
        report({
          provider: usage.provider ?? ai.name,
          task: req.task,
          model: usage.model,
          latencyMs: usage.latencyMs ?? Date.now() - started,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          attempts: usage.attempts ?? retries + 1,
          retries,
          log: req.log,
        });
      },
      fail(err: unknown) {
        const code = err instanceof HttpError ? err.code : 'internal';
        report({
          provider: ai.name,
          task: req.task,
          latencyMs: Date.now() - started,
          attempts: retries + 1,
          retries,
          ...(code === 'client_closed_request' ? { cancelled: true } : { error: code }),
          log: req.log,
        });
      },
    };
  }

  const observed = Object.create(ai) as AiProvider;
  Object.assign(observed, {
    async generateText(req: TextRequest) {
      const t = track(req);
      try {
        const r = await ai.generateText(t.req);
        t.ok(r.usage);
        return r;
      } catch (err) {
        t.fail(err);
        throw err;
      }
    },
    streamText(req: TextRequest): TextStream {
      const t = track(req);
      const s = ai.streamText(t.req);
      s.done.then(
        (r) => t.ok(r.usage),
        (err) => t.fail(err),
      );
      return s;
    },
    async generateObject<T>(req: ObjectRequest<T>) {
      const t = track(req);
      try {
        const r = await ai.generateObject(t.req);
        t.ok(r.usage);
        return r;
      } catch (err) {
        t.fail(err);
        throw err;
      }
    },
  });
  if (ai.embed) {
    const embed = ai.embed.bind(ai);
    observed.embed = async (texts, signal) => {
      const t = track({ task: 'embedding' });
      try {
        const r = await embed(texts, signal);
        t.ok({});
        return r;
      } catch (err) {
        t.fail(err);
        throw err;
      }
    };
  }
  return observed;
}
