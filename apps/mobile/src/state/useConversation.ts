import { ChatStreamEvents, type ChatMessage, type ChatResponse } from '@chitchat/contracts';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { learnerError } from '@/lib/learnerError';
import { ApiError } from '@/lib/api';
import { postSse } from '@/lib/sse';
import { mergeMessages, type ViewMessage } from '@/state/conversationView';
import { chatKeys, useChatMessagesQuery, useEditMessageMutation, useRegenerateMutation, useRetryMessageMutation } from '@/state/queries/chat';
import { dashboardKeys } from '@/state/queries/dashboard';

export type { ViewMessage } from '@/state/conversationView';

let tempSeq = 0;

type MessagePages = InfiniteData<{ items: ChatMessage[]; nextCursor: string | null }>;

/** A regenerate or edit on one message (by server id): under way, or failed with a reason. */
export interface MessageAction {
  id: string;
  kind: 'regenerate' | 'edit';
  working: boolean;
  error: string | null;
}

/**
 * One conversation: history from the API, sending with an optimistic user message, the answer
 * streamed token by token over SSE, stop (cancels the model call; the partial answer is kept)
 * and retry of a failed message.
 */
export function useConversation(initialSessionId: string | undefined, onSessionCreated?: (id: string) => void) {
  const qc = useQueryClient();
  const [sessionId, setSessionId] = useState(initialSessionId);
  const history = useChatMessagesQuery(sessionId);
  const [live, setLive] = useState<ViewMessage[]>([]);
  const [title, setTitle] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const retry = useRetryMessageMutation();
  const regen = useRegenerateMutation();
  const editMutation = useEditMessageMutation();
  const [action, setAction] = useState<MessageAction | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const messages = useMemo(() => mergeMessages(history.data?.pages.flatMap((p) => p.items) ?? [], live), [history.data, live]);

  // The live messages vanish with this screen: refresh the saved copy after every turn, so the
  // conversation reopens whole (and at once) from the cache.
  const refreshHistory = useCallback((id: string) => void qc.invalidateQueries({ queryKey: chatKeys.messages(id) }), [qc]);

  const patch = (key: string, change: Partial<ViewMessage>) => setLive((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));

  const send = useCallback(
    async (text: string, attachmentIds?: string[]) => {
      if (busy) return;
      setAction(null);
      const userKey = `u${++tempSeq}`;
      const botKey = `a${tempSeq}`;
      const now = new Date().toISOString();
      setLive((list) => [
        ...list,
        { key: userKey, role: 'user', content: text, createdAt: now },
        { key: botKey, role: 'assistant', content: '', streaming: true, createdAt: now },
      ]);
      setBusy(true);
      const ac = new AbortController();
      abortRef.current = ac;
      let gotDone = false;
      let failure: string | null = null;
      let savedIn = sessionId;
      try {
        await postSse(
          '/api/v1/chat/stream',
          {
            message: text,
            ...(sessionId ? { sessionId } : {}),
            ...(attachmentIds?.length ? { attachmentIds } : {}),
          },
          (e) => {
            const data: unknown = JSON.parse(e.data);
            if (e.event === 'message') {
              const m = ChatStreamEvents.message.parse(data);
              patch(userKey, { id: m.id });
              patch(botKey, { replyTo: m.id });
              savedIn = m.sessionId;
              if (!sessionId) {
                setSessionId(m.sessionId);
                onSessionCreated?.(m.sessionId);
              }
            } else if (e.event === 'delta') {
              const { text: piece } = ChatStreamEvents.delta.parse(data);
              setLive((list) => list.map((m) => (m.key === botKey ? { ...m, content: m.content + piece } : m)));
            } else if (e.event === 'done') {
              const d = ChatStreamEvents.done.parse(data);
              gotDone = true;
              patch(botKey, {
                id: d.message.id,
                content: d.message.content,
                streaming: false,
                citations: d.citations,
                offline: d.model === 'offline',
                createdAt: d.message.createdAt,
              });
              if (d.sessionTitle) setTitle(d.sessionTitle);
            } else if (e.event === 'error') {
              const { error } = ChatStreamEvents.error.parse(data);
              failure = learnerError(new ApiError(502, error.code, error.message));
            } else if (e.event === 'title') {
              setTitle(ChatStreamEvents.title.parse(data).title);
            }
          },
          ac.signal,
        );
      } catch (err) {
        if ((err as { name?: string })?.name === 'AbortError') failure = 'stopped';
        else
          failure = learnerError(err, {
            notFound: 'This conversation is no longer here — it may have been deleted on another device.',
          });
      } finally {
        abortRef.current = null;
        setBusy(false);
      }
      if (failure === 'stopped') {
        // Keep what arrived; the server saved it as interrupted.
        setLive((list) =>
          list.map((m) => (m.key === botKey ? { ...m, streaming: false, stopped: true } : m)).filter((m) => m.key !== botKey || m.content.length > 0),
        );
        patch(userKey, { error: 'You stopped this answer.' });
      } else if (failure || !gotDone) {
        setLive((list) => list.filter((m) => m.key !== botKey));
        patch(userKey, { error: failure ?? 'The answer was cut off.' });
      }
      if (savedIn) refreshHistory(savedIn);
      void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
    [busy, sessionId, onSessionCreated, qc, refreshHistory],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const retryMessage = useCallback(
    (m: ViewMessage) => {
      if (!m.id || busy) return;
      const botKey = `r${++tempSeq}`;
      const now = new Date().toISOString();
      setLive((list) => {
        const has = list.some((x) => x.key === m.key);
        const base = has ? list.map((x) => (x.key === m.key ? { ...x, error: null } : x)) : [...list, { ...m, error: null }];
        return [
          ...base.filter((x) => !(x.role === 'assistant' && x.streaming)),
          { key: botKey, role: 'assistant', content: '', streaming: true, replyTo: m.id, createdAt: now },
        ];
      });
      setBusy(true);
      // Stop cancels a retry as it does a streamed answer.
      const ac = new AbortController();
      abortRef.current = ac;
      retry.mutate(
        { id: m.id, signal: ac.signal },
        {
          onSuccess: (r) => {
            patch(botKey, {
              id: r.messageId,
              content: r.response,
              streaming: false,
              citations: r.citations,
              offline: r.model === 'offline',
            });
            if (r.sessionTitle) setTitle(r.sessionTitle);
          },
          onError: (err) => {
            setLive((list) =>
              list
                .filter((x) => x.key !== botKey)
                .map((x) =>
                  x.key === m.key || x.id === m.id
                    ? {
                        ...x,
                        error: (err as { name?: string })?.name === 'AbortError' ? 'You stopped this answer.' : learnerError(err),
                      }
                    : x,
                ),
            );
          },
          onSettled: () => {
            abortRef.current = null;
            setBusy(false);
            if (sessionId) refreshHistory(sessionId);
            void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
          },
        },
      );
    },
    [busy, retry, qc, sessionId, refreshHistory],
  );

  /**
   * The new answer to `questionId` is saved (and, for an edit, its new text): the screen's copy and
   * the cached history drop the old answers and show the new one at once.
   */
  const applyRedo = useCallback(
    (questionId: string, content: string | undefined, r: ChatResponse) => {
      const isOld = (role: string, replyTo: string | undefined) => role === 'assistant' && replyTo === questionId;
      qc.setQueryData<MessagePages>(
        chatKeys.messages(r.sessionId),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p) => ({
              ...p,
              items: p.items
                .filter((m) => !isOld(m.role, m.metadata.replyTo))
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
      );
      setLive((list) => [
        ...list.filter((m) => !isOld(m.role, m.replyTo)).map((m) => (m.id === questionId ? { ...m, content: content ?? m.content, error: null } : m)),
        {
          key: `g${++tempSeq}`,
          id: r.messageId,
          role: 'assistant',
          content: r.response,
          citations: r.citations,
          replyTo: questionId,
          offline: r.model === 'offline',
          createdAt: r.timestamp,
        },
      ]);
      if (r.sessionTitle) setTitle(r.sessionTitle);
    },
    [qc],
  );

  /** Regenerate (the latest answer) or edit (the last question): Stop cancels it and nothing changes. */
  const redo = useCallback(
    async (kind: MessageAction['kind'], target: ViewMessage, text?: string): Promise<boolean> => {
      const questionId = kind === 'edit' ? target.id : target.replyTo;
      if (!target.id || !questionId || busy) return false;
      const ac = new AbortController();
      abortRef.current = ac;
      setBusy(true);
      setAction({ id: target.id, kind, working: true, error: null });
      try {
        const r =
          kind === 'edit'
            ? await editMutation.mutateAsync({ id: target.id, message: text ?? '', signal: ac.signal })
            : await regen.mutateAsync({ id: target.id, signal: ac.signal });
        applyRedo(questionId, kind === 'edit' ? text : undefined, r);
        setAction(null);
        // A failure changed nothing on the server, so only a success refreshes the saved copy.
        refreshHistory(r.sessionId);
        void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
        return true;
      } catch (err) {
        const stopped = (err as { name?: string })?.name === 'AbortError';
        const why = stopped
          ? 'You stopped it.'
          : learnerError(err, {
              notFound: 'This message is no longer here — the conversation changed, perhaps on another device.',
            });
        const kept = kind === 'edit' ? 'Your question and its answer are unchanged.' : 'Your previous answer is kept.';
        setAction({
          id: target.id,
          kind,
          working: false,
          error: `${kind === 'edit' ? 'Your edit was not sent.' : 'No new answer.'} ${why} ${kept}`,
        });
        return false;
      } finally {
        abortRef.current = null;
        setBusy(false);
      }
    },
    [busy, editMutation, regen, applyRedo, refreshHistory, qc],
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
    retry: retryMessage,
    regenerate,
    edit,
    action,
    clearAction: () => setAction(null),
  };
}
