import type { ChatSession } from '@chitchat/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { pagedQueryOptions, STALE, type Page } from './options';

export const chatKeys = {
  all: ['chat'] as const,
  sessions: () => [...chatKeys.all, 'sessions'] as const,
  session: (id: string) => [...chatKeys.all, 'session', id] as const,
  messages: (id: string) => [...chatKeys.all, 'messages', id] as const,
};

export const chatQueries = {
  /** GET /api/v1/chat/sessions — most recent first, keyset pages. */
  sessions: () =>
    pagedQueryOptions(chatKeys.sessions(), (cursor, signal) =>
      unwrap(client.GET('/api/v1/chat/sessions', { params: { query: { cursor, limit: 20 } }, signal })),
    ),
  session: (id: string) =>
    queryOptions({
      queryKey: chatKeys.session(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/chat/sessions/{id}', { params: { path: { id } }, signal })),
    }),
  /**
   * GET /api/v1/chat/sessions/:id/messages — newest first, older pages as you scroll back. A
   * conversation changes away from this screen (another device, a turn the server settled after
   * the stream closed, one a restart marked failed): show the cached copy, then refresh it.
   */
  messages: (id: string) => ({
    ...pagedQueryOptions(chatKeys.messages(id), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/chat/sessions/{id}/messages', {
          params: { path: { id }, query: { cursor, limit: 30, direction: 'older' } },
          signal,
        }),
      ),
    ),
    staleTime: STALE.always,
  }),
};

export function useChatSessionsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({ ...chatQueries.sessions(), enabled: session != null });
}

export function useChatSessionQuery(id: string | undefined) {
  return useQuery({ ...chatQueries.session(id ?? ''), enabled: !!id });
}

export function useChatMessagesQuery(id: string | undefined) {
  return useInfiniteQuery({ ...chatQueries.messages(id ?? ''), enabled: !!id });
}

type SessionPages = InfiniteData<Page<ChatSession>>;

/** PATCH /api/v1/chat/sessions/:id — rename; the list and the open conversation show it at once. */
export function useRenameSessionMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) =>
      unwrap(client.PATCH('/api/v1/chat/sessions/{id}', { params: { path: { id } }, body: { title } })),
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
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/chat/sessions/{id}', { params: { path: { id } } })),
    onSuccess: (_r, id) => {
      qc.setQueryData<SessionPages>(
        chatKeys.sessions(),
        (d) =>
          d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== id) })) },
      );
      qc.removeQueries({ queryKey: chatKeys.session(id) });
      qc.removeQueries({ queryKey: chatKeys.messages(id) });
      void qc.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}

/** PUT /api/v1/chat/sessions/:id/socratic — Socratic mode on or off for one conversation (409 when its tutor requires it). */
export function useSetSocraticMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      unwrap(
        client.PUT('/api/v1/chat/sessions/{id}/socratic', { params: { path: { id } }, body: { enabled } }),
      ),
    onSuccess: (s) => qc.setQueryData(chatKeys.session(s.id), s),
  });
}
