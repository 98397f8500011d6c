import { Profile, type Preferences } from '@chitchat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';

export const profileKeys = {
  all: ['profile'] as const,
  me: () => [...profileKeys.all, 'me'] as const,
};

/** GET /api/v1/profile — the signed-in user's profile (validated against the contract). */
export function useProfileQuery() {
  const { session } = useAuth();
  return useQuery({
    queryKey: profileKeys.me(),
    queryFn: ({ signal }) => api.get('/api/v1/profile', { schema: Profile, signal }),
    enabled: session != null,
  });
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
    mutationFn: (input: UpdateProfileInput) => api.patch('/api/v1/profile', input, { schema: Profile }),
    onSuccess: (profile) => queryClient.setQueryData(profileKeys.me(), profile),
  });
}
