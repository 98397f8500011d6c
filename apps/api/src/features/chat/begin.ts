// How a turn begins: the learner's message saved, pending (begin); a failed message claimed for
// another attempt (beginRetry); or the end of the conversation claimed to be answered again (beginRedo).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { MessageStatus } from '@chitchat/contracts';
import type { AppContext, Attachment } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { longestCallMs } from '../../platform/ai/signals.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { groundingValue } from '../../grounding.ts';
import { advance, savedTurn } from './socratic.ts';
import { socraticMode, socraticRequired } from './socratic-mode.ts';
import { loadMessage, MESSAGE_COLUMNS, saveMessage, toMessage, type MessageRow } from './messages.ts';
import type { Turn } from './service.ts';
import { contextValue, groundingQuery, PASSAGES_PER_SOURCE, toContext } from './turn-context.ts';

/** A learner's new message (POST /chat, /chat/stream). */
export interface NewTurn {
  message: string;
  sessionId?: string;
  attachmentIds?: string[];
  socratic?: boolean;
  pathId?: string;
}

/** The statement saving a new message with the grounding sources' searches failed (begin() tries again without them). */
class SaveWithSearchFailed extends Error {
  constructor(cause: unknown) {
    super('saving the message with the grounding searches failed', { cause });
  }
}

export function createTurnStarts(
  ctx: Pick<AppContext, 'db' | 'config' | 'attachments' | 'ai' | 'grounding'>,
) {
  const { db, config } = ctx;

  /** A message's attachments for another attempt; one deleted since is dropped rather than blocking it (a savepoint keeps the claim). */
  async function attachmentsOf(tx: Tx, userId: string, row: MessageRow): Promise<Attachment[]> {
    const ids: string[] = Array.isArray(row.metadata?.attachmentIds) ? row.metadata.attachmentIds : [];
    if (!ids.length) return [];
    await sql`savepoint attachments`.execute(tx);
    try {
      return await ctx.attachments(tx, userId, ids);
    } catch {
      await sql`rollback to savepoint attachments`.execute(tx);
      return [];
    }
  }

  /** begin(), searching the grounding sources in the statement that saves the message when `ground`. */
  function start(userId: string, input: NewTurn, ground: boolean): Promise<Turn> {
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    return db.asUser(userId, async (tx) => {
      const sessionId = input.sessionId ?? crypto.randomUUID();
      const attachments = attachmentIds.length ? await ctx.attachments(tx, userId, attachmentIds) : [];
      const first = attachments[0];
      // Socratic mode: the session's setting (or the learner's), forced on by a tutor path that
      // requires it; the context read with it, before the message exists (so now(), when it will
      // have been written, bounds the conversation before it).
      const mode = await socraticMode(
        tx,
        userId,
        input.sessionId,
        input.pathId,
        contextValue(userId, input.sessionId, sql`now()`, {
          checkEmbedded: !!ctx.ai.embed,
          historyLimit: config.AI_CONTEXT_MESSAGES,
        }),
      );
      if (input.socratic === false && mode.required) throw socraticRequired(mode.pathTitle);
      const on = mode.required || (input.socratic ?? mode.enabled);
      const step = on ? advance(mode.state, input.message, mode.required) : undefined;
      const context = toContext(mode.also, config.AI_CONTEXT_MESSAGES);
      // The sources see the statement's snapshot, which the message it saves is not in. With
      // embedded material the question must be embedded first: prepare() searches then.
      const grounding =
        ground && !context.embedded
          ? groundingValue(
              ctx.grounding,
              userId,
              groundingQuery(input.message, step?.turn),
              PASSAGES_PER_SOURCE,
              { excludeMessageIds: context.history.map((h) => h.id) },
            )
          : null;
      const saved = await saveMessage(tx, {
        userId,
        sessionId,
        role: 'user',
        content: input.message,
        metadata: {
          status: 'pending',
          ...(attachmentIds.length ? { attachmentIds } : {}),
          ...(step ? { socratic: step.turn } : {}),
        },
        media: first ? { url: `upload:${first.id}`, type: first.kind } : undefined,
        only: {
          // Only into an existing session of the caller's (RLS): a guessed or stale id is a 404, never a new session.
          when: input.sessionId
            ? sql`exists (select 1 from chat_sessions where id = ${sessionId}::uuid)`
            : sql`true`,
          also: grounding?.sql,
        },
      }).catch((err: unknown) => {
        throw grounding ? new SaveWithSearchFailed(err) : err;
      });
      if (!saved) throw notFound('Chat session');
      if (step || input.socratic !== undefined || input.pathId)
        await tx
          .updateTable('chat_sessions')
          .set({
            ...(input.socratic !== undefined ? { socratic: input.socratic } : {}),
            ...(input.pathId && !input.sessionId ? { path_id: input.pathId } : {}),
            ...(step ? { socratic_state: JSON.stringify(step.state) } : {}),
          })
          .where('id', '=', sessionId)
          .execute();
      return {
        sessionId,
        userMessage: toMessage(saved.row),
        attachments,
        socratic: step?.turn,
        // Undefined passages: prepare() searches (embedded material, or this is begin's second try).
        context: {
          ...context,
          passages: grounding ? grounding.passages(saved.also) : ground && !context.embedded ? [] : undefined,
        },
      };
    });
  }

  return {
    /**
     * Saves the learner's message (pending), resolves its attachments and reads the prompt's context
     * (turn-context.ts), in one transaction of four round trips: the claim, the Socratic mode with
     * the context, the save with every grounding source's search, the commit (bench/PERFORMANCE.md
     * §10). The message is committed before the model is called. If the statement that saves fails
     * with the sources' searches in it, the message is saved without them, and prepare() searches
     * them (so a failing source costs passages, never the message). 404s before anything is saved.
     */
    async begin(userId: string, input: NewTurn): Promise<Turn> {
      try {
        return await start(userId, input, true);
      } catch (err) {
        if (!(err instanceof SaveWithSearchFailed)) throw err;
        return start(userId, input, false);
      }
    },

    /**
     * Claims a failed (or stale pending, or interrupted) message for another attempt. A pending
     * message is stale once it has been pending for longer than its answer could still take (the
     * longest model call, a streamed one, and a margin), counted from when it last became pending:
     * its writing, or the retry that claimed it (`pendingSince`), so an old message being answered
     * again is not claimed twice.
     */
    async beginRetry(userId: string, messageId: string): Promise<Turn> {
      const staleSeconds = Math.ceil((longestCallMs(config.AI_TIMEOUT_MS) + config.AI_TIMEOUT_MS) / 1000);
      return db.asUser(userId, async (tx) => {
        const { rows } = await sql<MessageRow>`
          update chat_messages m set metadata = (m.metadata - 'error') || jsonb_build_object('status', 'pending', 'pendingSince', now())
           where m.id = ${messageId}::uuid and m.role = 'user'
             and (m.metadata->>'status' in ('failed', 'interrupted')
                  or (m.metadata->>'status' = 'pending'
                      and coalesce((m.metadata->>'pendingSince')::timestamptz, m.created_at) < now() - make_interval(secs => ${staleSeconds})))
          returning ${MESSAGE_COLUMNS}`.execute(tx);
        if (!rows[0]) {
          const existing = await loadMessage(tx, messageId);
          if (!existing) throw notFound('Message');
          throw conflict(
            existing.role === 'user'
              ? 'This message is answered or being answered: only failed messages can be retried.'
              : 'Only your own messages can be retried, not answers.',
            'not_retryable',
          );
        }
        const row = rows[0];
        return {
          sessionId: row.session_id,
          userMessage: toMessage(row),
          attachments: await attachmentsOf(tx, userId, row),
          socratic: savedTurn(row.metadata),
        };
      });
    },

    /**
     * Claims the latest answer of a session to be written again (POST /chat/messages/:id/regenerate)
     * or the last question to be answered again with new text (POST /chat/messages/:id/edit). The
     * question is marked pending (so two clicks cannot both run); nothing else changes until the new
     * answer is saved (see complete() in settle.ts), and a failure restores it (restore()).
     */
    async beginRedo(userId: string, messageId: string, edit?: { content: string }): Promise<Turn> {
      const staleSeconds = Math.ceil((longestCallMs(config.AI_TIMEOUT_MS) + config.AI_TIMEOUT_MS) / 1000);
      return db.asUser(userId, async (tx) => {
        const target = await loadMessage(tx, messageId);
        if (!target) throw notFound('Message');
        if (edit ? target.role !== 'user' : target.role !== 'assistant')
          throw conflict(
            edit
              ? 'Only your own questions can be edited, not answers.'
              : 'Only an answer can be regenerated, not a question.',
            edit ? 'not_editable' : 'not_regenerable',
          );
        const questionId: string | undefined = edit ? target.id : target.metadata?.replyTo;
        if (!questionId) throw conflict('This answer has no question to answer again.', 'not_regenerable');
        // Only the end of the conversation can be redone: the latest answer, or the last question.
        const { rows: later } = await sql<{ n: number }>`
          select count(*)::int as n from chat_messages m
           where m.session_id = ${target.session_id}::uuid
             and (m.created_at, m.id) > (select created_at, id from chat_messages where id = ${target.id}::uuid)
             ${edit ? sql`and m.role = 'user'` : sql``}`.execute(tx);
        if (oneRow(later, 'count of later messages').n > 0)
          throw conflict(
            edit ? 'Only your last question can be edited.' : 'Only the latest answer can be regenerated.',
            'not_latest',
          );
        const { rows } = await sql<MessageRow & { previous: MessageStatus }>`
          with old as (select metadata->>'status' as status from chat_messages where id = ${questionId}::uuid for update)
          update chat_messages m set metadata = (m.metadata - 'error') || jsonb_build_object('status', 'pending', 'pendingSince', now())
           where m.id = ${questionId}::uuid and m.role = 'user'
             and (m.metadata->>'status' is null or m.metadata->>'status' in ('answered', 'failed', 'interrupted')
                  or coalesce((m.metadata->>'pendingSince')::timestamptz, m.created_at) < now() - make_interval(secs => ${staleSeconds}))
          returning ${MESSAGE_COLUMNS}, coalesce((select status from old), 'answered') as previous`.execute(
          tx,
        );
        const row = rows[0];
        if (!row)
          throw conflict(
            'This question is being answered right now. Wait for the answer, then try again.',
            'busy',
          );
        const { previous, ...question } = row;
        if (edit) question.content = edit.content;
        return {
          sessionId: question.session_id,
          userMessage: toMessage(question),
          attachments: await attachmentsOf(tx, userId, question),
          redo: { previousStatus: previous, ...(edit ? { content: edit.content } : {}) },
          socratic: savedTurn(question.metadata),
        };
      });
    },
  };
}
