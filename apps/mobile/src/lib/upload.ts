import { AvatarResponse, Upload } from '@chitchat/contracts';
import { Platform } from 'react-native';
import { ApiError, apiUrl, getAccessToken } from './api';

/** A picked file: on web a File, on native a local URI. */
export interface PickedFile {
  name: string;
  mimeType: string;
  size?: number;
  uri: string;
  file?: Blob;
}

function formData(f: PickedFile): FormData {
  const form = new FormData();
  if (Platform.OS === 'web' && f.file) form.append('file', f.file, f.name);
  // React Native's FormData takes { uri, name, type } for a file on disk.
  else form.append('file', { uri: f.uri, name: f.name, type: f.mimeType } as unknown as Blob);
  return form;
}

/**
 * Multipart POST with upload progress (fetch cannot report it; XMLHttpRequest can, on web and native).
 */
async function postMultipart<T>(path: string, f: PickedFile, parse: (data: unknown) => T, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  const token = await getAccessToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path));
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        try {
          resolve(parse(body));
        } catch (e) {
          reject(e);
        }
      } else {
        const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
        reject(new ApiError(xhr.status, err?.code ?? 'http_error', err?.message ?? `Upload failed (${xhr.status})`));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and try again.'));
    xhr.onabort = () => reject(Object.assign(new Error('Upload cancelled'), { name: 'AbortError' }));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(formData(f));
  });
}

/** POST /api/v1/uploads — the file is checked, stored and queued for processing. */
export function uploadFile(f: PickedFile, onProgress?: (fraction: number) => void, signal?: AbortSignal) {
  return postMultipart('/api/v1/uploads', f, (d) => Upload.parse(d), onProgress, signal);
}

/** POST /api/v1/profile/avatar — stored as a square JPEG; returns its public URL. */
export function uploadAvatar(f: PickedFile, onProgress?: (fraction: number) => void) {
  return postMultipart('/api/v1/profile/avatar', f, (d) => AvatarResponse.parse(d), onProgress);
}
