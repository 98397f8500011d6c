import type { Difficulty } from '@chitchat/contracts';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { learningKeys } from './learning';
import { pagedQueryOptions, STALE } from './options';

export const discoverKeys = {
  tiles: ['discover', 'tiles'] as const,
  paths: (topic?: string) => ['discover', 'paths', topic ?? ''] as const,
};

export const discoverQueries = {
  /** GET /api/v1/discover/tiles — today's curiosity tiles (cached for the day on the server). */
  tiles: () =>
    queryOptions({
      queryKey: discoverKeys.tiles,
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/discover/tiles', { signal })),
      staleTime: STALE.minutes,
    }),
  /** GET /api/v1/discover/paths — published tutor paths, newest first (keyset pages). */
  paths: (topic?: string) =>
    pagedQueryOptions(discoverKeys.paths(topic), (cursor, signal) =>
      unwrap(
        client.GET('/api/v1/discover/paths', {
          params: { query: { cursor, limit: 20, topic: topic || undefined } },
          signal,
        }),
      ),
    ),
};

export function useTilesQuery() {
  const { session } = useAuth();
  return useQuery({ ...discoverQueries.tiles(), enabled: session != null });
}

export function usePublishedPathsQuery(topic?: string) {
  const { session } = useAuth();
  return useInfiniteQuery({ ...discoverQueries.paths(topic), enabled: session != null });
}

/** POST /api/v1/discover/tiles/:tileId/start — a chat or a learning path from a tile. */
export function useStartTileMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      tileId,
      as,
      difficulty,
    }: {
      tileId: string;
      as: 'chat' | 'path';
      difficulty?: Difficulty;
    }) =>
      unwrap(
        client.POST('/api/v1/discover/tiles/{tileId}/start', {
          params: { path: { tileId } },
          body: { as, ...(difficulty ? { difficulty } : {}) },
        }),
      ),
    onSuccess: (r) => {
      if (r.kind === 'path') {
        qc.setQueryData(learningKeys.path(r.path.id), r.path);
        void qc.invalidateQueries({ queryKey: learningKeys.list() });
      }
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}
