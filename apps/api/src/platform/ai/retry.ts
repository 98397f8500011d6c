// Retries for model calls: exponential backoff with jitter on 429, 5xx and network errors, with
// the server's Retry-After honoured, inside one overall deadline. Errors that are not worth
// retrying (4xx, invalid output, cancellation) end at once. Failures become AiUnavailableError
// (502/503 with a stable code) or AiAbortedError when the client went away.
import { APICallError, NoObjectGeneratedError } from 'ai';
import { AiAbortedError, AiUnavailableError } from './types.ts';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  /** No single wait is longer than this (a longer Retry-After ends the retries instead). */
  maxDelayMs?: number;
}

export interface Classified {
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  kind: 'rate_limited' | 'server' | 'network' | 'rejected' | 'other';
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (and retry-after-ms, as OpenAI sends). */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = header(headers, 'retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.max(0, Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function classify(err: unknown): Classified {
  const api = APICallError.isInstance(err)
    ? err
    : APICallError.isInstance((err as any)?.cause)
      ? (err as any).cause
      : null;
  if (api) {
    const status = api.statusCode;
    if (status === 429)
      return {
        retryable: true,
        status,
        retryAfterMs: retryAfterMs(api.responseHeaders),
        kind: 'rate_limited',
      };
    if (status !== undefined && status >= 500)
      return { retryable: true, status, retryAfterMs: retryAfterMs(api.responseHeaders), kind: 'server' };
    if (status === 408) return { retryable: true, status, kind: 'server' };
    if (status !== undefined) return { retryable: false, status, kind: 'rejected' };
    // No status: the request never got an HTTP answer (refused, reset, DNS).
    return { retryable: true, kind: 'network' };
  }
  const e = err as { name?: string; code?: string; message?: string; cause?: any };
  const code = e?.code ?? e?.cause?.code;
  if (e?.name === 'TypeError' && /fetch failed|terminated|network/i.test(e.message ?? ''))
    return { retryable: true, kind: 'network' };
  if (
    code &&
    /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code)
  )
    return { retryable: true, kind: 'network' };
  return { retryable: false, kind: 'other' };
}

/** Backoff before retry number `attempt` (0-based): base * 2^attempt, "equal jitter" (50-100%). */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs ?? 30_000, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One call's cancellation: the client's signal (disconnect) and the overall deadline
 * (AI_TIMEOUT_MS, which covers all attempts and the waits between them).
 */
export function callSignal(timeoutMs: number, client?: AbortSignal) {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = client ? AbortSignal.any([client, deadline]) : deadline;
  return { signal, deadline, client, timeoutMs };
}
export type CallSignal = ReturnType<typeof callSignal>;

/** The longest one model call may run: a stream that keeps arriving, up to idleSignal's cap. */
export const longestCallMs = (timeoutMs: number) => timeoutMs * 10;

/**
 * A stream's cancellation: AI_TIMEOUT_MS to the first piece and between pieces (a long answer that
 * keeps arriving is not cut off), within an overall cap of `maxTotalMs`. `touch()` on each piece.
 */
export function idleSignal(
  timeoutMs: number,
  client: AbortSignal | undefined,
  maxTotalMs = longestCallMs(timeoutMs),
) {
  const idle = new AbortController();
  const fire = () => idle.abort(new DOMException('The AI stream timed out.', 'TimeoutError'));
  const timer = setTimeout(fire, timeoutMs);
  const cap = setTimeout(fire, maxTotalMs);
  let cleared = false;
  timer.unref?.();
  cap.unref?.();
  const signal = client ? AbortSignal.any([client, idle.signal]) : idle.signal;
  return {
    signal,
    deadline: idle.signal,
    client,
    timeoutMs,
    touch() {
      // Restarts the same timer (called for every piece: cheaper than a new one each time).
      if (!idle.signal.aborted && !cleared) timer.refresh();
    },
    clear() {
      cleared = true;
      clearTimeout(timer);
      clearTimeout(cap);
    },
  };
}

/** Turns any failure of a model call into the error the API reports. */
export function toAiError(err: unknown, cs: CallSignal, providerName: string): Error {
  if (err instanceof AiUnavailableError || err instanceof AiAbortedError) return err;
  if (cs.client?.aborted) return new AiAbortedError();
  if (cs.deadline.aborted)
    return new AiUnavailableError(
      `The AI model did not answer within ${Math.round(cs.timeoutMs / 1000)} s. Please retry.`,
      503,
      undefined,
      'ai_timeout',
    );
  const c = classify(err);
  switch (c.kind) {
    case 'rate_limited': {
      const after = c.retryAfterMs !== undefined ? Math.max(1, Math.ceil(c.retryAfterMs / 1000)) : 30;
      return new AiUnavailableError(
        `The AI provider is rate limiting requests. Please retry in ${after} s.`,
        503,
        after,
        'ai_rate_limited',
      );
    }
    case 'server':
      return c.status === 503
        ? new AiUnavailableError(
            'The AI provider is temporarily unavailable. Please retry shortly.',
            503,
            10,
            'ai_unavailable',
          )
        : new AiUnavailableError(
            `The AI provider failed (HTTP ${c.status}). Please retry shortly.`,
            502,
            undefined,
            'ai_upstream_error',
          );
    case 'network':
      return new AiUnavailableError(
        `The AI provider (${providerName}) could not be reached. Please retry shortly.`,
        503,
        10,
        'ai_unreachable',
      );
    case 'rejected':
      return new AiUnavailableError(
        `The AI provider refused the request (HTTP ${c.status}); the server's AI configuration (key, model names) may need attention.`,
        502,
        undefined,
        'ai_request_rejected',
      );
    default:
      return new AiUnavailableError(
        'The AI model returned an answer that could not be read. Please retry.',
        502,
        undefined,
        'ai_upstream_error',
      );
  }
}

/**
 * Runs `fn` until it succeeds, a failure is not retryable, the retries run out, or the call is
 * cancelled. `fn` receives the attempt number (0-based). Returns the result and the attempt count.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  cs: CallSignal,
  providerName: string,
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt + 1 };
    } catch (err) {
      if (cs.signal.aborted) throw toAiError(err, cs, providerName);
      // An unusable structured reply is the caller's to repair.
      if (NoObjectGeneratedError.isInstance(err)) throw err;
      const c = classify(err);
      if (!c.retryable || attempt >= policy.maxRetries) throw toAiError(err, cs, providerName);
      const delayMs = c.retryAfterMs ?? backoffMs(policy, attempt);
      // A Retry-After beyond what we are willing to wait: stop now and tell the client when to retry.
      if (delayMs > (policy.maxDelayMs ?? 30_000)) throw toAiError(err, cs, providerName);
      onRetry?.({ attempt, delayMs, error: err });
      try {
        await sleep(delayMs, cs.signal);
      } catch (e) {
        throw toAiError(e, cs, providerName);
      }
    }
  }
}
