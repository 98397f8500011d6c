// How a turn ends in the database: the answer (or the part that arrived) saved and the learner's
// message settled in one transaction (complete); the message marked failed (markFailed); or a failed
// regenerate or edit put back as it was (restore).
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Citation, MessageStatus } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { AiUsage } from '../../platform/ai/index.ts';
import { chatTutorPrompt } from '../../platform/ai/prompts/chat_tutor.ts';
import { socraticPrompt } from '../../platform/ai/prompts/socratic.ts';
import { notFound } from '../../http/errors.ts';
import { metadataUpdate, saveMessage } from './messages.ts';
import type { Turn } from './service.ts';

type TurnError = { code: string; message: string };

/** An answer to save (see complete()). */
export interface Answer {
  turn: Turn;
  text: string;
  usage: Partial<AiUsage>;
  citations: Citation[];
  status: 'answered' | 'interrupted';
  error?: TurnError;
  /** What the learner's message becomes (default: `status`). */
  userStatus?: MessageStatus;
}

export function createTurnSettling(ctx: Pick<AppContext, 'db' | 'ai'>) {
  const { db } = ctx;

  return {
    /** Saves the answer (or the part of it that arrived) and settles the learner's message. */
    async complete(userId: string, answer: Answer) {
      const { turn, text, usage, citations, status, error, userStatus = status } = answer;
      return db.asUser(userId, async (tx) => {
        if (turn.redo) {
          // Regenerate / edit: the old answers to this question go, the edit lands, in the same
          // transaction as the new answer (so a failure before here changed nothing).
          await sql`delete from chat_messages where session_id = ${turn.sessionId}::uuid and role = 'assistant' and metadata->>'replyTo' = ${turn.userMessage.id}`.execute(
            tx,
          );
          if (turn.redo.content !== undefined)
            await sql`update chat_messages set content = ${turn.redo.content} where id = ${turn.userMessage.id}::uuid`.execute(
              tx,
            );
        }
        // One statement: the learner's message settled (its row locked, so deleting the conversation
        // meanwhile waits for this transaction), then the answer saved only if that message still
        // exists — the learner may have deleted the conversation, and it must never come back.
        const settle = metadataUpdate(
          turn.userMessage.id,
          { status: userStatus, ...(error && userStatus === 'failed' ? { error } : {}) },
          userStatus === 'failed' ? [] : ['error', 'pendingSince'],
        );
        const saved = await saveMessage(tx, {
          userId,
          sessionId: turn.sessionId,
          role: 'assistant',
          content: text,
          metadata: {
            status,
            provider: usage.provider ?? ctx.ai.name,
            ...(usage.model ? { model: usage.model } : {}),
            ...(usage.inputTokens !== undefined ? { inputTokens: usage.inputTokens } : {}),
            ...(usage.outputTokens !== undefined ? { outputTokens: usage.outputTokens } : {}),
            ...(usage.latencyMs !== undefined ? { latencyMs: usage.latencyMs } : {}),
            citations,
            replyTo: turn.userMessage.id,
            promptVersion: turn.socratic
              ? `${chatTutorPrompt.version}+${socraticPrompt.version}`
              : chatTutorPrompt.version,
            ...(error ? { error } : {}),
          },
          only: {
            with: sql`settled as (${settle} returning id)`,
            when: sql`exists (select 1 from settled)`,
            also: sql`(select title from chat_sessions where id = ${turn.sessionId}::uuid)`,
          },
        });
        if (!saved) throw notFound('Chat session');
        return { row: saved.row, title: (saved.also as string | null) ?? null };
      });
    },

    async markFailed(userId: string, failure: { turn: Turn; error: TurnError; log: FastifyBaseLogger }) {
      const { turn, error, log } = failure;
      try {
        await db.asUser(userId, (tx) =>
          metadataUpdate(turn.userMessage.id, { status: 'failed', error }).execute(tx),
        );
      } catch (err) {
        log.error({ err }, 'could not mark a chat message failed');
      }
    },

    /** A regenerate or edit that failed: the question goes back to how it was (its answers were never touched). */
    async restore(userId: string, turn: Turn, log: FastifyBaseLogger) {
      const previous = turn.redo?.previousStatus;
      if (!previous) return;
      try {
        await db.asUser(userId, (tx) =>
          metadataUpdate(
            turn.userMessage.id,
            previous === 'pending'
              ? { status: 'failed', error: { code: 'ai_unavailable', message: 'No answer arrived.' } }
              : { status: previous },
            ['pendingSince'],
          ).execute(tx),
        );
      } catch (err) {
        log.error({ err }, 'could not restore a chat message after a failed regenerate');
      }
    },
  };
}
