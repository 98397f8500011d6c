import { Platform } from 'react-native';
import { ApiError, apiUrl, getAccessToken } from './api';

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental Server-Sent Events parser: feed it text chunks as they arrive (split anywhere),
 * get back the complete events. Comment lines (heartbeats) are skipped.
 */
export function createSseParser() {
  let buffer = '';
  return function push(chunk: string): SseEvent[] {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const out: SseEvent[] = [];
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, data: data.join('\n') });
    }
    return out;
  };
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

function streamingFetch(): FetchLike {
  if (Platform.OS === 'web') return (url, init) => globalThis.fetch(url, init);
  // React Native's fetch has no response streams; Expo's does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fetch: expoFetch } = require('expo/fetch') as { fetch: FetchLike };
  return expoFetch;
}

/**
 * POSTs JSON to an SSE endpoint and calls `onEvent` for each event as it arrives (token by token).
 * Errors before the stream starts (validation, not found, auth) reject with an ApiError.
 */
export async function postSse(path: string, body: unknown, onEvent: (e: SseEvent) => void, signal?: AbortSignal): Promise<void> {
  const token = await getAccessToken();
  let response: Response;
  try {
    response = await streamingFetch()(apiUrl(path), {
      method: 'POST',
      headers: {
        Accept: 'text/event-stream',
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach ChitChat. Check your connection and try again.');
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !type.includes('text/event-stream')) {
    let err: { code?: string; message?: string } | undefined;
    try {
      err = ((await response.json()) as { error?: { code?: string; message?: string } }).error;
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, err?.code ?? 'http_error', err?.message ?? `Request failed (${response.status})`);
  }
  const parse = createSseParser();
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  if (!reader) {
    for (const e of parse(await response.text())) onEvent(e);
    return;
  }
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const e of parse(decoder.decode(value, { stream: true }))) onEvent(e);
  }
  for (const e of parse(decoder.decode() + '\n\n')) onEvent(e);
}
