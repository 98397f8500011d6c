import { getApiBaseUrl } from './config';
import { supabase } from './supabase';

/** Anything with a zod-like `parse` (e.g. a schema from @chitchat/contracts). */
export interface Parser<T> {
  parse: (data: unknown) => T;
}

/** The API's error body: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON unless it is FormData. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Validates the JSON response; its type becomes the result type. */
  schema?: Parser<T>;
  /** Send without the Authorization header. */
  anonymous?: boolean;
}

export function apiUrl(path: string, query?: RequestOptions<unknown>['query']): string {
  const url = `${getApiBaseUrl()}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return params.length ? `${url}${url.includes('?') ? '&' : '?'}${params.join('&')}` : url;
}

/**
 * A URL the API handed out (an avatar, a signed download): absolute, or a path relative to the
 * API's origin when the server has no PUBLIC_URL. Native builds need it absolute.
 */
export function resolveApiUrl(url: string): string {
  return url.startsWith('/') ? `${getApiBaseUrl()}${url}` : url;
}

/** The current access token, refreshed by supabase-js when needed. */
export async function getAccessToken(): Promise<string | null> {
  const { data } = await supabase.auth.getSession();
  return data.session?.access_token ?? null;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.message === 'string') {
    return new ApiError(response.status, typeof err.code === 'string' ? err.code : 'error', err.message, err.details);
  }
  return new ApiError(response.status, 'http_error', response.statusText || `Request failed (${response.status})`);
}

/**
 * fetch wrapper for /api/v1: adds the Bearer token, encodes JSON, turns
 * error bodies into ApiError and optionally validates the response.
 */
export async function apiRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', body, query, headers = {}, signal, schema, anonymous } = options;
  const finalHeaders: Record<string, string> = { Accept: 'application/json', ...headers };

  if (!anonymous) {
    const token = await getAccessToken();
    if (token) finalHeaders.Authorization = `Bearer ${token}`;
  }

  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    finalHeaders['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { method, headers: finalHeaders, body: payload, signal });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach ChitChat. Check your connection and try again.');
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;

  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  return schema ? schema.parse(data) : (data as T);
}

export const api = {
  get: <T = unknown>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  put: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  delete: <T = unknown>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

/** A message fit to show a person, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * A failed action told in a learner's words: what did not happen (`action`, e.g. "Your data could
 * not be exported") and what to do. Server messages written for people (network, validation of
 * what they typed) are kept; codes, statuses and developer text never reach the screen.
 */
export function failureMessage(error: unknown, action: string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return `${action}: ChitChat could not be reached. Check your connection and try again.`;
    if (error.status === 401) return `${action}: you have been signed out. Sign in again, then try once more.`;
    if (error.status === 429) return `${action}: too many tries in a row. Wait a minute, then try again.`;
    if (error.status === 400 || error.status === 422) return `${action}: please check what you entered and try again.`;
    if (error.status >= 500) return `${action} because of a problem on our side. Please try again in a moment.`;
  }
  return `${action}. Please try again.`;
}
