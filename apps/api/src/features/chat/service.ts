// Chat turns (conversations and their pages are in sessions.ts, message rows in messages.ts).
// A turn: (1) the learner's message is saved through save_chat_message in its own transaction,
// marked pending; (2) context is read (profile, last N
// messages, grounding passages from every source) in one short transaction (two when the question
// must be embedded first); (3) the model is called outside any transaction; (4) the answer is saved
// and the message marked answered, in one statement. If anything after (1) fails, the message
// stays, marked failed with the reason, and POST /chat/messages/:id/retry answers it later.
// Nothing the learner typed is lost. Each step is few round trips: the turn's cost is dominated by
// them (bench/PERFORMANCE.md §6).
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { ChatMessage, ChatResponse, Citation, MessageStatus } from '@chitchat/contracts';
import type { AppContext, Attachment } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { searchAll } from '../../grounding.ts';
import {
  AiAbortedError,
  AiUnavailableError,
  type AiImage,
  type AiMessage,
  type AiUsage,
  type Passage,
} from '../../platform/ai/index.ts';
import { longestCallMs } from '../../platform/ai/retry.ts';
import { chatTutorPrompt } from '../../platform/ai/prompts/chat_tutor.ts';
import { socraticPrompt, type SocraticTurn } from '../../platform/ai/prompts/socratic.ts';
import { advance, savedTurn } from './socratic.ts';
import { socraticMode, socraticRequired } from './socratic-mode.ts';
import { cleanTitle, sessionTitlePrompt } from '../../platform/ai/prompts/session_title.ts';
import { HttpError, conflict, notFound } from '../../http/errors.ts';
import { buildContext, type HistoryMessage } from './context.ts';
import { offlineChatAnswer, offlineTitle } from './offline.ts';
import { exactTs } from '../../platform/db/cursor.ts';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './messages.ts';
import { createSessionsService } from './sessions.ts';

const DEFAULT_TITLE = 'New Conversation';

const PASSAGES_PER_SOURCE = 4;
const MAX_PASSAGES = 6;

const toCitation = (p: Passage): Citation => ({
  sourceType: p.sourceType,
  sourceId: p.sourceId,
  title: p.title,
  ...(p.page !== undefined ? { page: p.page } : {}),
  ...(p.lessonId !== undefined ? { lessonId: p.lessonId } : {}),
  snippet: p.text.replace(/\s+/g, ' ').trim().slice(0, 300),
});

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

export function createChatService(ctx: AppContext) {
  const { db, config } = ctx;

  async function loadMessage(tx: Tx, id: string): Promise<MessageRow | undefined> {
    const { rows } =
      await sql<MessageRow>`select ${MESSAGE_COLUMNS} from chat_messages m where m.id = ${id}::uuid`.execute(
        tx,
      );
    return rows[0];
  }

  /**
   * Saves a message through save_chat_message and returns it without reading it back: it is what
   * was passed in, plus its id and the transaction's now() (the column's default). `only.when` is a
   * condition checked in the same statement (with `only.with` as its CTE): false saves nothing and
   * returns undefined. `only.also` is one more value read in the same statement.
   */
  async function saveMessage(
    tx: Tx,
    userId: string,
    sessionId: string,
    role: 'user' | 'assistant',
    content: string,
    metadata: Record<string, unknown>,
    media?: { url: string; type: string },
    only?: { with?: RawBuilder<unknown>; when: RawBuilder<unknown>; also?: RawBuilder<unknown> },
  ): Promise<{ row: MessageRow; also: unknown } | undefined> {
    const save = sql`public.save_chat_message(${sessionId}::uuid, ${userId}::uuid, ${content}, ${role},
      ${media?.url ?? null}, ${media?.type ?? null}, ${JSON.stringify(metadata)}::jsonb)`;
    const { rows } = await sql<{ id: string | null; k: string; also: unknown }>`
      ${only?.with ? sql`with ${only.with}` : sql``}
      select ${only ? sql`case when ${only.when} then ${save} end` : save} as id, ${exactTs(sql`now()`)} as k, ${only?.also ?? sql`null`} as also`.execute(
      tx,
    );
    const r = rows[0];
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
  const metadataUpdate = (id: string, patch: Record<string, unknown>, remove: string[] = []) =>
    sql`update chat_messages set metadata = (metadata - ${remove}::text[]) || ${JSON.stringify(patch)}::jsonb where id = ${id}::uuid`;

  /**
   * The learner, the conversation before `turn`, and whether the learner has embedded material (so
   * the question must be embedded before grounding): one statement.
   */
  async function readContext(tx: Tx, userId: string, turn: Turn) {
    const checkEmbedded = !!ctx.ai.embed;
    const { rows } = await sql<{
      learner: { display_name: string | null; preferences: Record<string, any> | null } | null;
      embedded: boolean;
      history:
        | {
            id: string;
            role: 'user' | 'assistant';
            content: string;
            has_media: boolean;
            status: string | null;
          }[]
        | null;
    }>`
      select (select json_build_object('display_name', u.display_name, 'preferences', u.preferences) from users u where u.id = ${userId}::uuid) as learner,
             ${checkEmbedded ? sql`exists (select 1 from document_chunks c where c.user_id = ${userId}::uuid and c.embedding is not null)` : sql`false`} as embedded,
             (select json_agg(json_build_object('id', h.id, 'role', h.role, 'content', h.content, 'has_media', h.media_url is not null, 'status', h.metadata->>'status')
                              order by h.created_at desc, h.id desc)
                from (select m.id, m.role, m.content, m.media_url, m.metadata, m.created_at
                        from chat_messages m
                       where m.session_id = ${turn.sessionId}::uuid
                         and m.created_at < (select created_at from chat_messages where id = ${turn.userMessage.id}::uuid)
                       order by m.created_at desc, m.id desc
                       limit ${config.AI_CONTEXT_MESSAGES * 2 + 10}) h) as history`.execute(tx);
    const { learner: u, embedded, history } = rows[0];
    const prefs = (u?.preferences ?? {}) as Record<string, any>;
    return {
      embedded,
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
      history: (history ?? [])
        .filter(
          (r) =>
            !(
              r.status === 'failed' ||
              r.status === 'pending' ||
              (r.role === 'assistant' && r.status === 'interrupted')
            ),
        )
        .slice(0, config.AI_CONTEXT_MESSAGES)
        .reverse(),
    };
  }

  /** The best passages over all sources, each once. */
  function bestPassages(found: Passage[]): Passage[] {
    const seen = new Set<string>();
    return found
      .filter((p) => {
        const key = `${p.sourceType}:${p.sourceId}:${p.lessonId ?? ''}:${p.page ?? ''}:${p.text}`;
        return seen.has(key) ? false : (seen.add(key), true);
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_PASSAGES);
  }

  /**
   * Context and grounding for a turn: one transaction. Only when the learner has embedded material
   * (and the provider embeddings) is the question embedded — a model call, made between two
   * transactions rather than inside one — and the sources searched in a second.
   */
  async function gather(userId: string, turn: Turn, log: FastifyBaseLogger) {
    // In Socratic mode the passages are about the problem being worked on: an attempt ("I think
    // it's in the thylakoids") or an ask ("just tell me") names little of it.
    const query = turn.socratic?.problem || turn.userMessage.content;
    const found: Passage[] = [];
    let context: Awaited<ReturnType<typeof readContext>> | undefined;
    // Messages already in the model's context (and the question itself) are not passages.
    const search = (tx: Tx, read: NonNullable<typeof context>, queryEmbedding?: number[]) =>
      searchAll(
        tx,
        ctx.grounding,
        userId,
        query,
        PASSAGES_PER_SOURCE,
        { excludeMessageIds: [turn.userMessage.id, ...read.history.map((h) => h.id)], queryEmbedding },
        found,
      );
    // A failing source aborts the transaction (it rolls back, nothing was written): the turn goes
    // ahead with the context and the passages found before it. Only a failed context read is fatal.
    const settle = (err: unknown) => {
      if (!context) throw err;
      log.warn({ err }, 'grounding source failed; answering with the passages found before it');
    };
    await db
      .asUser(userId, async (tx) => {
        context = await readContext(tx, userId, turn);
        if (!context.embedded) await search(tx, context);
      })
      .catch(settle);
    const read = context!;
    if (read.embedded) {
      const queryEmbedding = await ctx.ai.embed!([query]).then(
        ([v]) => v,
        (err) => void log.warn({ err }, 'query embedding failed'),
      );
      await db.asUser(userId, (tx) => search(tx, read, queryEmbedding ?? undefined)).catch(settle);
    }
    return { ...read, passages: bestPassages(found) };
  }

  /** Everything the model needs for a turn. */
  async function prepare(userId: string, turn: Turn, log: FastifyBaseLogger) {
    const { learner, history, passages } = await gather(userId, turn, log);
    const images: AiImage[] = [];
    for (const a of turn.attachments)
      if (a.kind === 'image') images.push({ mediaType: a.mediaType, data: await a.load() });
    const files = turn.attachments
      .filter((a) => a.kind !== 'image')
      .map((a) => a.fileName.replace(/[\r\n\]]/g, ' ').slice(0, 200));
    const built = buildContext({
      learner,
      passages,
      policy: turn.socratic ? socraticPrompt.policy(turn.socratic) : undefined,
      history: history.map((h): HistoryMessage => ({
        role: h.role,
        content: h.content,
        hasMedia: h.has_media,
      })),
      // Documents and videos are not sent inline: their passages come through grounding.
      message: files.length
        ? `${turn.userMessage.content}\n\n[Attached: ${files.join(', ')}]`
        : turn.userMessage.content,
      images,
      maxTokens: config.AI_CONTEXT_MAX_TOKENS,
    });
    return {
      system: built.system,
      messages: built.messages as AiMessage[],
      passages: built.passages,
      citations: built.passages.map(toCitation),
      offline: () =>
        offlineChatAnswer({
          message: turn.userMessage.content,
          passages: built.passages,
          imageCount: images.length,
          socratic: turn.socratic,
        }),
    };
  }

  /** Saves the answer (or the part of it that arrived) and settles the learner's message. */
  async function complete(
    userId: string,
    turn: Turn,
    text: string,
    usage: Partial<AiUsage>,
    citations: Citation[],
    status: 'answered' | 'interrupted',
    error?: { code: string; message: string },
    userStatus: MessageStatus = status,
  ) {
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
      const saved = await saveMessage(
        tx,
        userId,
        turn.sessionId,
        'assistant',
        text,
        {
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
        undefined,
        {
          with: sql`settled as (${settle} returning id)`,
          when: sql`exists (select 1 from settled)`,
          also: sql`(select title from chat_sessions where id = ${turn.sessionId}::uuid)`,
        },
      );
      if (!saved) throw notFound('Chat session');
      return { row: saved.row, title: (saved.also as string | null) ?? null };
    });
  }

  async function markFailed(
    userId: string,
    turn: Turn,
    error: { code: string; message: string },
    log: FastifyBaseLogger,
  ) {
    try {
      await db.asUser(userId, (tx) =>
        metadataUpdate(turn.userMessage.id, { status: 'failed', error }).execute(tx),
      );
    } catch (err) {
      log.error({ err }, 'could not mark a chat message failed');
    }
  }

  /** A regenerate or edit that failed: the question goes back to how it was (its answers were never touched). */
  async function restore(userId: string, turn: Turn, log: FastifyBaseLogger) {
    const previous = turn.redo!.previousStatus;
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
      const { row, title } = await complete(userId, turn, text, usage, citations, 'answered');
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
        await restore(userId, turn, opts.log);
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
          await complete(userId, turn, text, {}, citations, 'interrupted', error).catch((e) =>
            opts.log.error({ err: e }, 'could not save a partial answer'),
          );
        else await markFailed(userId, turn, error, opts.log);
        opts.log.info({ partialChars: text.length }, 'chat interrupted by the client');
        throw err instanceof AiAbortedError ? err : new AiAbortedError();
      }
      const error = describe(err);
      if (text) {
        // Part of an answer arrived before the model failed: keep it, marked interrupted, and
        // leave the learner's message retryable.
        await complete(userId, turn, text, {}, citations, 'interrupted', error, 'failed').catch((e) =>
          opts.log.error({ err: e }, 'could not save a partial answer'),
        );
      } else await markFailed(userId, turn, error, opts.log);
      if (err instanceof HttpError)
        opts.log.warn({ code: err.code, status: err.statusCode }, 'chat turn failed');
      throw clientError(err, turn);
    }
  }

  return {
    /** Saves the learner's message (pending) and resolves its attachments. 404s before anything is saved. */
    async begin(
      userId: string,
      input: {
        message: string;
        sessionId?: string;
        attachmentIds?: string[];
        socratic?: boolean;
        pathId?: string;
      },
    ): Promise<Turn> {
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      return db.asUser(userId, async (tx) => {
        const sessionId = input.sessionId ?? crypto.randomUUID();
        const attachments = attachmentIds.length ? await ctx.attachments(tx, userId, attachmentIds) : [];
        const first = attachments[0];
        // Socratic mode: the session's setting (or the learner's), forced on by a tutor path that requires it.
        const mode = await socraticMode(tx, userId, input.sessionId, input.pathId);
        if (input.socratic === false && mode.required) throw socraticRequired(mode.pathTitle);
        const on = mode.required || (input.socratic ?? mode.enabled);
        const step = on ? advance(mode.state, input.message, mode.required) : undefined;
        const saved = await saveMessage(
          tx,
          userId,
          sessionId,
          'user',
          input.message,
          {
            status: 'pending',
            ...(attachmentIds.length ? { attachmentIds } : {}),
            ...(step ? { socratic: step.turn } : {}),
          },
          first ? { url: `upload:${first.id}`, type: first.kind } : undefined,
          // Only into an existing session of the caller's (RLS): a guessed or stale id is a 404, never a new session.
          input.sessionId
            ? { when: sql`exists (select 1 from chat_sessions where id = ${sessionId}::uuid)` }
            : undefined,
        );
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
        return { sessionId, userMessage: toMessage(saved.row), attachments, socratic: step?.turn };
      });
    },

    run,

    /** Titles a session after its first exchange (light model; the offline title if that fails). */
    async title(
      userId: string,
      sessionId: string,
      question: string,
      answer: string,
      log: FastifyBaseLogger,
    ): Promise<string | null> {
      let title = '';
      try {
        const { text } = await ctx.ai.generateText({
          task: 'session_title',
          userId,
          system: sessionTitlePrompt.system,
          messages: [{ role: 'user', content: sessionTitlePrompt.build({ question, answer }) }],
          log,
          offline: () => offlineTitle(question),
        });
        title = cleanTitle(text);
      } catch (err) {
        log.warn({ code: (err as HttpError).code }, 'session title: model failed, using the offline title');
      }
      if (!title) title = offlineTitle(question);
      const updated = await db.asUser(userId, (tx) =>
        tx
          .updateTable('chat_sessions')
          .set({ title })
          .where('id', '=', sessionId)
          // A rename by the learner in the meantime wins.
          .where((eb) => eb.or([eb('title', 'is', null), eb('title', '=', DEFAULT_TITLE)]))
          .returning('title')
          .executeTakeFirst(),
      );
      return updated?.title ?? null;
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
     * answer is saved (see complete()), and a failure restores it (see restore()).
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
        if (later[0].n > 0)
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

    ...createSessionsService(ctx),
  };
}
export type ChatService = ReturnType<typeof createChatService>;
