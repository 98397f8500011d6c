import type { ChatMessage, Citation } from '@chitchat/contracts';

/** A message as the screen shows it: saved ones from the server plus this visit's live ones. */
export interface ViewMessage {
  key: string;
  /** Server id (absent while the optimistic user message is on its way, or the answer is unsaved). */
  id?: string;
  role: 'user' | 'assistant';
  content: string;
  streaming?: boolean;
  error?: string | null;
  citations?: Citation[];
  /** Assistant messages: the id of the user message they answer. */
  replyTo?: string;
  /** An offline-mode answer: the server's notice, not teaching (it cannot be saved or studied). */
  offline?: boolean;
  createdAt: string;
}

export function fromServer(m: ChatMessage): ViewMessage {
  const failed = m.role === 'user' && (m.metadata.status === 'failed' || m.metadata.status === 'interrupted');
  return {
    key: m.id,
    id: m.id,
    role: m.role,
    content: m.content,
    citations: m.metadata.citations,
    error: failed ? (m.metadata.error?.message ?? (m.metadata.status === 'interrupted' ? 'The answer was stopped.' : 'No answer.')) : null,
    replyTo: m.metadata.replyTo,
    offline: m.metadata.provider === 'offline',
    createdAt: m.createdAt,
  };
}

/**
 * The conversation newest first (the list is inverted): this visit's live messages (oldest first
 * in `live`), then the saved history (newest first, as the API pages it) minus what a live message
 * already shows. A live message wins over its saved copy: it is what the learner just watched
 * happen. A live answer without an id yet (streaming, or stopped before the server named it) also
 * stands for the saved answer to the same question, so a refetch never shows that answer twice.
 */
export function mergeMessages(saved: readonly ChatMessage[], live: readonly ViewMessage[]): ViewMessage[] {
  const liveIds = new Set(live.flatMap((m) => (m.id ? [m.id] : [])));
  const answeredLive = new Set(live.flatMap((m) => (m.role === 'assistant' && !m.id && m.replyTo ? [m.replyTo] : [])));
  const shownLive = (m: ChatMessage) =>
    liveIds.has(m.id) || (m.role === 'assistant' && m.metadata.replyTo !== undefined && answeredLive.has(m.metadata.replyTo));
  return [...[...live].reverse(), ...saved.filter((m) => !shownLive(m)).map(fromServer)];
}
