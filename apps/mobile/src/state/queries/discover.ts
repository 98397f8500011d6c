import { CuriosityTiles, PublishedPath, StartTileResult, page, type Difficulty } from '@chitchat/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { dashboardKeys } from './dashboard';
import { learningKeys } from './learning';

const PublishedPage = page(PublishedPath);

export const discoverKeys = {
  tiles: ['discover', 'tiles'] as const,
  paths: (topic?: string) => ['discover', 'paths', topic ?? ''] as const,
};

/** GET /api/v1/discover/tiles — today's curiosity tiles (cached for the day on the server). */
export function useTilesQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: discoverKeys.tiles,
    queryFn: ({ signal }) => api.get('/api/v1/discover/tiles', { schema: CuriosityTiles, signal }),
    enabled: session != null,
    staleTime: 10 * 60_000,
  });
}

/** POST /api/v1/discover/tiles/:tileId/start — a chat or a learning path from a tile. */
export function useStartTileMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tileId, as, difficulty }: { tileId: string; as: 'chat' | 'path'; difficulty?: Difficulty }) =>
      api.post(`/api/v1/discover/tiles/${encodeURIComponent(tileId)}/start`, { as, ...(difficulty ? { difficulty } : {}) }, { schema: StartTileResult }),
    onSuccess: (r) => {
      if (r.kind === 'path') {
        qc.setQueryData(learningKeys.path(r.path.id), r.path);
        void qc.invalidateQueries({ queryKey: learningKeys.list() });
      }
      void qc.invalidateQueries({ queryKey: dashboardKeys.dashboard });
    },
  });
}

/** GET /api/v1/discover/paths — published tutor paths, newest first (keyset pages). */
export function usePublishedPathsQuery(topic?: string) {
  const { session } = useAuth();
  return useInfiniteQuery({
    queryKey: discoverKeys.paths(topic),
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/v1/discover/paths', { schema: PublishedPage, query: { cursor: pageParam, limit: 20, topic: topic || undefined }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: session != null,
  });
}
