// Chat: the AI tutor conversation. POST /chat answers as JSON, POST /chat/stream as Server-Sent
// Events; sessions, messages (keyset pages both ways), search, retry of a failed turn.
import { z } from 'zod';
import { cleanText, learnerText, PageQuery, page, Timestamp, Uuid } from './common.ts';

export const MAX_MESSAGE_CHARS = 10_000;

export const ChatRequest = z
  .object({
    message: learnerText(MAX_MESSAGE_CHARS).describe(
      'What the learner typed, as written (trimmed; at most 10,000 characters)',
    ),
    sessionId: Uuid.optional().describe('Continue this session; omit to start a new one'),
    attachmentIds: z.array(Uuid).max(4).optional().describe('Uploads to attach (images go to the model)'),
    socratic: z
      .boolean()
      .optional()
      .describe(
        'Socratic mode for this conversation from now on (default: the session’s setting, else my profile’s); false is 409 socratic_required when its tutor path requires it',
      ),
    pathId: Uuid.optional().describe(
      'A new conversation about this tutor path (ignored when continuing a session): its tutor may require Socratic mode',
    ),
  })
  .strict();
export type ChatRequest = z.infer<typeof ChatRequest>;

export const Citation = z
  .object({
    sourceType: z.enum(['document', 'lesson', 'message']),
    sourceId: z.string().describe('Upload id, learning path id or message id'),
    title: z.string(),
    page: z.number().int().optional(),
    lessonId: z.string().optional(),
    snippet: z.string(),
  })
  .meta({ id: 'Citation' });
export type Citation = z.infer<typeof Citation>;

export const MessageStatus = z.enum(['pending', 'answered', 'failed', 'interrupted']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const ChatMessageMetadata = z
  .object({
    status: MessageStatus.optional().describe(
      'User messages: pending → answered | failed | interrupted; assistant messages: answered | interrupted',
    ),
    provider: z.string().optional(),
    model: z.string().optional(),
    inputTokens: z.number().optional(),
    outputTokens: z.number().optional(),
    latencyMs: z.number().optional(),
    citations: z.array(Citation).optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe('Why the turn failed'),
    replyTo: z.string().optional().describe('Assistant messages: the user message answered'),
    attachmentIds: z.array(z.string()).optional(),
    promptVersion: z.string().optional(),
    socratic: z
      .object({
        problem: z.string(),
        attempts: z.number().int(),
        explicitAsks: z.number().int(),
        reveal: z.boolean().describe('A full solution may be shown in the answer to this message'),
        requiredByTutor: z.boolean(),
      })
      .optional()
      .describe('User messages sent in Socratic mode: the problem’s state after this message'),
  })
  .meta({ id: 'ChatMessageMetadata' });
export type ChatMessageMetadata = z.infer<typeof ChatMessageMetadata>;

export const ChatMessage = z
  .object({
    id: Uuid,
    sessionId: Uuid,
    role: z.enum(['user', 'assistant']),
    content: z.string(),
    mediaUrl: z.string().nullable().describe('upload:<id> of the first attachment, never a public URL'),
    mediaType: z.enum(['image', 'video', 'document']).nullable(),
    metadata: ChatMessageMetadata,
    createdAt: Timestamp,
  })
  .meta({ id: 'ChatMessage' });
export type ChatMessage = z.infer<typeof ChatMessage>;

/** POST /chat (and /chat/messages/:id/retry, /regenerate, /edit): the seed's response, plus the saved messages. */
export const ChatResponse = z
  .object({
    sessionId: Uuid,
    messageId: Uuid.describe('The assistant message'),
    userMessageId: Uuid,
    response: z.string(),
    timestamp: Timestamp,
    model: z.string(),
    citations: z.array(Citation),
    sessionTitle: z.string().nullable(),
  })
  .meta({ id: 'ChatResponse' });
export type ChatResponse = z.infer<typeof ChatResponse>;

export const ChatSession = z
  .object({
    id: Uuid,
    title: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastMessage: z.string().nullable().describe('The start of the latest message'),
    socratic: z.object({
      enabled: z
        .boolean()
        .describe(
          'Guiding questions and hints before a full solution (the session’s setting, else my profile’s)',
        ),
      requiredByTutor: z.boolean().describe('The tutor path this conversation is about requires it'),
    }),
    pathId: Uuid.nullable().describe('The tutor path this conversation is about'),
  })
  .meta({ id: 'ChatSession' });
export type ChatSession = z.infer<typeof ChatSession>;

export const ChatSessionPage = page(ChatSession).meta({ id: 'ChatSessionPage' });
export const ChatMessagePage = page(ChatMessage).meta({ id: 'ChatMessagePage' });

export const MessagesQuery = PageQuery.extend({
  direction: z
    .enum(['older', 'newer'])
    .default('older')
    .describe(
      'older: from the cursor (or the latest) back in time, newest first; newer: from the cursor (or the first) forward, oldest first',
    ),
});

/** POST /chat/messages/:id/edit: the last question, as the learner rewrote it. */
export const EditMessageBody = z
  .object({
    message: learnerText(MAX_MESSAGE_CHARS).describe(
      'The question’s new text (trimmed; at most 10,000 characters)',
    ),
  })
  .strict();
export type EditMessageBody = z.infer<typeof EditMessageBody>;

export const RenameSessionBody = z.object({ title: cleanText(200) }).strict();

export const SocraticBody = z
  .object({ enabled: z.boolean().describe('Socratic mode on or off for this conversation') })
  .strict();

export const ChatSearchQuery = PageQuery.extend({
  q: cleanText(200).describe('Words to find (web-search syntax: "quoted phrase", -exclude, or)'),
});
export const ChatSearchHit = z
  .object({
    message: ChatMessage,
    sessionTitle: z.string().nullable(),
    snippet: z.string().describe('The matching passage'),
  })
  .meta({ id: 'ChatSearchHit' });
export const ChatSearchPage = page(ChatSearchHit).meta({ id: 'ChatSearchPage' });

/** Server-Sent Events of POST /chat/stream, in order: message, delta*, done (or error), then title. */
export const ChatStreamEvents = {
  message: ChatMessage.describe('The saved user message'),
  delta: z.object({ text: z.string() }),
  done: ChatResponse.extend({ message: ChatMessage }).describe('The saved assistant message'),
  error: z.object({
    error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }),
  }),
  title: z.object({ sessionId: Uuid, title: z.string() }),
};
