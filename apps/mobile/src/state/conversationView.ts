import type { ChatMessage, Citation } from '@chitchat/contracts';
import { ApiError } from '@/lib/api';
import { learnerError } from '@/lib/learnerError';

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
  /** Assistant messages: stopped before the end (what arrived is kept). */
  stopped?: boolean;
  createdAt: string;
}

/** Why a saved question has no answer, in the learner's words. */
function unanswered(m: ChatMessage): string | null {
  if (m.role !== 'user') return null;
  const { status, error } = m.metadata;
  if (status === 'failed')
    return error ? learnerError(new ApiError(502, error.code, error.message)) : 'No answer arrived.';
  // The learner stopped it (or the app closed): the part that arrived is the answer below it.
  if (status === 'interrupted') return 'The answer was stopped.';
  // Left pending by an answer that never came (the server stopped half-way): offer a retry.
  if (status === 'pending') return 'No answer arrived for this question.';
  return null;
}

export function fromServer(m: ChatMessage): ViewMessage {
  return {
    key: m.id,
    id: m.id,
    role: m.role,
    content: m.content,
    citations: m.metadata.citations,
    error: unanswered(m),
    stopped: m.role === 'assistant' && m.metadata.status === 'interrupted',
    replyTo: m.metadata.replyTo,
    offline: m.metadata.provider === 'offline',
    createdAt: m.createdAt,
  };
}

/**
 * The conversation newest first (the list is inverted): this visit's live messages (oldest first
 * in `live`), then the saved history (newest first, as the API pages it) minus what a live message
 * already shows. A live message wins over its saved copy: it is what the learner just watched
 * happen. A live answer also stands for every saved answer to the same question: while it streams
 * (no id yet), and once saved in place of an older one (a regenerate, an edit, a retry), so the
 * replaced answer never shows beside the new one before the saved copy is read again.
 */
export function mergeMessages(saved: readonly ChatMessage[], live: readonly ViewMessage[]): ViewMessage[] {
  const liveIds = new Set(live.flatMap((m) => (m.id ? [m.id] : [])));
  const answeredLive = new Set(live.flatMap((m) => (m.role === 'assistant' && m.replyTo ? [m.replyTo] : [])));
  const shownLive = (m: ChatMessage) =>
    liveIds.has(m.id) ||
    (m.role === 'assistant' && m.metadata.replyTo !== undefined && answeredLive.has(m.metadata.replyTo));
  return [...[...live].reverse(), ...saved.filter((m) => !shownLive(m)).map(fromServer)];
}
