// A tutor managing their own paths: one path with its lessons, its learners (public names), a
// lesson previewed as learners see it, and the edits and lifecycle steps (edit a lesson or the
// path's details, publish, archive, delete a draft). Keys sit under tutorKeys.all, so every tutor
// mutation refreshes the dashboard and the lists with one invalidation.
import {
  page,
  PathLearner,
  TutorLessonPreview,
  TutorPath,
  TutorPathSummary,
  type Difficulty,
  type TutorPathStatus,
} from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { tutorKeys } from './tutor';

const TutorPathPage = page(TutorPathSummary);
const LearnerPage = page(PathLearner);

export const tutorPathKeys = {
  list: (status: TutorPathStatus) => [...tutorKeys.paths(), 'list', status] as const,
  path: (id: string) => [...tutorKeys.paths(), 'one', id] as const,
  learners: (id: string) => [...tutorKeys.paths(), 'one', id, 'learners'] as const,
  preview: (id: string, lessonId: string) => [...tutorKeys.paths(), 'one', id, 'preview', lessonId] as const,
};

/** My paths of one status (drafts, published or archived), newest first, page by page. */
export function useTutorPathListQuery(status: TutorPathStatus, enabled = true) {
  return useInfiniteQuery({
    queryKey: tutorPathKeys.list(status),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/tutor/paths', { schema: TutorPathPage, query: { cursor: pageParam, limit: 20, status }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** One of my paths with its lessons (404 for anyone else's). */
export function useTutorPathQuery(id: string | undefined) {
  return useQuery({
    queryKey: tutorPathKeys.path(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/tutor/paths/${id}`, { schema: TutorPath, signal }),
    enabled: !!id,
  });
}

/** The learners currently enrolled in one of my paths (public display name, progress). */
export function useTutorPathLearnersQuery(id: string | undefined, enabled = true) {
  return useInfiniteQuery({
    queryKey: tutorPathKeys.learners(id ?? ''),
    queryFn: ({ pageParam, signal }) =>
      api.get(`/api/v1/tutor/paths/${id}/learners`, { schema: LearnerPage, query: { cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id && enabled,
  });
}

/** A lesson of my path as its learners see it (the kept full lesson, or its outline). */
export function useTutorLessonPreviewQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({
    queryKey: tutorPathKeys.preview(id ?? '', lessonId ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/tutor/paths/${id}/lessons/${lessonId}/preview`, { schema: TutorLessonPreview, signal }),
    enabled: !!id && !!lessonId,
  });
}

/** After any change to a path: the path itself from the reply, everything else of the tutor's read again. */
function settled(qc: QueryClient, path?: TutorPath) {
  if (path) qc.setQueryData(tutorPathKeys.path(path.id), path);
  void qc.invalidateQueries({ queryKey: tutorKeys.all });
}

/** Learners see a path's status change in the catalog and Discover. */
function catalogChanged(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['catalog'] });
  void qc.invalidateQueries({ queryKey: ['discover'] });
}

export interface LessonEdit {
  title?: string;
  objectives?: string[];
  outline?: string[];
  exercises?: string[];
  estimatedMinutes?: number;
  difficulty?: Difficulty;
}

export function useUpdateTutorLessonMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ lessonId, edit }: { lessonId: string; edit: LessonEdit }) =>
      api.patch(`/api/v1/tutor/paths/${pathId}/lessons/${lessonId}`, edit, { schema: TutorPath }),
    onSuccess: (path) => {
      settled(qc, path);
      catalogChanged(qc);
    },
  });
}

export interface PathDetailsEdit {
  title?: string;
  description?: string | null;
  objectives?: string[];
}

export function useUpdateTutorPathMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (edit: PathDetailsEdit) => api.patch(`/api/v1/tutor/paths/${pathId}`, edit, { schema: TutorPath }),
    onSuccess: (path) => {
      settled(qc, path);
      catalogChanged(qc);
    },
  });
}

/** Draft or archived → published. */
export function usePublishPathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/tutor/paths/${id}/publish`, undefined, { schema: TutorPath }),
    onSuccess: (path) => {
      settled(qc, path);
      catalogChanged(qc);
    },
  });
}

/** Published → archived: gone from the catalog; enrolled learners keep it. */
export function useArchivePathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/tutor/paths/${id}/archive`, undefined, { schema: TutorPath }),
    onSuccess: (path) => {
      settled(qc, path);
      catalogChanged(qc);
    },
  });
}

/** Deletes a draft (a path that was published is archived instead: the server answers 409). */
export function useDeleteDraftMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/tutor/paths/${id}`),
    onSuccess: (_r, id) => {
      // Not the deleted path's own queries: its screen is still open until it navigates away.
      const gone = tutorPathKeys.path(id);
      void qc.invalidateQueries({ queryKey: tutorKeys.all, predicate: (q) => !gone.every((k, i) => q.queryKey[i] === k) });
    },
  });
}
