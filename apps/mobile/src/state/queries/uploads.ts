import { Upload } from '@chitchat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { libraryKeys } from '@/state/queries/library';

export const uploadKeys = {
  all: ['uploads'] as const,
  one: (id: string) => [...uploadKeys.all, 'one', id] as const,
};

/** Still being read by the server: the screen polls until it is ready or failed. */
export const isProcessing = (u: Pick<Upload, 'status'> | undefined) => u != null && u.status !== 'ready' && u.status !== 'failed';

/**
 * GET /api/v1/uploads/:id — status, analysis and a fresh signed download URL. Polls every 1.5 s
 * while the server is still reading the file; refetched after 4 minutes so the URL stays fresh.
 */
export function useUploadQuery(id: string | undefined) {
  const { session } = useAuth();
  return useQuery({
    queryKey: uploadKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/v1/uploads/${id}`, { schema: Upload, signal }),
    enabled: session != null && !!id,
    staleTime: 4 * 60_000,
    refetchInterval: (q) => (isProcessing(q.state.data) ? 1500 : false),
  });
}

/** POST /api/v1/uploads/:id/retry — read a failed upload again. */
export function useRetryUploadMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/uploads/${id}/retry`, undefined, { schema: Upload }),
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
      await api.delete(`/api/v1/uploads/${id}`);
      if (libraryItemId) await api.delete(`/api/v1/library/${libraryItemId}`).catch(() => {});
    },
    onSuccess: (_r, { id }) => {
      qc.removeQueries({ queryKey: uploadKeys.one(id) });
      void qc.invalidateQueries({ queryKey: libraryKeys.all });
    },
  });
}
