// What a turn's prompt is built from, read from the database: the learner, the conversation before
// the message, whether the learner has embedded material (then the question is embedded before
// grounding), and the grounding passages. One SQL value, so that it rides on a statement the turn
// sends anyway: a new message reads it with its Socratic mode, before saving (begin.ts); a retry or
// a redo in a transaction of its own (prompt.ts).
import { sql, type RawBuilder } from 'kysely';
import type { Passage } from '../../platform/ai/index.ts';
import type { SocraticTurn } from '../../platform/ai/prompts/socratic.ts';
import type { TutorLearner } from '../../platform/ai/prompts/chat_tutor.ts';

/** Passages asked of each grounding source. */
export const PASSAGES_PER_SOURCE = 4;

export interface HistoryRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  has_media: boolean;
  status: string | null;
}

export interface TurnContext {
  learner: TutorLearner;
  /** The newest messages before the turn's that are context (answered turns), oldest first. */
  history: HistoryRow[];
  embedded: boolean;
  /** The grounding sources' passages, when they were read with the context (not yet ranked). */
  passages?: Passage[];
}

/**
 * The context as one JSON value. `before`: when the turn's message was written (its created_at, or
 * now() in the transaction that is about to save it). `sessionId` undefined: a new conversation.
 */
export function contextValue(
  userId: string,
  sessionId: string | undefined,
  before: RawBuilder<unknown>,
  opts: { checkEmbedded: boolean; historyLimit: number },
) {
  return sql`json_build_object(
    'learner', (select json_build_object('display_name', u.display_name, 'preferences', u.preferences) from users u where u.id = ${userId}::uuid),
    'embedded', ${opts.checkEmbedded ? sql`exists (select 1 from document_chunks c where c.user_id = ${userId}::uuid and c.embedding is not null)` : sql`false`},
    'history', ${
      sessionId
        ? sql`(select json_agg(json_build_object('id', h.id, 'role', h.role, 'content', h.content, 'has_media', h.media_url is not null, 'status', h.metadata->>'status')
                              order by h.created_at desc, h.id desc)
                from (select m.id, m.role, m.content, m.media_url, m.metadata, m.created_at
                        from chat_messages m
                       where m.session_id = ${sessionId}::uuid and m.created_at < ${before}
                       order by m.created_at desc, m.id desc
                       limit ${opts.historyLimit * 2 + 10}) h)`
        : sql`null::json`
    })`;
}

/** The context read by contextValue: the learner's profile, and the last `messages` turns that count. */
export function toContext(value: unknown, messages: number): TurnContext {
  const v = (value ?? {}) as {
    learner: { display_name: string | null; preferences: Record<string, any> | null } | null;
    embedded: boolean;
    history: HistoryRow[] | null;
  };
  const u = v.learner;
  const prefs = (u?.preferences ?? {}) as Record<string, any>;
  return {
    embedded: !!v.embedded,
    learner: {
      displayName: u?.display_name ?? undefined,
      preferredDifficulty:
        typeof prefs.preferredDifficulty === 'string' ? prefs.preferredDifficulty : undefined,
      interests: Array.isArray(prefs.interests)
        ? prefs.interests.filter((x: unknown) => typeof x === 'string')
        : undefined,
      learningGoals: Array.isArray(prefs.learningGoals)
        ? prefs.learningGoals.filter((x: unknown) => typeof x === 'string')
        : undefined,
    },
    // Failed and unfinished turns are not context; the newest N are, oldest first.
    history: (v.history ?? [])
      .filter(
        (r) =>
          !(
            r.status === 'failed' ||
            r.status === 'pending' ||
            (r.role === 'assistant' && r.status === 'interrupted')
          ),
      )
      .slice(0, messages)
      .reverse(),
  };
}

/**
 * What a turn's grounding searches for. In Socratic mode the passages are about the problem being
 * worked on: an attempt ("I think it's in the thylakoids") or an ask ("just tell me") names little of it.
 */
export const groundingQuery = (message: string, socratic?: SocraticTurn) => socratic?.problem || message;
