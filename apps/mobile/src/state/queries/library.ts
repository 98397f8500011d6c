import type { LibraryItem, SaveLibraryItemBody } from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { pagedQueryOptions } from './options';

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

export const libraryQueries = {
  /** GET /api/v1/library — newest first; filter by kind or tag, search by text; keyset pages. */
  list: (filter: LibraryFilter) =>
    pagedQueryOptions(libraryKeys.list(filter), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/library', {
          params: {
            query: { cursor, limit: 20, kind: filter.kind, tag: filter.tag, q: filter.q || undefined },
          },
          signal,
        }),
      ),
    ),
};

export function useLibraryQuery(filter: LibraryFilter) {
  const { session } = useAuth();
  return useInfiniteQuery({
    ...libraryQueries.list(filter),
    enabled: session != null,
    placeholderData: (prev) => prev,
  });
}

/** POST /api/v1/library — save a message, path, lesson, tile or link (idempotent). */
export function useSaveToLibraryMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveLibraryItemBody) => unwrap(client.POST('/api/v1/library', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}

export function useRemoveFromLibraryMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/library/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}

export function useUpdateLibraryItemMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; title?: string; note?: string | null; tags?: string[] }) =>
      unwrap(client.PATCH('/api/v1/library/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: libraryKeys.all }),
  });
}
