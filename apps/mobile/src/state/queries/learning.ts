import {
  CompleteLessonResponse,
  LearningPath,
  LearningPathSummary,
  LessonDetail,
  page,
  type Difficulty,
} from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { profileKeys } from './profile';
import { celebrate } from '@/state/celebrations';

const PathPage = page(LearningPathSummary);

export const learningKeys = {
  all: ['learning-paths'] as const,
  list: () => [...learningKeys.all, 'list'] as const,
  path: (id: string) => [...learningKeys.all, 'path', id] as const,
  lesson: (id: string, lessonId: string) => [...learningKeys.all, 'lesson', id, lessonId] as const,
};

/** GET /api/v1/learning-paths — newest first, keyset-paginated. */
export function useLearningPathsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({
    queryKey: learningKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/learning-paths', { schema: PathPage, query: { cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: session != null,
  });
}

export function useLearningPathQuery(id: string | undefined) {
  return useQuery({
    queryKey: learningKeys.path(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/learning-paths/${id}`, { schema: LearningPath, signal }),
    enabled: !!id,
  });
}

/** The lesson's content is generated on first open (may take a model call), then kept. */
export function useLessonQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({
    queryKey: learningKeys.lesson(id ?? '', lessonId ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/learning-paths/${id}/lessons/${lessonId}`, { schema: LessonDetail, signal }),
    enabled: !!id && !!lessonId,
    staleTime: Infinity,
  });
}

export interface CreatePathInput {
  topic: string;
  difficulty?: Difficulty;
  goal?: string;
  hoursPerWeek?: number;
}

export function useCreatePathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePathInput) => api.post('/api/v1/learning-paths', input, { schema: LearningPath }),
    onSuccess: (path) => {
      qc.setQueryData(learningKeys.path(path.id), path);
      void qc.invalidateQueries({ queryKey: learningKeys.list() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

export function useCompleteLessonMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (lessonId: string) =>
      api.post(`/api/v1/learning-paths/${pathId}/lessons/${lessonId}/complete`, undefined, { schema: CompleteLessonResponse }),
    onSuccess: (result, lessonId) => {
      celebrate(result.milestones, result.pathFinished);
      qc.setQueryData<LearningPath>(learningKeys.path(pathId), (p) => (p ? { ...p, progress: result.progress } : p));
      qc.setQueryData<LessonDetail>(learningKeys.lesson(pathId, lessonId), (l) => (l ? { ...l, completed: true } : l));
      void qc.invalidateQueries({ queryKey: learningKeys.list() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      void qc.invalidateQueries({ queryKey: dashboardKeys.xp });
      void qc.invalidateQueries({ queryKey: profileKeys.all });
    },
  });
}

/** PATCH /api/v1/learning-paths/:id — rename; the path, the list and Home show the new title. */
export function useRenamePathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => api.patch(`/api/v1/learning-paths/${id}`, { title }, { schema: LearningPath }),
    onSuccess: (path) => {
      qc.setQueryData<LearningPath>(learningKeys.path(path.id), path);
      void qc.invalidateQueries({ queryKey: learningKeys.list() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

export function useDeletePathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/learning-paths/${id}`),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: learningKeys.path(id) });
      void qc.invalidateQueries({ queryKey: learningKeys.list() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
