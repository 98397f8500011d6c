import { Dashboard, Leaderboard, ServerInfo, XpSummary } from '@chitchat/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';

export const dashboardKeys = {
  dashboard: ['dashboard'] as const,
  xp: ['xp'] as const,
  leaderboards: ['leaderboard'] as const,
  leaderboard: (period: 'all' | 'week') => ['leaderboard', period] as const,
  info: ['server-info'] as const,
};

/** GET /api/v1/dashboard — everything Home shows, in one call. */
export function useDashboardQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: dashboardKeys.dashboard,
    queryFn: ({ signal }) => api.get('/api/v1/dashboard', { schema: Dashboard, signal }),
    enabled: session != null,
  });
}

/** GET /api/v1/xp — XP, level, today's goal and streak. */
export function useXpQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: dashboardKeys.xp,
    queryFn: ({ signal }) => api.get('/api/v1/xp', { schema: XpSummary, signal }),
    enabled: session != null,
  });
}

/** GET /api/v1/leaderboard — top learners and my rank. */
export function useLeaderboardQuery(period: 'all' | 'week') {
  const { session } = useAuth();
  return useQuery({
    queryKey: dashboardKeys.leaderboard(period),
    queryFn: ({ signal }) => api.get('/api/v1/leaderboard', { schema: Leaderboard, query: { period, limit: 10 }, signal }),
    enabled: session != null,
  });
}

/** GET /api/v1/info — server capabilities (offline AI mode, limits). Public; cached for the session. */
export function useServerInfoQuery() {
  return useQuery({
    queryKey: dashboardKeys.info,
    queryFn: ({ signal }) => api.get('/api/v1/info', { schema: ServerInfo, signal, anonymous: true }),
    staleTime: 5 * 60_000,
    // While the local model is being set up, follow its progress; stop once it is ready or failed.
    refetchInterval: (q) => (['downloading', 'loading'].includes(q.state.data?.ai.status.state ?? '') ? 3000 : false),
  });
}
