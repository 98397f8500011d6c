import { AnswerResult, HintResponse, ReviewCard, ReviewDuePage, ReviewStats, type ReviewRating, type ReviewSource } from '@chitchat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { profileKeys } from './profile';
import { celebrate } from '@/state/celebrations';

const Generated = z.object({ items: z.array(ReviewCard) });

export const reviewKeys = {
  all: ['review'] as const,
  due: (filter?: DueFilter) => [...reviewKeys.all, 'due', filter ?? {}] as const,
  stats: () => [...reviewKeys.all, 'stats'] as const,
  next: (filter?: DueFilter) => [...reviewKeys.all, 'next', filter ?? {}] as const,
};

/** One source's cards only (a lesson: sourceType 'lesson', the path's id and the lesson's id). */
export type DueFilter = { sourceType?: ReviewSource['type']; sourceId?: string; lessonId?: string };

/** GET /api/v1/review/due — today's queue (optionally one source's), most overdue first, and when the next card is due. */
export function useDueCardsQuery(filter?: DueFilter) {
  const { session } = useAuth();
  return useQuery({
    queryKey: reviewKeys.due(filter),
    queryFn: ({ signal }) => api.get('/api/v1/review/due', { schema: ReviewDuePage, query: { limit: 50, ...filter }, signal }),
    enabled: session != null,
    // Keep the session's queue stable while answering; refresh when the screen opens again.
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
}

/** The queue read again once a session's cards are done: is anything due again, and when is the next card due. */
export function useNextDueQuery(filter: DueFilter | undefined, enabled: boolean) {
  const { session } = useAuth();
  return useQuery({
    queryKey: reviewKeys.next(filter),
    queryFn: ({ signal }) => api.get('/api/v1/review/due', { schema: ReviewDuePage, query: { limit: 1, ...filter }, signal }),
    enabled: session != null && enabled,
    staleTime: 0,
  });
}

export function useReviewStatsQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: reviewKeys.stats(),
    queryFn: ({ signal }) => api.get('/api/v1/review/stats', { schema: ReviewStats, signal }),
    enabled: session != null,
  });
}

export function useHintMutation() {
  return useMutation({
    mutationFn: (cardId: string) => api.post(`/api/v1/review/cards/${cardId}/hint`, undefined, { schema: HintResponse }),
  });
}

export function useAnswerMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ cardId, answer, rating }: { cardId: string; answer?: string; rating?: ReviewRating }) =>
      api.post(`/api/v1/review/cards/${cardId}/answer`, { ...(answer !== undefined ? { answer } : {}), ...(rating ? { rating } : {}) }, { schema: AnswerResult }),
    onSuccess: (result) => {
      celebrate(result.milestones);
      void qc.invalidateQueries({ queryKey: reviewKeys.stats() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      void qc.invalidateQueries({ queryKey: dashboardKeys.xp });
      void qc.invalidateQueries({ queryKey: profileKeys.all });
    },
  });
}

/** POST /api/v1/review/generate — questions from a lesson, path, document or chat, as cards. */
export function useGenerateReviewMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { source: ReviewSource; count?: number }) => api.post('/api/v1/review/generate', input, { schema: Generated }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
