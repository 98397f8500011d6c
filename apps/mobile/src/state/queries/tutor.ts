import type { Difficulty, EnrollmentDetail } from '@chitchat/contracts';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { celebrate } from '@/state/celebrations';
import { dashboardKeys } from './dashboard';
import { pagedQueryOptions } from './options';
import { profileKeys } from './profile';

export const tutorKeys = {
  all: ['tutor'] as const,
  dashboard: () => [...tutorKeys.all, 'dashboard'] as const,
  profile: () => [...tutorKeys.all, 'profile'] as const,
  paths: () => [...tutorKeys.all, 'paths'] as const,
  catalog: (q?: string) => ['catalog', q ?? ''] as const,
  catalogPath: (id: string) => ['catalog', 'path', id] as const,
  enrollments: () => ['enrollments'] as const,
  enrollment: (id: string) => ['enrollments', id] as const,
  enrollmentLesson: (id: string, lessonId: string) => ['enrollments', id, 'lesson', lessonId] as const,
};

export const tutorQueries = {
  /** GET /api/v1/tutor/dashboard — the tutor's paths, learners and progress. */
  dashboard: () =>
    queryOptions({
      queryKey: tutorKeys.dashboard(),
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/tutor/dashboard', { signal })),
    }),
  /** GET /api/v1/tutor/profile — my tutor profile (headline, about, subjects). */
  profile: () =>
    queryOptions({
      queryKey: tutorKeys.profile(),
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/tutor/profile', { signal })),
    }),
  /** GET /api/v1/catalog/paths — published tutor paths (with whether I'm enrolled). */
  catalog: (q?: string) =>
    pagedQueryOptions(tutorKeys.catalog(q), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/catalog/paths', {
          params: { query: { cursor, limit: 20, q: q || undefined } },
          signal,
        }),
      ),
    ),
  catalogPath: (id: string) =>
    queryOptions({
      queryKey: tutorKeys.catalogPath(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/catalog/paths/{id}', { params: { path: { id } }, signal })),
    }),
  enrollment: (id: string) =>
    queryOptions({
      queryKey: tutorKeys.enrollment(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/enrollments/{id}', { params: { path: { id } }, signal })),
    }),
};

// Tutor side ----------------------------------------------------------------------------------------

export function useBecomeTutorMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { headline: string; bio?: string; subjects?: string[] }) =>
      unwrap(client.POST('/api/v1/tutor/profile', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: profileKeys.all });
      void qc.invalidateQueries({ queryKey: tutorKeys.all });
    },
  });
}

/** My tutor profile; `enabled` once the profile says I am a tutor (a learner has none: 404). */
export function useTutorProfileQuery(enabled: boolean) {
  return useQuery({ ...tutorQueries.profile(), enabled });
}

/** PATCH /api/v1/tutor/profile — edit the headline, about and subjects after becoming a tutor. */
export function useUpdateTutorProfileMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { headline?: string; bio?: string | null; subjects?: string[] }) =>
      unwrap(client.PATCH('/api/v1/tutor/profile', { body })),
    onSuccess: (profile) => {
      qc.setQueryData(tutorKeys.profile(), profile);
      // The catalog shows the tutor's headline beside each path.
      void qc.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
}

export function useTutorDashboardQuery(enabled: boolean) {
  return useQuery({ ...tutorQueries.dashboard(), enabled });
}

export function useGenerateTutorPathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { topic: string; difficulty?: Difficulty; goal?: string }) =>
      unwrap(client.POST('/api/v1/tutor/paths/generate', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tutorKeys.all }),
  });
}

// Learner side --------------------------------------------------------------------------------------

export function useCatalogQuery(q?: string) {
  const { session } = useAuth();
  return useInfiniteQuery({ ...tutorQueries.catalog(q), enabled: session != null });
}

export function useCatalogPathQuery(id: string | undefined) {
  return useQuery({ ...tutorQueries.catalogPath(id ?? ''), enabled: !!id });
}

export function useEnrollMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/v1/catalog/paths/{id}/enroll', { params: { path: { id } } })),
    onSuccess: (e) => {
      qc.setQueryData(tutorKeys.enrollment(e.id), e);
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: tutorKeys.enrollments() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

export function useEnrollmentQuery(id: string | undefined) {
  return useQuery({ ...tutorQueries.enrollment(id ?? ''), enabled: !!id });
}

export function useCompleteEnrollmentLessonMutation(enrollmentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (lessonId: string) =>
      unwrap(
        client.POST('/api/v1/enrollments/{id}/lessons/{lessonId}/complete', {
          params: { path: { id: enrollmentId, lessonId } },
        }),
      ),
    onSuccess: (r) => {
      celebrate(r.milestones, r.pathFinished);
      qc.setQueryData<EnrollmentDetail>(tutorKeys.enrollment(enrollmentId), (e) =>
        e ? { ...e, progress: r.progress } : e,
      );
      void qc.invalidateQueries({ queryKey: tutorKeys.enrollments() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      void qc.invalidateQueries({ queryKey: dashboardKeys.xp });
      void qc.invalidateQueries({ queryKey: profileKeys.all });
    },
  });
}
