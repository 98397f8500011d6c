// A turn's answer as the HTTP reply: one JSON response (answerJson) or Server-Sent Events as it
// arrives (streamTurn); then the conversation's title after its first exchange, and its concepts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterChatTurn } from '../concepts/service.ts';
import type { AppContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { AiAbortedError } from '../../platform/ai/index.ts';
import { openSse } from '../../http/sse.ts';
import { clientGone } from '../../http/abort.ts';
import type { ChatService, Turn } from './service.ts';

export function createTurnReplies(ctx: AppContext, chat: ChatService) {
  async function answerJson(req: FastifyRequest, reply: FastifyReply, turn: Turn) {
    const result = await chat.run(req.user.id, turn, { signal: clientGone(reply), log: req.log });
    if (result.needsTitle) {
      result.response.sessionTitle =
        (await chat.title(req.user.id, {
          sessionId: turn.sessionId,
          question: turn.userMessage.content,
          answer: result.message.content,
          log: req.log,
        })) ?? result.response.sessionTitle;
    }
    void afterChatTurn(ctx, req.user.id, turn.sessionId, req.log);
    return result.response;
  }

  /** A turn answered as Server-Sent Events (see POST /chat/stream for the events). */
  async function streamTurn(req: FastifyRequest, reply: FastifyReply, turn: Turn) {
    const userId = req.user.id;
    const ac = new AbortController();
    const sse = openSse(req, reply, () => ac.abort());
    sse.send('message', turn.userMessage);
    try {
      const result = await chat.run(userId, turn, {
        signal: ac.signal,
        log: req.log,
        onDelta: (text) => sse.send('delta', { text }),
      });
      sse.send('done', { ...result.response, message: result.message });
      if (result.needsTitle && !sse.closed) {
        const title = await chat.title(userId, {
          sessionId: turn.sessionId,
          question: turn.userMessage.content,
          answer: result.message.content,
          log: req.log,
        });
        if (title) sse.send('title', { sessionId: turn.sessionId, title });
      }
      void afterChatTurn(ctx, userId, turn.sessionId, req.log);
    } catch (err) {
      if (!(err instanceof AiAbortedError)) {
        if (!(err instanceof HttpError)) req.log.error({ err }, 'chat stream failed');
        const e = err instanceof HttpError ? err : null;
        sse.send('error', {
          error: {
            code: e?.code ?? 'internal',
            message: e?.message ?? 'Something went wrong on our side.',
            ...(e?.details !== undefined ? { details: e.details } : {}),
            requestId: req.id,
          },
        });
      }
    } finally {
      sse.end();
    }
  }

  return { answerJson, streamTurn };
}
