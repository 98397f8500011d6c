import type { Difficulty, LearningPath, LessonDetail } from '@chitchat/contracts';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { profileKeys } from './profile';
import { celebrate } from '@/state/celebrations';
import { pagedQueryOptions, STALE } from './options';

export const learningKeys = {
  all: ['learning-paths'] as const,
  list: () => [...learningKeys.all, 'list'] as const,
  path: (id: string) => [...learningKeys.all, 'path', id] as const,
  lesson: (id: string, lessonId: string) => [...learningKeys.all, 'lesson', id, lessonId] as const,
};

export const learningQueries = {
  /** GET /api/v1/learning-paths — newest first, keyset-paginated. */
  list: () =>
    pagedQueryOptions(learningKeys.list(), (cursor, signal) =>
      unwrap(client.GET('/api/v1/learning-paths', { params: { query: { cursor, limit: 20 } }, signal })),
    ),
  /** A learning path with its lessons and progress. */
  path: (id: string) =>
    queryOptions({
      queryKey: learningKeys.path(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/learning-paths/{id}', { params: { path: { id } }, signal })),
    }),
  /** The lesson's content is generated on first open (may take a model call), then kept. */
  lesson: (id: string, lessonId: string) =>
    queryOptions({
      queryKey: learningKeys.lesson(id, lessonId),
      queryFn: ({ signal }) =>
        unwrap(
          client.GET('/api/v1/learning-paths/{id}/lessons/{lessonId}', {
            params: { path: { id, lessonId } },
            signal,
          }),
        ),
      staleTime: STALE.never,
    }),
};

export function useLearningPathsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({ ...learningQueries.list(), enabled: session != null });
}

export function useLearningPathQuery(id: string | undefined) {
  return useQuery({ ...learningQueries.path(id ?? ''), enabled: !!id });
}

export function useLessonQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({ ...learningQueries.lesson(id ?? '', lessonId ?? ''), enabled: !!id && !!lessonId });
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
    mutationFn: (body: CreatePathInput) => unwrap(client.POST('/api/v1/learning-paths', { body })),
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
      unwrap(
        client.POST('/api/v1/learning-paths/{id}/lessons/{lessonId}/complete', {
          params: { path: { id: pathId, lessonId } },
        }),
      ),
    onSuccess: (result, lessonId) => {
      celebrate(result.milestones, result.pathFinished);
      qc.setQueryData<LearningPath>(learningKeys.path(pathId), (p) =>
        p ? { ...p, progress: result.progress } : p,
      );
      qc.setQueryData<LessonDetail>(learningKeys.lesson(pathId, lessonId), (l) =>
        l ? { ...l, completed: true } : l,
      );
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
    mutationFn: ({ id, title }: { id: string; title: string }) =>
      unwrap(client.PATCH('/api/v1/learning-paths/{id}', { params: { path: { id } }, body: { title } })),
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
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/learning-paths/{id}', { params: { path: { id } } })),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: learningKeys.path(id) });
      void qc.invalidateQueries({ queryKey: learningKeys.list() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
