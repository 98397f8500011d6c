import { ChatStreamEvents, type ChatMessage } from '@chitchat/contracts';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { learnerError } from '@/lib/learnerError';
import { ApiError, type ApiPath } from '@/lib/api';
import { postSse } from '@/lib/sse';
import { fromServer, mergeMessages, type ViewMessage } from '@/state/conversationView';
import { chatKeys, useChatMessagesQuery } from '@/state/queries/chat';
import type { Page } from '@/state/queries/options';
import { dashboardKeys } from '@/state/queries/dashboard';

export type { ViewMessage } from '@/state/conversationView';

let tempSeq = 0;

/** A regenerate or edit on one message (by server id): under way, or failed with a reason. */
export interface MessageAction {
  id: string;
  kind: 'regenerate' | 'edit';
  working: boolean;
  error: string | null;
}

/** How a streamed turn ended: the saved answer, or why there is none ('stopped' by the learner). */
type StreamEnd = { done: ChatStreamDone } | { failure: string };
type ChatStreamDone = z.infer<typeof ChatStreamEvents.done>;

/**
 * One conversation: history from the API, sending with an optimistic user message, every answer
 * (a new question, a retry, a regenerate, an edit) streamed token by token over SSE, Stop (cancels
 * the model call) and retry of a failed message.
 */
export function useConversation(
  initialSessionId: string | undefined,
  onSessionCreated?: (id: string) => void,
) {
  const qc = useQueryClient();
  const [sessionId, setSessionId] = useState(initialSessionId);
  const history = useChatMessagesQuery(sessionId);
  const [live, setLive] = useState<ViewMessage[]>([]);
  const [title, setTitle] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const [action, setAction] = useState<MessageAction | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const messages = useMemo(
    () => mergeMessages(history.data?.pages.flatMap((p) => p.items) ?? [], live),
    [history.data, live],
  );

  // The live messages vanish with this screen: refresh the saved copy after every turn, so the
  // conversation reopens whole (and at once) from the cache.
  const refreshHistory = useCallback(
    (id: string) => void qc.invalidateQueries({ queryKey: chatKeys.messages(id) }),
    [qc],
  );

  const patch = (key: string, change: Partial<ViewMessage>) =>
    setLive((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));

  /**
   * Streams one turn into the live message `answerKey` (its question is `questionKey`): the
   * question's saved id, the answer as it arrives, then the saved answer. Stop aborts it.
   */
  const streamTurn = useCallback(
    async (
      path: ApiPath,
      params: Record<string, string>,
      body: unknown,
      keys: { question: string; answer: string },
    ): Promise<StreamEnd> => {
      const ac = new AbortController();
      abortRef.current = ac;
      setBusy(true);
      let end: StreamEnd | null = null;
      try {
        await postSse(
          path,
          params,
          body,
          (e) => {
            const data: unknown = JSON.parse(e.data);
            if (e.event === 'message') {
              const m = ChatStreamEvents.message.parse(data);
              patch(keys.question, { id: m.id });
              patch(keys.answer, { replyTo: m.id });
              if (!sessionId) {
                setSessionId(m.sessionId);
                onSessionCreated?.(m.sessionId);
              }
            } else if (e.event === 'delta') {
              const { text: piece } = ChatStreamEvents.delta.parse(data);
              setLive((list) =>
                list.map((m) => (m.key === keys.answer ? { ...m, content: m.content + piece } : m)),
              );
            } else if (e.event === 'done') {
              const done = ChatStreamEvents.done.parse(data);
              end = { done };
              patch(keys.answer, {
                id: done.message.id,
                content: done.message.content,
                streaming: false,
                citations: done.citations,
                offline: done.model === 'offline',
                createdAt: done.message.createdAt,
              });
              if (done.sessionTitle) setTitle(done.sessionTitle);
            } else if (e.event === 'error') {
              const { error } = ChatStreamEvents.error.parse(data);
              end = { failure: learnerError(new ApiError(502, error.code, error.message)) };
            } else if (e.event === 'title') {
              setTitle(ChatStreamEvents.title.parse(data).title);
            }
          },
          ac.signal,
        );
      } catch (err) {
        end =
          (err as { name?: string })?.name === 'AbortError'
            ? { failure: 'stopped' }
            : {
                failure: learnerError(err, {
                  notFound:
                    'This message is no longer here — the conversation changed, perhaps on another device.',
                }),
              };
      } finally {
        abortRef.current = null;
        setBusy(false);
      }
      return end ?? { failure: 'The answer was cut off.' };
    },
    [sessionId, onSessionCreated],
  );

  /** A new question, or a retry of a failed one: what arrived before a stop is kept (the server saved it as interrupted). */
  const answer = useCallback(
    async (
      keys: { question: string; answer: string },
      path: ApiPath,
      params: Record<string, string>,
      body: unknown,
    ) => {
      const end = await streamTurn(path, params, body, keys);
      if ('failure' in end && end.failure === 'stopped') {
        setLive((list) =>
          list
            .map((m) => (m.key === keys.answer ? { ...m, streaming: false, stopped: true } : m))
            .filter((m) => m.key !== keys.answer || m.content.length > 0),
        );
        patch(keys.question, { error: 'You stopped this answer.' });
      } else if ('failure' in end) {
        setLive((list) => list.filter((m) => m.key !== keys.answer));
        patch(keys.question, { error: end.failure });
      }
      const savedIn = 'done' in end ? end.done.sessionId : sessionId;
      if (savedIn) refreshHistory(savedIn);
      void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
    [streamTurn, sessionId, refreshHistory, qc],
  );

  const send = useCallback(
    /** `options`: Socratic mode for the conversation, and (starting one) the tutor path it is about. */
    async (text: string, attachmentIds?: string[], options?: { socratic?: boolean; pathId?: string }) => {
      if (busy) return;
      setAction(null);
      const keys = { question: `u${++tempSeq}`, answer: `a${tempSeq}` };
      const now = new Date().toISOString();
      setLive((list) => [
        ...list,
        { key: keys.question, role: 'user', content: text, createdAt: now },
        { key: keys.answer, role: 'assistant', content: '', streaming: true, createdAt: now },
      ]);
      await answer(
        keys,
        '/api/v1/chat/stream',
        {},
        {
          message: text,
          ...(sessionId ? { sessionId } : {}),
          ...(attachmentIds?.length ? { attachmentIds } : {}),
          ...(options?.socratic !== undefined ? { socratic: options.socratic } : {}),
          ...(options?.pathId && !sessionId ? { pathId: options.pathId } : {}),
        },
      );
    },
    [busy, sessionId, answer],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  /** A question that never reached the server (no connection, the server restarting): sent again as new. */
  const resend = useCallback(
    async (m: ViewMessage) => {
      if (busy || m.id || m.role !== 'user') return;
      setLive((list) => list.filter((x) => x.key !== m.key));
      await send(m.content);
    },
    [busy, send],
  );

  const retry = useCallback(
    async (m: ViewMessage) => {
      if (!m.id || busy) return;
      const keys = { question: m.key, answer: `r${++tempSeq}` };
      const now = new Date().toISOString();
      setLive((list) => {
        const has = list.some((x) => x.key === m.key);
        const base = has
          ? list.map((x) => (x.key === m.key ? { ...x, error: null } : x))
          : [...list, { ...m, error: null }];
        return [
          // A part answer from before (interrupted) is replaced by the new one.
          ...base.filter((x) => !(x.role === 'assistant' && (x.streaming || x.replyTo === m.id))),
          {
            key: keys.answer,
            role: 'assistant',
            content: '',
            streaming: true,
            replyTo: m.id,
            createdAt: now,
          },
        ];
      });
      await answer(keys, '/api/v1/chat/messages/{id}/retry/stream', { id: m.id }, undefined);
    },
    [busy, answer],
  );

  /** After a regenerate or edit: the cached history drops the replaced answers (and takes the edited text) at once. */
  const dropReplaced = useCallback(
    (id: string, questionId: string, content: string | undefined) =>
      qc.setQueryData<InfiniteData<Page<ChatMessage>>>(
        chatKeys.messages(id),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p) => ({
              ...p,
              items: p.items
                .filter((m) => !(m.role === 'assistant' && m.metadata.replyTo === questionId))
                .map((m) =>
                  m.id === questionId
                    ? {
                        ...m,
                        content: content ?? m.content,
                        metadata: { ...m.metadata, status: 'answered' as const, error: undefined },
                      }
                    : m,
                ),
            })),
          },
      ),
    [qc],
  );

  /**
   * Regenerate (the latest answer) or edit (the last question): the new answer streams in place of
   * the old one; if it fails or is stopped, the screen shows the conversation as it was (so does
   * the server: nothing changed there).
   */
  const redo = useCallback(
    async (kind: MessageAction['kind'], target: ViewMessage, text?: string): Promise<boolean> => {
      const questionId = kind === 'edit' ? target.id : target.replyTo;
      if (!target.id || !questionId || busy) return false;
      const before = live;
      const isOldAnswer = (m: ViewMessage) => m.role === 'assistant' && m.replyTo === questionId;
      const saved = history.data?.pages.flatMap((p) => p.items).find((m) => m.id === questionId);
      const question = before.find((m) => m.id === questionId) ?? (saved ? fromServer(saved) : undefined);
      if (!question) return false;
      const keys = { question: question.key, answer: `g${++tempSeq}` };
      setAction({ id: target.id, kind, working: true, error: null });
      setLive([
        ...before.filter((m) => !isOldAnswer(m) && m.key !== question.key),
        { ...question, content: text ?? question.content, error: null },
        {
          key: keys.answer,
          role: 'assistant',
          content: '',
          streaming: true,
          replyTo: questionId,
          createdAt: new Date().toISOString(),
        },
      ]);
      const end =
        kind === 'edit'
          ? await streamTurn(
              '/api/v1/chat/messages/{id}/edit/stream',
              { id: target.id },
              { message: text ?? '' },
              keys,
            )
          : await streamTurn(
              '/api/v1/chat/messages/{id}/regenerate/stream',
              { id: target.id },
              undefined,
              keys,
            );
      if ('done' in end) {
        dropReplaced(end.done.sessionId, questionId, text);
        setAction(null);
        // A failure changed nothing on the server, so only a success refreshes the saved copy.
        refreshHistory(end.done.sessionId);
        void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
        return true;
      }
      setLive(before);
      const why = end.failure === 'stopped' ? 'You stopped it.' : end.failure;
      const kept =
        kind === 'edit' ? 'Your question and its answer are unchanged.' : 'Your previous answer is kept.';
      setAction({
        id: target.id,
        kind,
        working: false,
        error: `${kind === 'edit' ? 'Your edit was not sent.' : 'No new answer.'} ${why} ${kept}`,
      });
      return false;
    },
    [busy, live, history.data, streamTurn, refreshHistory, qc, dropReplaced],
  );

  const regenerate = useCallback((answer: ViewMessage) => redo('regenerate', answer), [redo]);
  const edit = useCallback((question: ViewMessage, text: string) => redo('edit', question, text), [redo]);

  return {
    sessionId,
    messages,
    history,
    title,
    busy,
    send,
    stop,
    retry,
    resend,
    regenerate,
    edit,
    action,
    clearAction: () => setAction(null),
  };
}
