import type { Upload } from '@chitchat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { libraryKeys } from '@/state/queries/library';
import { STALE } from './options';

export const uploadKeys = {
  all: ['uploads'] as const,
  one: (id: string) => [...uploadKeys.all, 'one', id] as const,
};

/** Still being read by the server: the screen polls until it is ready or failed. */
export const isProcessing = (u: Pick<Upload, 'status'> | undefined) =>
  u != null && u.status !== 'ready' && u.status !== 'failed';

export const uploadQueries = {
  /** GET /api/v1/uploads/:id — status, analysis and a fresh signed download URL (read again before it expires). */
  one: (id: string) =>
    queryOptions({
      queryKey: uploadKeys.one(id),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/uploads/{id}', { params: { path: { id } }, signal })),
      staleTime: STALE.session,
    }),
};

/** One upload; polls every 1.5 s while the server is still reading the file. */
export function useUploadQuery(id: string | undefined) {
  const { session } = useAuth();
  return useQuery({
    ...uploadQueries.one(id ?? ''),
    enabled: session != null && !!id,
    refetchInterval: (q) => (isProcessing(q.state.data) ? 1500 : false),
  });
}

/** POST /api/v1/uploads/:id/retry — read a failed upload again. */
export function useRetryUploadMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/v1/uploads/{id}/retry', { params: { path: { id } } })),
    onSuccess: (u) => qc.setQueryData(uploadKeys.one(u.id), u),
  });
}

/**
 * DELETE /api/v1/uploads/:id, then the Library's entry for it (`libraryItemId`, when it was
 * opened from there): deleting the file is meant to take it out of the Library too, not leave a
 * "source deleted" card behind.
 */
export function useDeleteUploadMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, libraryItemId }: { id: string; libraryItemId?: string }) => {
      await unwrap(client.DELETE('/api/v1/uploads/{id}', { params: { path: { id } } }));
      if (libraryItemId)
        await unwrap(
          client.DELETE('/api/v1/library/{id}', { params: { path: { id: libraryItemId } } }),
        ).catch(() => {});
    },
    onSuccess: (_r, { id }) => {
      qc.removeQueries({ queryKey: uploadKeys.one(id) });
      void qc.invalidateQueries({ queryKey: libraryKeys.all });
    },
  });
}
