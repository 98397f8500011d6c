// A chat turn, from the learner's message to the saved answer. (1) The learner's message is saved
// through save_chat_message in its own transaction, marked pending, and the prompt's context read
// in it (profile, last N messages, grounding passages from every source: begin.ts,
// turn-context.ts; the passages in a second transaction when the question must be embedded first:
// prompt.ts); (2) the model is called outside any transaction (here); (3) the answer is saved and
// the message marked answered, in one statement (settle.ts). If anything after (1) fails, the
// message stays, marked failed with the reason, and POST /chat/messages/:id/retry answers it later.
// Nothing the learner typed is lost. Each step is few round trips: the turn's cost is dominated by
// them (bench/PERFORMANCE.md §6, §10). Conversations and their pages are in sessions.ts, message
// rows in messages.ts, titles in titles.ts.
import type { FastifyBaseLogger } from 'fastify';
import type { ChatMessage, ChatResponse, Citation, MessageStatus } from '@chitchat/contracts';
import type { AppContext, Attachment } from '../../context.ts';
import { AiAbortedError, AiUnavailableError, type AiUsage } from '../../platform/ai/index.ts';
import type { SocraticTurn } from '../../platform/ai/prompts/socratic.ts';
import { HttpError } from '../../http/errors.ts';
import { toMessage } from './messages.ts';
import { createSessionsService } from './sessions.ts';
import { createTurnPrompt } from './prompt.ts';
import { createTurnStarts } from './begin.ts';
import { createTurnSettling } from './settle.ts';
import type { TurnContext } from './turn-context.ts';
import { DEFAULT_TITLE, titleSession } from './titles.ts';

/** A learner's message saved and waiting for its answer. */
export interface Turn {
  sessionId: string;
  userMessage: ChatMessage;
  attachments: Attachment[];
  /**
   * A turn answered again (regenerate, or edit and resend): the answers to the message are
   * replaced only when the new one is saved; if the model fails, the message goes back to
   * `previousStatus` and its text and answers stay as they were. `content`: the edited question.
   */
  redo?: { previousStatus: MessageStatus; content?: string };
  /** Socratic mode's decision for this turn (saved with the learner's message); absent when off. */
  socratic?: SocraticTurn;
  /** The prompt's context, when it was read as the message was saved (a new message: begin.ts). */
  context?: TurnContext;
}

export interface TurnOptions {
  signal: AbortSignal;
  log: FastifyBaseLogger;
  /** Streamed turns: called with each piece of text as it arrives. */
  onDelta?: (text: string) => void;
}

export interface TurnResult {
  response: ChatResponse;
  message: ChatMessage;
  /** True when the session still has its default title (the first exchange): see title(). */
  needsTitle: boolean;
}

/** The error the client sees: the cause, plus where its message is, so it can retry. */
function clientError(err: unknown, turn: Turn): unknown {
  if (!(err instanceof HttpError)) return err;
  return new HttpError(
    err.statusCode,
    err.code,
    err.message,
    { sessionId: turn.sessionId, userMessageId: turn.userMessage.id },
    err.headers,
  );
}

const describe = (err: unknown) =>
  err instanceof HttpError
    ? { code: err.code, message: err.message }
    : { code: 'internal', message: 'The answer could not be produced.' };

function emptyReply(finishReason?: string) {
  return new AiUnavailableError(
    finishReason === 'content-filter'
      ? 'The AI model declined to answer this (its safety filter blocked the reply). Try rephrasing.'
      : 'The AI model returned an empty answer. Please retry.',
    502,
    undefined,
    'ai_empty_reply',
  );
}

export function createChatService(ctx: AppContext) {
  const prepare = createTurnPrompt(ctx);
  const settling = createTurnSettling(ctx);

  /** Answers a saved turn, streamed (onDelta) or not. */
  async function run(userId: string, turn: Turn, opts: TurnOptions): Promise<TurnResult> {
    let text = '';
    let citations: Citation[] = [];
    try {
      const prep = await prepare(userId, turn, opts.log);
      citations = prep.citations;
      const request = {
        task: 'chat' as const,
        userId,
        system: prep.system,
        messages: prep.messages,
        signal: opts.signal,
        log: opts.log,
        offline: prep.offline,
      };
      let usage: AiUsage;
      if (opts.onDelta) {
        const stream = ctx.ai.streamText(request);
        for await (const d of stream.deltas) {
          text += d;
          opts.onDelta(d);
        }
        if (opts.signal.aborted) throw new AiAbortedError();
        usage = (await stream.done).usage;
      } else {
        ({ text, usage } = await ctx.ai.generateText(request));
        if (opts.signal.aborted) throw new AiAbortedError();
      }
      if (!text.trim()) throw emptyReply(usage.finishReason);
      const { row, title } = await settling.complete(userId, {
        turn,
        text,
        usage,
        citations,
        status: 'answered',
      });
      opts.log.info(
        {
          chat: {
            provider: usage.provider,
            model: usage.model,
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            latencyMs: usage.latencyMs,
            attempts: usage.attempts,
          },
        },
        'chat answered',
      );
      const message = toMessage(row);
      return {
        message,
        needsTitle: !title || title === DEFAULT_TITLE,
        response: {
          sessionId: turn.sessionId,
          messageId: message.id,
          userMessageId: turn.userMessage.id,
          response: message.content,
          timestamp: message.createdAt,
          model: usage.model,
          citations,
          sessionTitle: title,
        },
      };
    } catch (err) {
      const aborted = err instanceof AiAbortedError || opts.signal.aborted;
      if (turn.redo) {
        await settling.restore(userId, turn, opts.log);
        if (aborted) throw err instanceof AiAbortedError ? err : new AiAbortedError();
        if (err instanceof HttpError)
          opts.log.warn(
            { code: err.code, status: err.statusCode },
            'chat regenerate failed; the previous answer is kept',
          );
        throw clientError(err, turn);
      }
      if (aborted) {
        const error = {
          code: 'client_disconnected',
          message: 'The connection closed before the answer was complete.',
        };
        if (text)
          await settling
            .complete(userId, { turn, text, usage: {}, citations, status: 'interrupted', error })
            .catch((e) => opts.log.error({ err: e }, 'could not save a partial answer'));
        else await settling.markFailed(userId, { turn, error, log: opts.log });
        opts.log.info({ partialChars: text.length }, 'chat interrupted by the client');
        throw err instanceof AiAbortedError ? err : new AiAbortedError();
      }
      const error = describe(err);
      if (text) {
        // Part of an answer arrived before the model failed: keep it, marked interrupted, and
        // leave the learner's message retryable.
        await settling
          .complete(userId, {
            turn,
            text,
            usage: {},
            citations,
            status: 'interrupted',
            error,
            userStatus: 'failed',
          })
          .catch((e) => opts.log.error({ err: e }, 'could not save a partial answer'));
      } else await settling.markFailed(userId, { turn, error, log: opts.log });
      if (err instanceof HttpError)
        opts.log.warn({ code: err.code, status: err.statusCode }, 'chat turn failed');
      throw clientError(err, turn);
    }
  }

  return {
    ...createTurnStarts(ctx),
    run,
    /** Titles a session after its first exchange (light model; the offline title if that fails). */
    title: (userId: string, input: Parameters<typeof titleSession>[2]) => titleSession(ctx, userId, input),
    ...createSessionsService(ctx),
  };
}
export type ChatService = ReturnType<typeof createChatService>;
