import { ChatStreamEvents } from '@chitchat/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api';
import { postSse } from '@/lib/sse';
import { mergeMessages, type ViewMessage } from '@/state/conversationView';
import { chatKeys, useChatMessagesQuery, useRetryMessageMutation } from '@/state/queries/chat';
import { dashboardKeys } from '@/state/queries/dashboard';

export type { ViewMessage } from '@/state/conversationView';

let tempSeq = 0;

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

  useEffect(() => () => abortRef.current?.abort(), []);

  const messages = useMemo(() => mergeMessages(history.data?.pages.flatMap((p) => p.items) ?? [], live), [history.data, live]);

  // The live messages vanish with this screen: refresh the saved copy after every turn, so the
  // conversation reopens whole (and at once) from the cache.
  const refreshHistory = useCallback((id: string) => void qc.invalidateQueries({ queryKey: chatKeys.messages(id) }), [qc]);

  const patch = (key: string, change: Partial<ViewMessage>) => setLive((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));

  const send = useCallback(
    async (text: string, attachmentIds?: string[]) => {
      if (busy) return;
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
          { message: text, ...(sessionId ? { sessionId } : {}), ...(attachmentIds?.length ? { attachmentIds } : {}) },
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
              patch(botKey, { id: d.message.id, content: d.message.content, streaming: false, citations: d.citations, offline: d.model === 'offline', createdAt: d.message.createdAt });
              if (d.sessionTitle) setTitle(d.sessionTitle);
            } else if (e.event === 'error') {
              failure = ChatStreamEvents.error.parse(data).error.message;
            } else if (e.event === 'title') {
              setTitle(ChatStreamEvents.title.parse(data).title);
            }
          },
          ac.signal,
        );
      } catch (err) {
        if ((err as { name?: string })?.name === 'AbortError') failure = 'stopped';
        else failure = errorMessage(err);
      } finally {
        abortRef.current = null;
        setBusy(false);
      }
      if (failure === 'stopped') {
        // Keep what arrived; the server saved it as interrupted.
        setLive((list) =>
          list
            .map((m) => (m.key === botKey ? { ...m, streaming: false } : m))
            .filter((m) => m.key !== botKey || m.content.length > 0),
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
        return [...base.filter((x) => !(x.role === 'assistant' && x.streaming)), { key: botKey, role: 'assistant', content: '', streaming: true, replyTo: m.id, createdAt: now }];
      });
      setBusy(true);
      retry.mutate(m.id, {
        onSuccess: (r) => {
          patch(botKey, { id: r.messageId, content: r.response, streaming: false, citations: r.citations, offline: r.model === 'offline' });
          if (r.sessionTitle) setTitle(r.sessionTitle);
        },
        onError: (err) => {
          setLive((list) => list.filter((x) => x.key !== botKey).map((x) => (x.key === m.key || x.id === m.id ? { ...x, error: errorMessage(err) } : x)));
        },
        onSettled: () => {
          setBusy(false);
          if (sessionId) refreshHistory(sessionId);
          void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
        },
      });
    },
    [busy, retry, qc, sessionId, refreshHistory],
  );

  return { sessionId, messages, history, title, busy, send, stop, retry: retryMessage };
}
