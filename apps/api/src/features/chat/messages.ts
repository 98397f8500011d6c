// A chat message as stored (its row, read with its keyset key) and as the API returns it.
import { sql } from 'kysely';
import type { ChatMessage, ChatMessageMetadata } from '@chitchat/contracts';
import { exactTs } from '../../platform/db/cursor.ts';

export interface MessageRow {
  id: string;
  session_id: string;
  role: 'user' | 'assistant';
  content: string;
  media_url: string | null;
  media_type: 'image' | 'video' | 'document' | null;
  metadata: Record<string, any>;
  /** created_at as text with microseconds (the keyset cursor's timestamp; no Date parsed per row). */
  k: string;
}

export const MESSAGE_COLUMNS = sql`m.id, m.session_id, m.role, m.content, m.media_url, m.media_type, m.metadata, ${exactTs('m.created_at')} as k`;
/** The key's timestamp in milliseconds, as Date#toISOString writes it (the digits are truncated, as a Date would). */
const isoFromKey = (k: string) => `${k.slice(0, 23)}Z`;

function toMetadata(m: Record<string, any>): ChatMessageMetadata {
  const pick = <K extends keyof ChatMessageMetadata>(k: K) =>
    m[k] !== undefined && m[k] !== null ? { [k]: m[k] } : {};
  return {
    ...pick('status'),
    ...pick('provider'),
    ...pick('model'),
    ...pick('inputTokens'),
    ...pick('outputTokens'),
    ...pick('latencyMs'),
    ...pick('citations'),
    ...pick('error'),
    ...pick('replyTo'),
    ...pick('attachmentIds'),
    ...pick('promptVersion'),
    ...pick('socratic'),
  } as ChatMessageMetadata;
}

export function toMessage(r: MessageRow): ChatMessage {
  return {
    id: r.id,
    sessionId: r.session_id,
    role: r.role,
    content: r.content,
    mediaUrl: r.media_url,
    mediaType: r.media_type,
    metadata: toMetadata(r.metadata ?? {}),
    createdAt: isoFromKey(r.k),
  };
}
