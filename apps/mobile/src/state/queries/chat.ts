import { ChatMessagePage, ChatResponse, ChatSession, ChatSessionPage } from '@chitchat/contracts';
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
      api.get('/api/v1/chat/sessions', { schema: ChatSessionPage, query: { cursor: pageParam, limit: 20 }, signal }),
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
    mutationFn: (messageId: string) => api.post(`/api/v1/chat/messages/${messageId}/retry`, undefined, { schema: ChatResponse }),
  });
}

export function useDeleteSessionMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/chat/sessions/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: chatKeys.sessions() }),
  });
}
