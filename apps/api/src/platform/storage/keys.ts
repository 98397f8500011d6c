// Object layout (as in the seed): user-uploads/{user_id}/{documents|images|videos}/{timestamp}_{name}
// and avatars/{user_id}/avatar.jpg. User uploads are private; avatars are public.

import { UUID } from '../db/values.ts';

export type UploadKind = 'image' | 'video' | 'document';
const FOLDER: Record<UploadKind, string> = { image: 'images', video: 'videos', document: 'documents' };

/**
 * A file name safe to use as the last segment of an object key and in a Content-Disposition:
 * no directories, no control characters, no leading dots, only [A-Za-z0-9._-] (others become _),
 * at most 120 characters with the extension kept. Returns null when nothing usable is left.
 */
export function sanitizeFileName(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? '';
  const ascii = base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/\.{2,}/g, '.');
  if (!ascii || !/[A-Za-z0-9]/.test(ascii)) return null;
  if (ascii.length <= 120) return ascii;
  const dot = ascii.lastIndexOf('.');
  const ext = dot > 0 && ascii.length - dot <= 10 ? ascii.slice(dot) : '';
  return ascii.slice(0, 120 - ext.length) + ext;
}

/** Does this name try to escape its folder or hide control characters? (Refused, not repaired.) */
export function isUnsafeFileName(name: string): boolean {
  return (
    /(^|[/\\])\.\.([/\\]|$)/.test(name) ||
    /[/\\]/.test(name) ||
    [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ||
    /^\.+$/.test(name.trim())
  );
}

let lastStamp = 0;
/** Strictly increasing millisecond stamps in this process, so two uploads never share a key. */
const stamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

export function uploadKey(userId: string, kind: UploadKind, safeName: string, now = stamp()): string {
  return `user-uploads/${userId}/${FOLDER[kind]}/${now}_${safeName}`;
}

export const avatarKey = (userId: string) => `avatars/${userId}/avatar.jpg`;

/** The top folders of the layout: private user uploads and public avatars (a bucket each on Supabase). */
export const UPLOADS_FOLDER = 'user-uploads';
export const AVATARS_FOLDER = 'avatars';

/** Only avatars are ever public: every other key gets signed, expiring URLs and nothing else. */
export const isPublicKey = (key: string) =>
  isValidKey(key) && key.startsWith(`${AVATARS_FOLDER}/`) && ownerOfKey(key) !== null;

/** Every prefix an account's objects live under (deleting the account purges them all). */
export const userPrefixes = (userId: string) => [`user-uploads/${userId}/`, `avatars/${userId}/`];

/** The account an object belongs to, from its key (null for a key outside the user prefixes). */
export function ownerOfKey(key: string): string | null {
  const [top, owner, ...rest] = key.split('/');
  return (top === 'user-uploads' || top === 'avatars') && owner && UUID.test(owner) && rest.length
    ? owner
    : null;
}

/** A prefix is a valid key followed by '/'. */
export const isValidPrefix = (prefix: string) => prefix.endsWith('/') && isValidKey(prefix.slice(0, -1));

/** A key is well formed: relative, no empty, dot or dot-dot segments, printable ASCII. */
export function isValidKey(key: string): boolean {
  if (!key || key.length > 1024 || key.startsWith('/') || /[^\x21-\x7e]/.test(key)) return false;
  return key.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
