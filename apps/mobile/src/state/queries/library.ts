import { LibraryItem, page, type SaveLibraryItemBody } from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';

const LibraryPage = page(LibraryItem);
export type LibraryKind = LibraryItem['kind'];

export interface LibraryFilter {
  kind?: LibraryKind;
  tag?: string;
  q?: string;
}

export const libraryKeys = {
  all: ['library'] as const,
  list: (f: LibraryFilter) => [...libraryKeys.all, 'list', f.kind ?? '', f.tag ?? '', f.q ?? ''] as const,
};

/** GET /api/v1/library — newest first; filter by kind or tag, search by text; keyset pages. */
export function useLibraryQuery(filter: LibraryFilter) {
  const { session } = useAuth();
  return useInfiniteQuery({
    queryKey: libraryKeys.list(filter),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/library', {
        schema: LibraryPage,
        query: { cursor: pageParam, limit: 20, kind: filter.kind, tag: filter.tag, q: filter.q || undefined },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: session != null,
    placeholderData: (prev) => prev,
  });
}

/** POST /api/v1/library — save a message, path, lesson, tile or link (idempotent). */
export function useSaveToLibraryMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveLibraryItemBody) => api.post('/api/v1/library', body, { schema: LibraryItem }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}

export function useRemoveFromLibraryMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/library/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}

export function useUpdateLibraryItemMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; title?: string; note?: string | null; tags?: string[] }) =>
      api.patch(`/api/v1/library/${id}`, body, { schema: LibraryItem }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}
