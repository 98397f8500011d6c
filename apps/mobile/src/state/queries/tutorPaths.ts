// A tutor managing their own paths: one path with its lessons, its learners (public names), a
// lesson previewed as learners see it, and the edits and lifecycle steps (edit a lesson or the
// path's details, publish, archive, delete a draft). Keys sit under tutorKeys.all, so every tutor
// mutation refreshes the dashboard and the lists with one invalidation. Calls go through the
// typed client: a change to these endpoints' shapes breaks the app's type check.
import type { Difficulty, TutorLessonInput, TutorPath, TutorPathStatus } from '@chitchat/contracts';
import {
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { pagedQueryOptions, STALE } from './options';
import { tutorKeys } from './tutor';

const PAGE_SIZE = 20;

export const tutorPathKeys = {
  list: (status: TutorPathStatus) => [...tutorKeys.paths(), 'list', status] as const,
  path: (id: string) => [...tutorKeys.paths(), 'one', id] as const,
  learners: (id: string) => [...tutorKeys.paths(), 'one', id, 'learners'] as const,
  preview: (id: string, lessonId: string) => [...tutorKeys.paths(), 'one', id, 'preview', lessonId] as const,
};

export const tutorPathQueries = {
  /** GET /api/v1/tutor/paths?status= — my paths of one status, newest first, page by page. */
  list: (status: TutorPathStatus) =>
    pagedQueryOptions(tutorPathKeys.list(status), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/tutor/paths', {
          params: { query: { cursor, limit: PAGE_SIZE, status } },
          signal,
        }),
      ),
    ),
  /** GET /api/v1/tutor/paths/:id — one of my paths with its lessons (404 for anyone else's). */
  one: (id: string) =>
    queryOptions({
      queryKey: tutorPathKeys.path(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/tutor/paths/{id}', { params: { path: { id } }, signal })),
      staleTime: STALE.always,
    }),
  /** GET /api/v1/tutor/paths/:id/learners — learners enrolled now (public display name, progress). */
  learners: (id: string) =>
    pagedQueryOptions(tutorPathKeys.learners(id), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/tutor/paths/{id}/learners', {
          params: { path: { id }, query: { cursor, limit: PAGE_SIZE } },
          signal,
        }),
      ),
    ),
  /** GET /api/v1/tutor/paths/:id/lessons/:lessonId/preview — the lesson as its learners see it. */
  preview: (id: string, lessonId: string) =>
    queryOptions({
      queryKey: tutorPathKeys.preview(id, lessonId),
      queryFn: ({ signal }) =>
        unwrap(
          client.GET('/api/v1/tutor/paths/{id}/lessons/{lessonId}/preview', {
            params: { path: { id, lessonId } },
            signal,
          }),
        ),
      staleTime: STALE.always,
    }),
};

export function useTutorPathListQuery(status: TutorPathStatus, enabled = true) {
  return useInfiniteQuery({ ...tutorPathQueries.list(status), enabled });
}

export function useTutorPathQuery(id: string | undefined) {
  return useQuery({ ...tutorPathQueries.one(id ?? ''), enabled: !!id });
}

export function useTutorPathLearnersQuery(id: string | undefined, enabled = true) {
  return useInfiniteQuery({ ...tutorPathQueries.learners(id ?? ''), enabled: !!id && enabled });
}

export function useTutorLessonPreviewQuery(id: string | undefined, lessonId: string | undefined) {
  return useQuery({ ...tutorPathQueries.preview(id ?? '', lessonId ?? ''), enabled: !!id && !!lessonId });
}

/** After any change to a path: the path itself from the reply, everything else of the tutor's read again. */
function settled(qc: QueryClient, path: TutorPath) {
  qc.setQueryData(tutorPathKeys.path(path.id), path);
  void qc.invalidateQueries({ queryKey: tutorKeys.all });
  // Learners see a path's changes in the catalog and Discover.
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

/** PATCH /api/v1/tutor/paths/:id/lessons/:lessonId — only the fields sent change; the lesson keeps its id. */
export function useUpdateTutorLessonMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ lessonId, edit }: { lessonId: string; edit: LessonEdit }) =>
      unwrap(
        client.PATCH('/api/v1/tutor/paths/{id}/lessons/{lessonId}', {
          params: { path: { id: pathId, lessonId } },
          body: edit,
        }),
      ),
    onSuccess: (path) => settled(qc, path),
  });
}

export interface PathDetailsEdit {
  title?: string;
  description?: string | null;
  objectives?: string[];
  requireSocratic?: boolean;
}

/**
 * PATCH /api/v1/tutor/paths/:id { lessons } — the whole ordered list: lessons with an id keep it
 * (and learners' progress), one without is added, one left out is removed. Adding, moving and
 * removing lessons all go through here.
 */
export function useReviseLessonsMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (lessons: TutorLessonInput[]) =>
      unwrap(
        client.PATCH('/api/v1/tutor/paths/{id}', { params: { path: { id: pathId } }, body: { lessons } }),
      ),
    onSuccess: (path) => settled(qc, path),
  });
}

/** PATCH /api/v1/tutor/paths/:id — the path's title, summary and objectives. */
export function useUpdateTutorPathMutation(pathId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (edit: PathDetailsEdit) =>
      unwrap(client.PATCH('/api/v1/tutor/paths/{id}', { params: { path: { id: pathId } }, body: edit })),
    onSuccess: (path) => settled(qc, path),
  });
}

/** POST /api/v1/tutor/paths/:id/publish — draft or archived → published. */
export function usePublishPathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/v1/tutor/paths/{id}/publish', { params: { path: { id } } })),
    onSuccess: (path) => settled(qc, path),
  });
}

/** POST /api/v1/tutor/paths/:id/archive — out of the catalog; enrolled learners keep it. */
export function useArchivePathMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/v1/tutor/paths/{id}/archive', { params: { path: { id } } })),
    onSuccess: (path) => settled(qc, path),
  });
}

/** DELETE /api/v1/tutor/paths/:id — a draft (a path that was published is archived instead: 409). */
export function useDeleteDraftMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/tutor/paths/{id}', { params: { path: { id } } })),
    onSuccess: (_r, id) => {
      // Not the deleted path's own queries: its screen is still open until it navigates away.
      const gone = tutorPathKeys.path(id);
      void qc.invalidateQueries({
        queryKey: tutorKeys.all,
        predicate: (q) => !gone.every((k, i) => q.queryKey[i] === k),
      });
    },
  });
}
