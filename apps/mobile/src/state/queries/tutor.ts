import {
  CatalogPath,
  CatalogPathDetail,
  CompleteLessonResponse,
  Enrollment,
  EnrollmentDetail,
  EnrollmentLesson,
  TutorDashboard,
  TutorPath,
  TutorPathSummary,
  TutorProfile,
  page,
  type Difficulty,
} from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { profileKeys } from './profile';
import { celebrate } from '@/state/celebrations';

const CatalogPage = page(CatalogPath);
const TutorPathPage = page(TutorPathSummary);
const EnrollmentPage = page(Enrollment);

export const tutorKeys = {
  all: ['tutor'] as const,
  dashboard: () => [...tutorKeys.all, 'dashboard'] as const,
  paths: () => [...tutorKeys.all, 'paths'] as const,
  catalog: (q?: string) => ['catalog', q ?? ''] as const,
  catalogPath: (id: string) => ['catalog', 'path', id] as const,
  enrollments: () => ['enrollments'] as const,
  enrollment: (id: string) => ['enrollments', id] as const,
  enrollmentLesson: (id: string, lessonId: string) => ['enrollments', id, 'lesson', lessonId] as const,
};

// Tutor side ----------------------------------------------------------------------------------------

export function useBecomeTutorMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { headline: string; bio?: string; subjects?: string[] }) => api.post('/api/v1/tutor/profile', body, { schema: TutorProfile }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: profileKeys.all });
      void qc.invalidateQueries({ queryKey: tutorKeys.all });
    },
  });
}

export function useTutorDashboardQuery(enabled: boolean) {
  return useQuery({
    queryKey: tutorKeys.dashboard(),
    queryFn: ({ signal }) => api.get('/api/v1/tutor/dashboard', { schema: TutorDashboard, signal }),
    enabled,
  });
}

export function useTutorPathsQuery(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: tutorKeys.paths(),
    queryFn: ({ pageParam, signal }) => api.get('/api/v1/tutor/paths', { schema: TutorPathPage, query: { cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useGenerateTutorPathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { topic: string; difficulty?: Difficulty; goal?: string }) => api.post('/api/v1/tutor/paths/generate', body, { schema: TutorPath }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tutorKeys.all }),
  });
}

export function usePublishTutorPathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/tutor/paths/${id}/publish`, undefined, { schema: TutorPath }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tutorKeys.all });
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: ['discover'] });
    },
  });
}

// Learner side --------------------------------------------------------------------------------------

/** GET /api/v1/catalog/paths — published tutor paths (with whether I'm enrolled). */
export function useCatalogQuery(q?: string) {
  const { session } = useAuth();
  return useInfiniteQuery({
    queryKey: tutorKeys.catalog(q),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/catalog/paths', { schema: CatalogPage, query: { cursor: pageParam, limit: 20, q: q || undefined }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: session != null,
  });
}

export function useCatalogPathQuery(id: string | undefined) {
  return useQuery({
    queryKey: tutorKeys.catalogPath(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/catalog/paths/${id}`, { schema: CatalogPathDetail, signal }),
    enabled: !!id,
  });
}

export function useEnrollMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pathId: string) => api.post(`/api/v1/catalog/paths/${pathId}/enroll`, undefined, { schema: EnrollmentDetail }),
    onSuccess: (e) => {
      qc.setQueryData(tutorKeys.enrollment(e.id), e);
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: tutorKeys.enrollments() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

export function useEnrollmentsQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: tutorKeys.enrollments(),
    queryFn: ({ signal }) => api.get('/api/v1/enrollments', { schema: EnrollmentPage, query: { limit: 50 }, signal }),
    enabled: session != null,
  });
}

export function useEnrollmentQuery(id: string | undefined) {
  return useQuery({
    queryKey: tutorKeys.enrollment(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/enrollments/${id}`, { schema: EnrollmentDetail, signal }),
    enabled: !!id,
  });
}

export function useEnrollmentLessonQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({
    queryKey: tutorKeys.enrollmentLesson(id ?? '', lessonId ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/enrollments/${id}/lessons/${lessonId}`, { schema: EnrollmentLesson, signal }),
    enabled: !!id && !!lessonId,
  });
}

export function useCompleteEnrollmentLessonMutation(enrollmentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (lessonId: string) =>
      api.post(`/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/complete`, undefined, { schema: CompleteLessonResponse }),
    onSuccess: (r, lessonId) => {
      celebrate(r.milestones, r.pathFinished);
      qc.setQueryData<EnrollmentDetail>(tutorKeys.enrollment(enrollmentId), (e) => (e ? { ...e, progress: r.progress } : e));
      qc.setQueryData<EnrollmentLesson>(tutorKeys.enrollmentLesson(enrollmentId, lessonId), (l) => (l ? { ...l, completed: true } : l));
      void qc.invalidateQueries({ queryKey: tutorKeys.enrollments() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      void qc.invalidateQueries({ queryKey: dashboardKeys.xp });
      void qc.invalidateQueries({ queryKey: profileKeys.all });
    },
  });
}
