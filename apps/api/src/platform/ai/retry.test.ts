import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classify } from './failures.ts';
import { pause, retryDelay, withRetries } from './retry.ts';
import { callSignal } from './signals.ts';

const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 };
const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'http://model.test',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
  });

describe('which failures are retried (the SDK’s own rule, plus network codes)', () => {
  it('retries 429, 5xx, 408 and requests that got no answer; not other 4xx or unknown errors', () => {
    expect(classify(apiError(429))).toMatchObject({ retryable: true, kind: 'rate_limited' });
    expect(classify(apiError(503))).toMatchObject({ retryable: true, kind: 'server', status: 503 });
    expect(classify(apiError(408))).toMatchObject({ retryable: true, kind: 'server' });
    expect(classify(apiError(400))).toMatchObject({ retryable: false, kind: 'rejected', status: 400 });
    expect(classify(apiError(401))).toMatchObject({ retryable: false, kind: 'rejected' });
    expect(classify(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toMatchObject({
      retryable: true,
      kind: 'network',
    });
    expect(classify(new TypeError('fetch failed'))).toMatchObject({ retryable: true, kind: 'network' });
    expect(classify(new Error('something else'))).toEqual({ retryable: false, kind: 'other' });
    // Wrapped by the SDK (a RetryError or similar with the call as its cause).
    expect(classify(new Error('wrapped', { cause: apiError(502) }))).toMatchObject({ retryable: true });
  });
});

describe('retryDelay', () => {
  it('backs off exponentially with equal jitter (50–100 % of base × 2^attempt)', () => {
    expect(retryDelay(apiError(503), 0, policy, () => 0)).toBe(50);
    expect(retryDelay(apiError(503), 0, policy, () => 1)).toBe(100);
    expect(retryDelay(apiError(503), 1, policy, () => 0)).toBe(100);
    expect(retryDelay(apiError(503), 1, policy, () => 1)).toBe(200);
  });

  it('waits what the server asks (Retry-After seconds, an HTTP date, retry-after-ms)', () => {
    expect(retryDelay(apiError(429, { 'retry-after': '0.5' }), 0, policy)).toBe(500);
    expect(retryDelay(apiError(429, { 'retry-after-ms': '250' }), 0, policy)).toBe(250);
    const at = new Date(Date.now() + 800).toUTCString();
    const d = retryDelay(apiError(503, { 'retry-after': at }), 0, policy);
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1_000);
  });

  it('ends the call instead: not retryable, out of retries, or a wait beyond ours', () => {
    expect(retryDelay(apiError(400), 0, policy)).toBeUndefined();
    expect(retryDelay(apiError(503), 2, policy)).toBeUndefined();
    expect(retryDelay(apiError(429, { 'retry-after': '120' }), 0, policy)).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('retries a retryable failure, reports each retry, and returns the attempt count', async () => {
    const retries: number[] = [];
    let calls = 0;
    const { value, attempts } = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw apiError(503, { 'retry-after-ms': '1' });
        return 'ok';
      },
      policy,
      callSignal(5_000),
      'test',
      (info) => retries.push(info.delayMs),
    );
    expect([value, attempts, retries]).toEqual(['ok', 3, [1, 1]]);
  });

  it('turns a refusal into the API’s error at once, without retrying', async () => {
    let calls = 0;
    const err = await withRetries(
      async () => {
        calls++;
        throw apiError(400);
      },
      policy,
      callSignal(5_000),
      'test',
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(err).toMatchObject({ code: 'ai_request_rejected', status: 502 });
  });

  it('a rate limit that asks for longer than we wait ends with when to retry', async () => {
    const err = await withRetries(
      () => Promise.reject(apiError(429, { 'retry-after': '90' })),
      policy,
      callSignal(5_000),
      'test',
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ai_rate_limited', retryAfterSeconds: 90 });
  });

  it('pause rejects as soon as the call is cancelled', async () => {
    const ac = new AbortController();
    const p = pause(10_000, ac.signal);
    ac.abort(new Error('gone'));
    await expect(p).rejects.toThrow('gone');
  });
});
