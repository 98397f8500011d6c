// Retries for model calls. The AI SDK has a retry loop too (maxRetries), but it starts at a fixed
// 2 s with no jitter (so clients that failed together retry together), sleeps through any
// Retry-After under a minute, tells nobody about an attempt (no log line, no metric), and does not
// cover our streams (read through the provider's doStream). So the SDK's is off (maxRetries: 0) and
// this one is what it lacks: equal-jitter backoff from AI_RETRY_BASE_MS, a Retry-After beyond what
// we will wait ends the call at once (the learner is told when to retry), a hook per retry, and the
// waits inside the call's one deadline. Which failures are worth retrying is the SDK's own rule
// (APICallError.isRetryable: 408, 409, 429, 5xx, and requests that got no answer) plus Node's
// network error codes for failures outside an APICallError.
import { NoObjectGeneratedError } from 'ai';
import { classify, toAiError } from './failures.ts';
import type { CallSignal } from './signals.ts';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  /** No single wait is longer than this (a longer Retry-After ends the retries instead). */
  maxDelayMs: number;
}

/**
 * How long to wait before retry number `attempt` (0-based) after `err`, or undefined when the call
 * should end now: not retryable, out of retries, or the server asks for a wait beyond ours.
 * Backoff is base * 2^attempt with "equal jitter" (50-100 %); the server's Retry-After wins.
 */
export function retryDelay(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  random = Math.random,
): number | undefined {
  const c = classify(err);
  if (!c.retryable || attempt >= policy.maxRetries) return undefined;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const delay = c.retryAfterMs ?? Math.round(exp / 2 + (random() * exp) / 2);
  return delay > policy.maxDelayMs ? undefined : delay;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
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
      // An unusable structured reply is the caller's to repair.
      if (!cs.signal.aborted && NoObjectGeneratedError.isInstance(err)) throw err;
      const delayMs = cs.signal.aborted ? undefined : retryDelay(err, attempt, policy);
      if (delayMs === undefined) throw toAiError(err, cs, providerName);
      onRetry?.({ attempt, delayMs, error: err });
      await pause(delayMs, cs.signal).catch((e: unknown) => {
        throw toAiError(e, cs, providerName);
      });
    }
  }
}
