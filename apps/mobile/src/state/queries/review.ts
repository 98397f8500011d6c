import type { ReviewRating, ReviewSource } from '@chitchat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as DocumentPicker from 'expo-document-picker';
import { client, unwrap } from '@/lib/api';
import { downloadFile } from '@/lib/download';
import { importCards } from '@/lib/upload';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { profileKeys } from './profile';
import { celebrate } from '@/state/celebrations';
import { STALE } from './options';

export const reviewKeys = {
  all: ['review'] as const,
  due: (filter?: DueFilter) => [...reviewKeys.all, 'due', filter ?? {}] as const,
  stats: () => [...reviewKeys.all, 'stats'] as const,
  workload: (retention?: number) => [...reviewKeys.all, 'workload', retention ?? 'mine'] as const,
  next: (filter?: DueFilter) => [...reviewKeys.all, 'next', filter ?? {}] as const,
};

/** One source's cards only (a lesson: sourceType 'lesson', the path's id and the lesson's id). */
export type DueFilter = { sourceType?: ReviewSource['type']; sourceId?: string; lessonId?: string };

const dueCards = (filter: DueFilter | undefined, limit: number, signal: AbortSignal) =>
  unwrap(client.GET('/api/v1/review/due', { params: { query: { limit, ...filter } }, signal }));

export const reviewQueries = {
  /** GET /api/v1/review/due — today's queue (optionally one source's), most overdue first, and when the next card is due. */
  due: (filter?: DueFilter) =>
    queryOptions({
      queryKey: reviewKeys.due(filter),
      queryFn: ({ signal }) => dueCards(filter, 50, signal),
      staleTime: STALE.always,
    }),
  /** The queue read again once a session's cards are done: is anything due again, and when is the next card due. */
  next: (filter?: DueFilter) =>
    queryOptions({
      queryKey: reviewKeys.next(filter),
      queryFn: ({ signal }) => dueCards(filter, 1, signal),
      staleTime: STALE.always,
    }),
  /** GET /api/v1/review/stats */
  stats: () =>
    queryOptions({
      queryKey: reviewKeys.stats(),
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/review/stats', { signal })),
    }),
  /** GET /api/v1/review/workload — reviews a day over the next 30 days at a desired retention, and whether the schedule is personalised. */
  workload: (retention?: number) =>
    queryOptions({
      queryKey: reviewKeys.workload(retention),
      queryFn: ({ signal }) =>
        unwrap(
          client.GET('/api/v1/review/workload', {
            params: { query: retention === undefined ? {} : { retention } },
            signal,
          }),
        ),
      staleTime: STALE.always,
    }),
};

export function useWorkloadQuery(retention?: number) {
  const { session } = useAuth();
  // The previous estimate stays on screen while the next choice's is computed.
  return useQuery({
    ...reviewQueries.workload(retention),
    enabled: session != null,
    placeholderData: (previous) => previous,
  });
}

export function useDueCardsQuery(filter?: DueFilter, enabled = true) {
  const { session } = useAuth();
  // Keep the session's queue stable while answering; refresh when the screen opens again.
  return useQuery({
    ...reviewQueries.due(filter),
    enabled: session != null && enabled,
    refetchOnWindowFocus: false,
  });
}

export function useNextDueQuery(filter: DueFilter | undefined, enabled: boolean) {
  const { session } = useAuth();
  return useQuery({ ...reviewQueries.next(filter), enabled: session != null && enabled });
}

export function useReviewStatsQuery() {
  const { session } = useAuth();
  return useQuery({ ...reviewQueries.stats(), enabled: session != null });
}

export function useHintMutation() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/v1/review/cards/{id}/hint', { params: { path: { id } } })),
  });
}

export function useAnswerMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ cardId, answer, rating }: { cardId: string; answer?: string; rating?: ReviewRating }) =>
      unwrap(
        client.POST('/api/v1/review/cards/{id}/answer', {
          params: { path: { id: cardId } },
          body: { ...(answer !== undefined ? { answer } : {}), ...(rating ? { rating } : {}) },
        }),
      ),
    onSuccess: (result) => {
      celebrate(result.milestones);
      void qc.invalidateQueries({ queryKey: reviewKeys.stats() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      void qc.invalidateQueries({ queryKey: dashboardKeys.xp });
      // Mastery moves with every answer (conceptKeys.all; not imported: concepts.ts imports this file);
      // a practice session being answered keeps its cards (a refetch would swap the card on screen).
      void qc.invalidateQueries({ queryKey: ['concepts'], predicate: (q) => q.queryKey[1] !== 'practice' });
      void qc.invalidateQueries({ queryKey: profileKeys.all });
    },
  });
}

/** POST /api/v1/review/generate — questions from a lesson, path, document or chat, as cards. */
export function useGenerateReviewMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { source: ReviewSource; count?: number }) =>
      unwrap(client.POST('/api/v1/review/generate', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

/** GET /api/v1/review/export/apkg|csv — all my cards, saved (web) or shared (phone). Resolves with the file name. */
export function useExportCardsMutation() {
  return useMutation({
    mutationFn: (format: 'apkg' | 'csv') =>
      format === 'apkg'
        ? downloadFile('/api/v1/review/export/apkg', 'chitchat-cards.apkg')
        : downloadFile('/api/v1/review/export/csv', 'chitchat-cards.csv'),
  });
}

/**
 * Picks a CSV or Anki .apkg file and imports its notes into my deck (POST /api/v1/review/import).
 * Resolves with null when the learner closed the picker.
 */
export function useImportCardsMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const picked = await DocumentPicker.getDocumentAsync({ multiple: false, copyToCacheDirectory: true });
      if (picked.canceled || !picked.assets?.length) return null;
      const a = picked.assets[0]!;
      return importCards({
        name: a.name,
        mimeType: a.mimeType ?? 'application/octet-stream',
        size: a.size,
        uri: a.uri,
        file: a.file,
      });
    },
    onSuccess: (r) => {
      if (!r) return;
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
