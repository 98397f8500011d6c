import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { pagedQueryOptions, STALE } from './options';

export const dashboardKeys = {
  dashboard: ['dashboard'] as const,
  xp: ['xp'] as const,
  leaderboards: ['leaderboard'] as const,
  leaderboard: (period: 'all' | 'week') => ['leaderboard', period] as const,
  info: ['server-info'] as const,
};

export const dashboardQueries = {
  /** GET /api/v1/dashboard — everything Home shows, in one call. */
  dashboard: () =>
    queryOptions({
      queryKey: dashboardKeys.dashboard,
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/dashboard', { signal })),
    }),
  /** GET /api/v1/xp — XP, level, today's goal and streak. */
  xp: () =>
    queryOptions({
      queryKey: dashboardKeys.xp,
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/xp', { signal })),
    }),
  /** GET /api/v1/leaderboard — top learners and my rank. */
  leaderboard: (period: 'all' | 'week') =>
    queryOptions({
      queryKey: dashboardKeys.leaderboard(period),
      queryFn: ({ signal }) =>
        unwrap(client.GET('/api/v1/leaderboard', { params: { query: { period, limit: 10 } }, signal })),
    }),
  /** GET /api/v1/info — server capabilities (offline AI mode, limits). Public. */
  info: () =>
    queryOptions({
      queryKey: dashboardKeys.info,
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/info', { signal })),
      staleTime: STALE.session,
    }),
};

export function useDashboardQuery() {
  const { session } = useAuth();
  return useQuery({ ...dashboardQueries.dashboard(), enabled: session != null });
}

export function useXpQuery() {
  const { session } = useAuth();
  return useQuery({ ...dashboardQueries.xp(), enabled: session != null });
}

export function useLeaderboardQuery(period: 'all' | 'week') {
  const { session } = useAuth();
  return useQuery({ ...dashboardQueries.leaderboard(period), enabled: session != null });
}

/** The server's info; while the local model is being set up, follows its progress until ready or failed. */
export function useServerInfoQuery() {
  return useQuery({
    ...dashboardQueries.info(),
    refetchInterval: (q) =>
      ['downloading', 'loading'].includes(q.state.data?.ai.status.state ?? '') ? 3000 : false,
  });
}

/** How many XP awards one page of "XP history" holds. */
export const XP_EVENTS_PAGE_SIZE = 20;

/**
 * GET /api/v1/xp/events — every XP award, newest first, keyset pages. Keyed under ['xp'], so what
 * invalidates the XP summary (a lesson completed, a review answered) refreshes the history too.
 */
export const xpEventsQuery = () =>
  pagedQueryOptions([...dashboardKeys.xp, 'events'] as const, (cursor, signal) =>
    unwrap(
      client.GET('/api/v1/xp/events', { params: { query: { cursor, limit: XP_EVENTS_PAGE_SIZE } }, signal }),
    ),
  );

export function useXpEventsQuery() {
  const { session } = useAuth();
  return useInfiniteQuery({ ...xpEventsQuery(), enabled: session != null });
}
