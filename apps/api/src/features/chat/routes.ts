// /api/v1/chat: the tutor conversation. Routes parse, call the service, map; reply.ts writes a
// turn's answer (JSON, or SSE events as it arrives).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChatMessagePage,
  ChatRequest,
  ChatResponse,
  ChatSearchPage,
  ChatSearchQuery,
  ChatSession,
  ChatSessionPage,
  EditMessageBody,
  ErrorBody,
  IdParams,
  MessagesQuery,
  PageQuery,
  RenameSessionBody,
  SocraticBody,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createChatService } from './service.ts';
import { createTurnReplies } from './reply.ts';

const NoContent = z.null().describe('No content');
const failures = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const streamed = {
  200: {
    description:
      'A stream of Server-Sent Events (`event:` name, `data:` JSON), as POST /chat/stream describes',
    content: {
      'text/event-stream': {
        schema: z
          .string()
          .describe('event: message|delta|done|error|title, then data: JSON, each ending in a blank line'),
      },
    },
  },
  ...failures,
};

export const chatRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const chat = createChatService(ctx);
  const tags = ['chat'];

  const { answerJson, streamTurn } = createTurnReplies(ctx, chat);

  app.post(
    '/chat',
    {
      schema: {
        tags,
        summary: 'Send a message and get the tutor’s answer (a new session when sessionId is absent)',
        description:
          'The message is saved before the model is called. If the model fails, the answer is 502/503 with `details: { sessionId, userMessageId }`; the message stays, marked failed, and POST /chat/messages/{id}/retry answers it later.',
        body: ChatRequest,
        response: { 200: ChatResponse, ...failures },
      },
    },
    async (req, reply) => answerJson(req, reply, await chat.begin(req.user.id, req.body)),
  );

  app.post(
    '/chat/stream',
    {
      schema: {
        tags,
        summary: 'Send a message; the answer arrives as Server-Sent Events',
        description: [
          'Events, in order: `message` (the saved user message), `delta` (`{ text }`, as the answer arrives), then `done` (the saved',
          'assistant message and the ChatResponse fields) or `error` (`{ error: { code, message } }`; the user message stays, marked',
          'failed, and can be retried), and after the first exchange `title` (`{ sessionId, title }`). Comment lines are heartbeats.',
          'If the client disconnects, the model call is cancelled and the partial answer is saved, marked interrupted.',
          'Validation and not-found errors are ordinary JSON responses, before the stream starts.',
        ].join(' '),
        body: ChatRequest,
        response: streamed,
      },
    },
    async (req, reply) => streamTurn(req, reply, await chat.begin(req.user.id, req.body)),
  );

  app.post(
    '/chat/messages/:id/retry',
    {
      schema: {
        tags,
        summary: 'Answer a message whose answer failed (or was interrupted)',
        params: IdParams,
        response: { 200: ChatResponse, ...failures },
      },
    },
    async (req, reply) => answerJson(req, reply, await chat.beginRetry(req.user.id, req.params.id)),
  );

  app.post(
    '/chat/messages/:id/regenerate',
    {
      schema: {
        tags,
        summary: 'Write the latest answer of a conversation again',
        description: [
          '`id` is the latest assistant message of its session. The question it answers is answered again (with the same context',
          'and attachments); when the new answer is saved, it replaces the old one (and any partial answers to the same question) in',
          'one transaction. If the model fails, the answer is 502/503 like POST /chat and nothing changes: the old answer and the',
          'question stay as they were. 409 `not_latest` when a newer message follows, `not_regenerable` for a question, `busy` while',
          'the question is being answered; 404 for an unknown message or someone else’s.',
        ].join(' '),
        params: IdParams,
        response: { 200: ChatResponse, ...failures },
      },
    },
    async (req, reply) => answerJson(req, reply, await chat.beginRedo(req.user.id, req.params.id)),
  );

  app.post(
    '/chat/messages/:id/edit',
    {
      schema: {
        tags,
        summary: 'Edit the last question of a conversation and answer it again',
        description: [
          '`id` is the learner’s last message in its session (answered, failed or interrupted). The new text is answered; when the',
          'answer is saved, the question’s text is replaced and the new answer replaces its old answers, in one transaction. If the',
          'model fails, the answer is 502/503 like POST /chat and nothing changes: the question keeps its old text and answer.',
          '409 `not_latest` when a newer question follows, `not_editable` for an answer, `busy` while it is being answered; 404 for',
          'an unknown message or someone else’s.',
        ].join(' '),
        params: IdParams,
        body: EditMessageBody,
        response: { 200: ChatResponse, ...failures },
      },
    },
    async (req, reply) =>
      answerJson(req, reply, await chat.beginRedo(req.user.id, req.params.id, { content: req.body.message })),
  );

  // The same three actions with the answer streamed (as POST /chat/stream): the app shows a retried,
  // regenerated or edited answer token by token, and Stop cancels it (a regenerate or edit then
  // changes nothing; a retry keeps what arrived, marked interrupted).
  const streamedTwin = (summary: string) => ({ tags, summary, params: IdParams, response: streamed });
  app.post(
    '/chat/messages/:id/retry/stream',
    { schema: streamedTwin('Answer a failed or interrupted message again, streamed as Server-Sent Events') },
    async (req, reply) => streamTurn(req, reply, await chat.beginRetry(req.user.id, req.params.id)),
  );
  app.post(
    '/chat/messages/:id/regenerate/stream',
    { schema: streamedTwin('Write the latest answer again, streamed as Server-Sent Events') },
    async (req, reply) => streamTurn(req, reply, await chat.beginRedo(req.user.id, req.params.id)),
  );
  app.post(
    '/chat/messages/:id/edit/stream',
    {
      schema: {
        ...streamedTwin('Edit the last question and answer it again, streamed as Server-Sent Events'),
        body: EditMessageBody,
      },
    },
    async (req, reply) =>
      streamTurn(req, reply, await chat.beginRedo(req.user.id, req.params.id, { content: req.body.message })),
  );

  app.get(
    '/chat/sessions',
    {
      schema: {
        tags,
        summary: 'My chat sessions, most recent first',
        querystring: PageQuery,
        response: { 200: ChatSessionPage, 400: ErrorBody },
      },
    },
    (req) => chat.listSessions(req.user.id, req.query),
  );

  app.get(
    '/chat/sessions/:id',
    {
      schema: {
        tags,
        summary: 'One chat session (title, times, last message)',
        params: IdParams,
        response: { 200: ChatSession, 404: ErrorBody },
      },
    },
    (req) => chat.getSession(req.user.id, req.params.id),
  );

  app.patch(
    '/chat/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Rename a chat session',
        params: IdParams,
        body: RenameSessionBody,
        response: { 200: ChatSession, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => chat.renameSession(req.user.id, req.params.id, req.body.title),
  );

  app.put(
    '/chat/sessions/:id/socratic',
    {
      schema: {
        tags,
        summary:
          'Turn Socratic mode on or off for a conversation (guiding questions and hints; a full solution after an attempt or two explicit asks). 409 socratic_required when its tutor path requires it',
        params: IdParams,
        body: SocraticBody,
        response: { 200: ChatSession, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => chat.setSocratic(req.user.id, req.params.id, req.body.enabled),
  );

  app.delete(
    '/chat/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a chat session and its messages',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await chat.deleteSession(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/chat/sessions/:id/messages',
    {
      schema: {
        tags,
        summary: 'Messages of a session, a page at a time, older or newer from a cursor',
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: ChatMessagePage, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => chat.messages(req.user.id, req.params.id, req.query),
  );

  app.get(
    '/chat/search',
    {
      schema: {
        tags,
        summary: 'Search my messages (full-text), newest first',
        querystring: ChatSearchQuery,
        response: { 200: ChatSearchPage, 400: ErrorBody },
      },
    },
    (req) => chat.search(req.user.id, req.query),
  );
};
