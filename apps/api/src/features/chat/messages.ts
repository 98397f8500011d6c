// A chat message as stored (its row, read with its keyset key) and as the API returns it; reading
// one, saving one through save_chat_message, and merging into its metadata.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { ChatMessage, ChatMessageMetadata } from '@chitchat/contracts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { exactTs } from '../../platform/db/cursor.ts';
import { oneRow } from '../../platform/db/one-row.ts';

export type MessageRow = Pick<
  Selectable<DB['chat_messages']>,
  'id' | 'session_id' | 'role' | 'content' | 'media_url' | 'media_type'
> & {
  /** Looser than the column's Record<string, unknown>: readers take the keys they know. */
  metadata: Record<string, any>;
  /** created_at as text with microseconds (the keyset cursor's timestamp; no Date parsed per row). */
  k: string;
};

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

export async function loadMessage(tx: Tx, id: string): Promise<MessageRow | undefined> {
  const { rows } =
    await sql<MessageRow>`select ${MESSAGE_COLUMNS} from chat_messages m where m.id = ${id}::uuid`.execute(
      tx,
    );
  return rows[0];
}

/** A message to save (see saveMessage). */
export interface NewMessage {
  userId: string;
  sessionId: string;
  role: 'user' | 'assistant';
  content: string;
  metadata: Record<string, unknown>;
  media?: { url: string; type: string };
  /**
   * A condition checked in the same statement (`with`: its CTE): false saves nothing. `also`: one
   * more value read in the same statement.
   */
  only?: { with?: RawBuilder<unknown>; when: RawBuilder<unknown>; also?: RawBuilder<unknown> };
}

/**
 * Saves a message through save_chat_message and returns it without reading it back: it is what
 * was passed in, plus its id and the transaction's now() (the column's default). Undefined when
 * `only.when` was false (nothing saved); `also` is the value `only.also` read.
 */
export async function saveMessage(
  tx: Tx,
  { userId, sessionId, role, content, metadata, media, only }: NewMessage,
): Promise<{ row: MessageRow; also: unknown } | undefined> {
  const save = sql`public.save_chat_message(${sessionId}::uuid, ${userId}::uuid, ${content}, ${role},
    ${media?.url ?? null}, ${media?.type ?? null}, ${JSON.stringify(metadata)}::jsonb)`;
  const { rows } = await sql<{ id: string | null; k: string; also: unknown }>`
    ${only?.with ? sql`with ${only.with}` : sql``}
    select ${only ? sql`case when ${only.when} then ${save} end` : save} as id, ${exactTs(sql`now()`)} as k, ${only?.also ?? sql`null`} as also`.execute(
    tx,
  );
  const r = oneRow(rows, 'save_chat_message');
  if (!r.id) return undefined;
  const row: MessageRow = {
    id: r.id,
    session_id: sessionId,
    role,
    content,
    media_url: media?.url ?? null,
    media_type: (media?.type ?? null) as MessageRow['media_type'],
    metadata,
    k: r.k,
  };
  return { row, also: r.also };
}

/** The update that merges `patch` into a message's metadata and drops the `remove` keys. */
export const metadataUpdate = (id: string, patch: Record<string, unknown>, remove: string[] = []) =>
  sql`update chat_messages set metadata = (metadata - ${remove}::text[]) || ${JSON.stringify(patch)}::jsonb where id = ${id}::uuid`;
