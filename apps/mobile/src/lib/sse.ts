import { createParser } from 'eventsource-parser';
import { Platform } from 'react-native';
import { ApiError, apiUrl, getAccessToken, pathTo, type ApiPath } from './api';

export interface SseEvent {
  event: string;
  data: string;
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
export async function postSse(
  path: ApiPath,
  params: Record<string, string>,
  body: unknown,
  onEvent: (e: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const token = await getAccessToken();
  let response: Response;
  try {
    response = await streamingFetch()(apiUrl(pathTo(path, params)), {
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
    throw new ApiError(
      response.status,
      err?.code ?? 'http_error',
      err?.message ?? `Request failed (${response.status})`,
    );
  }
  // Comment lines (the server's heartbeats) are skipped by the parser.
  const parser = createParser({ onEvent: (e) => onEvent({ event: e.event ?? 'message', data: e.data }) });
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  if (!reader) {
    parser.feed(await response.text());
  } else {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  }
  // An event the stream ended without its blank line is still delivered (an empty one is not).
  parser.feed('\n\n');
}
