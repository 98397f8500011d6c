import type { Preferences } from '@chitchat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '@/lib/api';
import { downloadFile } from '@/lib/download';
import { useAuth } from '@/state/AuthContext';
import { setLoginNotice } from '@/state/loginNotice';
import { dashboardKeys } from '@/state/queries/dashboard';

export const profileKeys = {
  all: ['profile'] as const,
  me: () => [...profileKeys.all, 'me'] as const,
};

export const profileQueries = {
  /** GET /api/v1/profile — the signed-in user's profile. */
  me: () =>
    queryOptions({
      queryKey: profileKeys.me(),
      queryFn: ({ signal }) => unwrap(client.GET('/api/v1/profile', { signal })),
    }),
};

export function useProfileQuery() {
  const { session } = useAuth();
  return useQuery({ ...profileQueries.me(), enabled: session != null });
}

export interface UpdateProfileInput {
  displayName?: string | null;
  bio?: string | null;
  preferences?: Preferences;
}

/** PATCH /api/v1/profile — preferences are merged key by key on the server. */
export function useUpdateProfileMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProfileInput) => unwrap(client.PATCH('/api/v1/profile', { body })),
    onSuccess: (profile, input) => {
      queryClient.setQueryData(profileKeys.me(), profile);
      // The leaderboard shows display names (and Home greets by name): refetch them after a rename.
      if (input.displayName !== undefined) {
        void queryClient.invalidateQueries({ queryKey: dashboardKeys.leaderboards });
        void queryClient.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      }
      // The daily goal is part of the XP summary and Home.
      if (input.preferences?.dailyGoal !== undefined) {
        void queryClient.invalidateQueries({ queryKey: dashboardKeys.xp });
        void queryClient.invalidateQueries({ queryKey: dashboardKeys.dashboard });
      }
    },
  });
}

/** GET /api/v1/profile/export — everything the learner owns, saved (web) or shared (phone) as JSON. */
export function useExportDataMutation() {
  return useMutation({ mutationFn: () => downloadFile('/api/v1/profile/export', 'chitchat-export.json') });
}

/** DELETE /api/v1/profile — the account and everything it owns; then this device signs out. */
export function useDeleteAccountMutation() {
  const { signOut } = useAuth();
  return useMutation({
    mutationFn: async () => {
      await unwrap(client.DELETE('/api/v1/profile'));
      setLoginNotice('Your account and everything in it have been deleted.');
      // The server has already ended every session; this clears the one stored here.
      await signOut('local').catch(() => undefined);
    },
  });
}
