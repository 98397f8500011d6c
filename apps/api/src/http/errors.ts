// One error shape for every failure: { error: { code, message, details?, requestId } }.
// 4xx messages say what to fix; 5xx never leak internals (stack traces, SQL, file paths).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ErrorCode } from '@chitchat/contracts';
import { HttpError } from '../errors.ts';

export { HttpError };

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Sign in to continue: send Authorization: Bearer <access token>.') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
/** Also used for objects that exist but belong to someone else: never reveal which. */
export const notFound = (what = 'Resource') => new HttpError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, code: ErrorCode = 'conflict') => new HttpError(409, code, message);
export const unprocessable = (message: string, code: ErrorCode = 'unprocessable') =>
  new HttpError(422, code, message);
export const serviceUnavailable = (
  message: string,
  code: ErrorCode = 'service_unavailable',
  retryAfter?: number,
) =>
  new HttpError(
    503,
    code,
    message,
    undefined,
    retryAfter ? { 'retry-after': String(retryAfter) } : undefined,
  );

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

// node-postgres errors carry a SQLSTATE `code`; connection failures carry errno codes.
const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
  '53300',
]);

function mapDatabaseError(err: { code?: string; message?: string }): Mapped | null {
  const code = err.code ?? '';
  if (code === 'CC404')
    return { status: 404, code: 'not_found', message: `${cap(err.message ?? 'Not found')}.` };
  // RLS refusals and privilege errors: the object is someone else's, so it "does not exist".
  if (code === '42501') return { status: 404, code: 'not_found', message: 'Resource not found.' };
  if (code === '23505') return { status: 409, code: 'conflict', message: 'That already exists.' };
  if (code === '23503')
    return { status: 404, code: 'not_found', message: 'A referenced resource was not found.' };
  if (code === '23514' || code === '22001' || code === '22003' || code === '22P02' || code === '22023')
    return { status: 400, code: 'bad_request', message: 'A value is out of range or malformed.' };
  // Text PostgreSQL cannot store: NUL characters (22021 in text, 22P05 in jsonb).
  if (code === '22021' || code === '22P05')
    return { status: 400, code: 'bad_request', message: 'Text may not contain NUL (\\u0000) characters.' };
  // A value too large for an index or a tsvector.
  if (code === '54000') return { status: 400, code: 'bad_request', message: 'A value is too large.' };
  if (code === '40001' || code === '40P01')
    return { status: 503, code: 'retry', message: 'The request conflicted with another one. Please retry.' };
  if (code === '57014')
    return { status: 503, code: 'timeout', message: 'The database took too long. Please retry.' };
  if (
    DB_DOWN.has(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(
      err.message ?? '',
    )
  )
    return {
      status: 503,
      code: 'database_unavailable',
      message: 'The database is unavailable. Please retry shortly.',
    };
  return null;
}

/** A framework's own code, when it is one of ours (lower-cased); otherwise undefined. */
const knownCode = (code: unknown) => ErrorCode.safeParse(String(code ?? '').toLowerCase()).data;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describeZodIssues(issues: Array<{ instancePath?: string; message?: string; params?: any }>): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const where = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      return where ? `${where}: ${i.message}` : String(i.message);
    })
    .join('; ');
}

function mapError(err: FastifyError & Record<string, any>): Mapped {
  if (err instanceof HttpError)
    return { status: err.statusCode, code: err.code, message: err.message, details: err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const part = err.validationContext ?? 'request';
    return {
      status: 400,
      code: 'validation_failed',
      message: `Invalid ${part}: ${describeZodIssues(err.validation as any)}`,
      details: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
    };
  }
  if (isResponseSerializationError(err)) {
    return { status: 500, code: 'internal', message: 'Something went wrong on our side.' };
  }
  const db = mapDatabaseError(err);
  if (db) return db;
  // The disk (local storage, PGlite's directory) is full: nothing is wrong with the request.
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT')
    return {
      status: 507,
      code: 'insufficient_storage',
      message: 'The server is out of storage space. Please try again later.',
    };
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: `Unsupported Content-Type. Send application/json.`,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'bad_request', message: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON.' };
    case 'FST_ERR_VALIDATION':
      return { status: 400, code: 'validation_failed', message: err.message };
  }
  if (err instanceof SyntaxError && /JSON/.test(err.message))
    return { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON.' };
  const status = err.statusCode ?? 500;
  if (status === 429)
    return {
      status,
      code: 'rate_limited',
      message: err.message || 'Too many requests. Slow down and retry.',
    };
  if (status >= 400 && status < 500)
    return { status, code: knownCode(err.code) ?? 'bad_request', message: err.message };
  return { status: 500, code: 'internal', message: 'Something went wrong on our side.' };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, mapped: Mapped) {
  const body = {
    error: {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.details !== undefined ? { details: mapped.details } : {}),
      requestId: request.id,
    },
    // Supabase-Auth clients read these on /auth/v1 (GoTrue's error fields).
    ...(request.url.startsWith('/auth/v1')
      ? { code: mapped.status, error_code: mapped.code, msg: mapped.message }
      : {}),
  };
  return reply.status(mapped.status).type('application/json; charset=utf-8').send(body);
}

/**
 * Fastify's own early refusals (a URL with broken percent-encoding), which bypass the error
 * handler: the same error shape and request id as everything else. Passed as `frameworkErrors`.
 */
export function frameworkErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // These replies skip the hooks (helmet's among them): the baseline headers are set here.
  reply.headers({
    'x-request-id': request.id,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
  request.log.info({ code: err.code }, 'request rejected');
  const mapped: Mapped =
    err.code === 'FST_ERR_BAD_URL'
      ? { status: 400, code: 'bad_url', message: 'The URL is malformed: check its percent-encoding.' }
      : mapError(err as FastifyError & Record<string, any>);
  // Sent, not returned: the reply is a thenable, and Fastify's frameworkErrors hook expects void.
  sendError(request, reply, mapped.status >= 500 ? mapped : { ...mapped, status: mapped.status || 400 });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const mapped = mapError(err as any);
    if (err instanceof HttpError && err.headers) reply.headers(err.headers);
    if (mapped.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: mapped.code, status: mapped.status }, 'request rejected');
    return sendError(request, reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, {
      status: 404,
      code: 'route_not_found',
      message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}
