import type { EnrollmentLessonDetail } from '@chitchat/contracts';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { pagedQueryOptions, STALE } from './options';
import { tutorKeys } from './tutor';

/**
 * A learner's enrolments in tutors' paths: the paged list, a lesson's full content, leaving.
 * Keys live under tutorKeys.enrollments() (['enrollments', …]) so the tutor hooks' invalidations
 * (enrol, complete a lesson) reach them too.
 */
export const enrollmentKeys = {
  all: tutorKeys.enrollments,
  list: () => [...tutorKeys.enrollments(), 'list'] as const,
  lessonContent: (id: string, lessonId: string) =>
    [...tutorKeys.enrollmentLesson(id, lessonId), 'content'] as const,
};

/** How many enrolments one page of "My enrolments" holds. */
export const ENROLLMENTS_PAGE_SIZE = 10;

export const enrollmentQueries = {
  /** GET /api/v1/enrollments — my enrolments, most recent first, keyset pages. */
  list: () =>
    pagedQueryOptions(enrollmentKeys.list(), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/enrollments', {
          params: { query: { cursor, limit: ENROLLMENTS_PAGE_SIZE } },
          signal,
        }),
      ),
    ),
  /**
   * GET /api/v1/enrollments/:id/lessons/:lessonId/content — the lesson as the learner reads it: the
   * full lesson (explanation, key points, worked example, exercises, summary), written once per
   * revision and shared by the path's learners; without a model, its outline.
   */
  lessonContent: (id: string, lessonId: string) =>
    queryOptions({
      queryKey: enrollmentKeys.lessonContent(id, lessonId),
      queryFn: ({ signal }) =>
        unwrap(
          client.GET('/api/v1/enrollments/{id}/lessons/{lessonId}/content', {
            params: { path: { id, lessonId } },
            signal,
          }),
        ),
      staleTime: STALE.never,
    }),
};

export function useEnrollmentsListQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({ ...enrollmentQueries.list(), enabled: session != null });
}

export function useEnrollmentLessonContentQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({
    ...enrollmentQueries.lessonContent(id ?? '', lessonId ?? ''),
    enabled: !!id && !!lessonId,
  });
}

/** DELETE /api/v1/enrollments/:id — leave a path; its progress is kept should I enrol again. */
export function useLeaveEnrollmentMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/enrollments/{id}', { params: { path: { id } } })),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: tutorKeys.enrollment(id) });
      void qc.invalidateQueries({ queryKey: tutorKeys.enrollments() });
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

/** After completing a lesson (useCompleteEnrollmentLessonMutation), the kept full lesson says so too. */
export function markContentCompleted(qc: ReturnType<typeof useQueryClient>, id: string, lessonId: string) {
  qc.setQueryData<EnrollmentLessonDetail>(enrollmentKeys.lessonContent(id, lessonId), (l) =>
    l ? { ...l, completed: true } : l,
  );
}
