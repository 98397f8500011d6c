import type { ConceptSource, ConceptsPage } from '@chitchat/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { reviewKeys } from './review';
import { STALE } from './options';

export const conceptKeys = {
  all: ['concepts'] as const,
  list: () => [...conceptKeys.all, 'list'] as const,
  concept: (id: string) => [...conceptKeys.all, 'concept', id] as const,
  nextStep: () => [...conceptKeys.all, 'next-step'] as const,
  practice: (conceptId?: string) => [...conceptKeys.all, 'practice', conceptId ?? 'weakest'] as const,
};

export const conceptQueries = {
  /** GET /api/v1/concepts — weakest first (mastery changes with time: read on every open). */
  list: () =>
    infiniteQueryOptions({
      queryKey: conceptKeys.list(),
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          client.GET('/api/v1/concepts', { params: { query: { cursor: pageParam, limit: 50 } }, signal }),
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: ConceptsPage) => last.nextCursor ?? undefined,
      staleTime: STALE.always,
    }),
  /** GET /api/v1/concepts/{id} — with its sources, cards and latest answers. */
  concept: (id: string) =>
    queryOptions({
      queryKey: conceptKeys.concept(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/concepts/{id}', { params: { path: { id } }, signal })),
      staleTime: STALE.always,
    }),
  /** GET /api/v1/concepts/next-step — Home's one best next step and why. */
  nextStep: () =>
    queryOptions({
      queryKey: conceptKeys.nextStep(),
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/concepts/next-step', { signal })),
      staleTime: STALE.always,
    }),
  /** POST /api/v1/concepts/practice — a weak-spots session (fixed once started). */
  practice: (conceptId?: string) =>
    queryOptions({
      queryKey: conceptKeys.practice(conceptId),
      queryFn: ({ signal }) =>
        unwrap(
          client.POST('/api/v1/concepts/practice', {
            body: { limit: 10, ...(conceptId ? { conceptId } : {}) },
            signal,
          }),
        ),
      staleTime: STALE.always,
    }),
};

export function useConceptsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({ ...conceptQueries.list(), enabled: session != null });
}

export function useConceptQuery(id: string | undefined) {
  return useQuery({ ...conceptQueries.concept(id ?? ''), enabled: !!id });
}

export function useNextStepQuery() {
  const { session } = useAuth();
  return useQuery({ ...conceptQueries.nextStep(), enabled: session != null });
}

export function usePracticeQuery(conceptId: string | undefined, enabled: boolean) {
  const { session } = useAuth();
  // The session stays as it started while it is answered.
  return useQuery({
    ...conceptQueries.practice(conceptId),
    enabled: session != null && enabled,
    refetchOnWindowFocus: false,
  });
}

/** POST /api/v1/concepts/cards — cards from a document, a lesson or a chat (nothing new the second time). */
export function useMakeCardsMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (source: ConceptSource) =>
      unwrap(client.POST('/api/v1/concepts/cards', { body: { source } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: conceptKeys.all });
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
