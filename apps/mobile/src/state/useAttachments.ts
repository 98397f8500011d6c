import { ALLOWED_UPLOAD_TYPES } from '@chitchat/contracts';
import * as DocumentPicker from 'expo-document-picker';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComposerAttachment } from '@/components/Composer';
import { client, errorMessage, unwrap } from '@/lib/api';
import { uploadFile } from '@/lib/upload';

export interface AttachmentItem extends ComposerAttachment {
  uploadId?: string;
}

/**
 * Files attached to the next chat message: pick → upload (with progress) → poll the processing
 * status until the server has read the file (ready) or given up (failed).
 */
export function useAttachments() {
  const [items, setItems] = useState<AttachmentItem[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const t = timers.current;
    return () => t.forEach((x) => clearTimeout(x));
  }, []);

  const patch = (id: string, change: Partial<AttachmentItem>) =>
    setItems((list) => list.map((a) => (a.id === id ? { ...a, ...change } : a)));

  const poll = useCallback((localId: string, uploadId: string, delay = 500) => {
    const t = setTimeout(async () => {
      try {
        const u = await unwrap(client.GET('/api/v1/uploads/{id}', { params: { path: { id: uploadId } } }));
        if (u.status === 'ready') patch(localId, { status: 'ready' });
        else if (u.status === 'failed')
          patch(localId, { status: 'failed', error: u.error ?? 'The file could not be read.' });
        else poll(localId, uploadId, Math.min(delay * 1.5, 3000));
      } catch (e) {
        patch(localId, { status: 'failed', error: errorMessage(e) });
      }
    }, delay);
    timers.current.set(localId, t);
  }, []);

  const pick = useCallback(async () => {
    setError(null);
    const result = await DocumentPicker.getDocumentAsync({
      type: Object.keys(ALLOWED_UPLOAD_TYPES),
      multiple: false,
      copyToCacheDirectory: true,
    });
    if (result.canceled || !result.assets?.length) return;
    const asset = result.assets[0]!;
    const localId = `f${Date.now()}`;
    setItems((list) => [...list, { id: localId, name: asset.name, status: 'uploading', progress: 0 }]);
    try {
      const u = await uploadFile(
        {
          name: asset.name,
          mimeType: asset.mimeType ?? 'application/octet-stream',
          size: asset.size,
          uri: asset.uri,
          file: asset.file,
        },
        (p) => patch(localId, { progress: p }),
      );
      patch(localId, {
        uploadId: u.id,
        status: u.status === 'ready' ? 'ready' : u.status === 'failed' ? 'failed' : 'processing',
      });
      if (u.status !== 'ready' && u.status !== 'failed') poll(localId, u.id);
    } catch (e) {
      patch(localId, { status: 'failed', error: errorMessage(e) });
    }
  }, [poll]);

  const remove = useCallback((id: string) => {
    clearTimeout(timers.current.get(id));
    setItems((list) => list.filter((a) => a.id !== id));
  }, []);

  /** Upload ids to send with the message; clears the tray. */
  const take = useCallback((): string[] => {
    const ids = items.filter((a) => a.status === 'ready' && a.uploadId).map((a) => a.uploadId!);
    setItems([]);
    return ids;
  }, [items]);

  return { items, pick, remove, take, error };
}
