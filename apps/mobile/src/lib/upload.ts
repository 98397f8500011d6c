// Sending files. Documents, images and videos go through the resumable flow the server offers for
// any size — POST /uploads/init (name, type and size checked before a byte is sent) → PUT the bytes
// to the signed URL it returns (with progress; a dropped connection is resumed by sending again
// while the URL is valid) → POST /uploads/:id/complete (the stored bytes are checked and queued).
// Avatars are small and go in one multipart request.
import { AvatarResponse, ImportResult, type Upload } from '@chitchat/contracts';
import { Platform } from 'react-native';
import { ApiError, apiUrl, client, getAccessToken, resolveApiUrl, unwrap, type ApiPath } from './api';

/** A picked file: on web a File, on native a local URI. */
export interface PickedFile {
  name: string;
  mimeType: string;
  size?: number;
  uri: string;
  file?: Blob;
}

const INTERRUPTED = 'The upload was interrupted. Check your connection and try again.';
/** Sends of the bytes after the first, when the connection drops (not when the server refuses them). */
const RESENDS = 3;

interface XhrOptions {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Blob | FormData;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** One request with upload progress (fetch cannot report it; XMLHttpRequest can, on web and native). */
function send({ method, url, headers, body, onProgress, signal }: XhrOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error('Upload cancelled'), { name: 'AbortError' }));
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data);
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      reject(
        new ApiError(xhr.status, err?.code ?? 'http_error', err?.message ?? `Upload failed (${xhr.status})`),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', INTERRUPTED));
    xhr.onabort = () => reject(Object.assign(new Error('Upload cancelled'), { name: 'AbortError' }));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/** The picked file's bytes (a native file is read from its URI). */
async function bytesOf(f: PickedFile): Promise<Blob> {
  if (f.file) return f.file;
  return (await fetch(f.uri)).blob();
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Uploads a document, image or video (up to the server's limit for its kind) with progress from
 * 0 to 1; resolves with the upload as the server queued it for processing.
 */
export async function uploadFile(
  f: PickedFile,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  const bytes = await bytesOf(f);
  const init = await unwrap(
    client.POST('/api/v1/uploads/init', {
      body: {
        fileName: f.name,
        fileType: f.mimeType || bytes.type || 'application/octet-stream',
        fileSize: bytes.size,
      },
      signal,
    }),
  );
  for (let attempt = 0; ; attempt++) {
    try {
      await send({
        method: init.method,
        url: resolveApiUrl(init.uploadUrl),
        headers: init.headers,
        body: bytes,
        onProgress,
        signal,
      });
      break;
    } catch (e) {
      const dropped = e instanceof ApiError && e.status === 0;
      if (!dropped || attempt >= RESENDS || Date.parse(init.expiresAt) < Date.now() + 5_000) throw e;
      onProgress?.(0);
      await wait(1000 * 2 ** attempt);
    }
  }
  onProgress?.(1);
  return unwrap(
    client.POST('/api/v1/uploads/{id}/complete', {
      params: { path: { id: init.uploadId } },
      body: {},
      signal,
    }),
  );
}

/** POST /api/v1/review/import — a CSV or Anki .apkg file's notes, as new cards in one of my decks. */
export async function importCards(f: PickedFile, deck?: string): Promise<ImportResult> {
  const form = new FormData();
  if (deck) form.append('deck', deck);
  if (Platform.OS === 'web' && f.file) form.append('file', f.file, f.name);
  else form.append('file', { uri: f.uri, name: f.name, type: f.mimeType } as unknown as Blob);
  const token = await getAccessToken();
  const data = await send({
    method: 'POST',
    url: apiUrl('/api/v1/review/import' satisfies ApiPath),
    headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: form,
  });
  return ImportResult.parse(data);
}

/** POST /api/v1/profile/avatar — stored as a square JPEG; returns its public URL. */
export async function uploadAvatar(
  f: PickedFile,
  onProgress?: (fraction: number) => void,
): Promise<{ avatarUrl: string }> {
  const form = new FormData();
  if (Platform.OS === 'web' && f.file) form.append('file', f.file, f.name);
  // React Native's FormData takes { uri, name, type } for a file on disk.
  else form.append('file', { uri: f.uri, name: f.name, type: f.mimeType } as unknown as Blob);
  const token = await getAccessToken();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
  const data = await send({
    method: 'POST',
    url: apiUrl('/api/v1/profile/avatar' satisfies ApiPath),
    headers,
    body: form,
    onProgress,
  });
  onProgress?.(1);
  return AvatarResponse.parse(data);
}
