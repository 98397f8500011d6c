import { ChatMessagePage, ChatResponse, ChatSession, ChatSessionPage, type ChatSession as ChatSessionT } from '@chitchat/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';

export const chatKeys = {
  all: ['chat'] as const,
  sessions: () => [...chatKeys.all, 'sessions'] as const,
  session: (id: string) => [...chatKeys.all, 'session', id] as const,
  messages: (id: string) => [...chatKeys.all, 'messages', id] as const,
};

/** GET /api/v1/chat/sessions — most recent first, keyset pages. */
export function useChatSessionsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({
    queryKey: chatKeys.sessions(),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/chat/sessions', {
        schema: ChatSessionPage,
        query: { cursor: pageParam, limit: 20 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: session != null,
  });
}

export function useChatSessionQuery(id: string | undefined) {
  return useQuery({
    queryKey: chatKeys.session(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/chat/sessions/${id}`, { schema: ChatSession, signal }),
    enabled: !!id,
  });
}

/** GET /api/v1/chat/sessions/:id/messages — newest first, older pages as you scroll back. */
export function useChatMessagesQuery(id: string | undefined) {
  return useInfiniteQuery({
    queryKey: chatKeys.messages(id ?? ''),
    queryFn: ({ pageParam, signal }) =>
      api.get(`/api/v1/chat/sessions/${id}/messages`, {
        schema: ChatMessagePage,
        query: { cursor: pageParam, limit: 30, direction: 'older' },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id,
    // A conversation changes away from this screen (another device, a turn the server settled
    // after the stream closed, one a restart marked failed): show the cached copy, then refresh it.
    staleTime: 0,
  });
}

/** POST /api/v1/chat/messages/:id/retry — answer a failed or interrupted message again. */
export function useRetryMessageMutation() {
  return useMutation({
    mutationFn: ({ id, signal }: { id: string; signal?: AbortSignal }) =>
      api.post(`/api/v1/chat/messages/${id}/retry`, undefined, { schema: ChatResponse, signal }),
  });
}

/** POST /api/v1/chat/messages/:id/regenerate — write the latest answer again (the old one stays if this fails). */
export function useRegenerateMutation() {
  return useMutation({
    mutationFn: ({ id, signal }: { id: string; signal?: AbortSignal }) =>
      api.post(`/api/v1/chat/messages/${id}/regenerate`, undefined, { schema: ChatResponse, signal }),
  });
}

/** POST /api/v1/chat/messages/:id/edit — new text for the last question, answered again (nothing changes if this fails). */
export function useEditMessageMutation() {
  return useMutation({
    mutationFn: ({ id, message, signal }: { id: string; message: string; signal?: AbortSignal }) =>
      api.post(`/api/v1/chat/messages/${id}/edit`, { message }, { schema: ChatResponse, signal }),
  });
}

type SessionPages = InfiniteData<{ items: ChatSessionT[]; nextCursor: string | null }>;

/** PATCH /api/v1/chat/sessions/:id — rename; the list and the open conversation show it at once. */
export function useRenameSessionMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => api.patch(`/api/v1/chat/sessions/${id}`, { title }, { schema: ChatSession }),
    onSuccess: (s) => {
      qc.setQueryData<SessionPages>(
        chatKeys.sessions(),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === s.id ? s : x)) })),
          },
      );
      qc.setQueryData(chatKeys.session(s.id), s);
      void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}

/** DELETE /api/v1/chat/sessions/:id — the conversation and its messages leave the list and the cache. */
export function useDeleteSessionMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/chat/sessions/${id}`),
    onSuccess: (_r, id) => {
      qc.setQueryData<SessionPages>(
        chatKeys.sessions(),
        (d) => d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== id) })) },
      );
      qc.removeQueries({ queryKey: chatKeys.session(id) });
      qc.removeQueries({ queryKey: chatKeys.messages(id) });
      void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}
