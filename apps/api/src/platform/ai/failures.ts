// A model call's failures: which kind each is (and whether it is worth retrying), and each as the
// error the API reports — a stable code, 502 or 503, and when to retry where that is known.
import { APICallError } from 'ai';
import type { CallSignal } from './signals.ts';
import { AiAbortedError, AiUnavailableError } from './types.ts';

export interface Classified {
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  kind: 'rate_limited' | 'server' | 'network' | 'rejected' | 'other';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (and retry-after-ms, as OpenAI sends). */
function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  const ms = headers?.['retry-after-ms'];
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = headers?.['retry-after'];
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.max(0, Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const NETWORK_CODES =
  /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CLOSED)$/;

export function classify(err: unknown): Classified {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  const api = APICallError.isInstance(err) ? err : APICallError.isInstance(cause) ? cause : null;
  if (api) {
    const status = api.statusCode;
    // The SDK wraps a request that got no HTTP answer (refused, reset, DNS) without a status.
    if (status === undefined) return { retryable: api.isRetryable, kind: 'network' };
    if (!api.isRetryable) return { retryable: false, status, kind: 'rejected' };
    const retryAfter = retryAfterMs(api.responseHeaders);
    return {
      retryable: true,
      status,
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      kind: status === 429 ? 'rate_limited' : 'server',
    };
  }
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  if (e?.name === 'TypeError' && /fetch failed|terminated|network/i.test(e.message ?? ''))
    return { retryable: true, kind: 'network' };
  if (code && NETWORK_CODES.test(code)) return { retryable: true, kind: 'network' };
  return { retryable: false, kind: 'other' };
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
