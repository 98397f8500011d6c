import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Don't hammer the API with retries for client errors (401, 404, 422…).
      retry: (failureCount, error) => {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
        // Unreachable (the server restarting, a train tunnel): keep trying for about a minute, so
        // an open screen recovers by itself instead of waiting for "Try again".
        if (error instanceof ApiError && error.status === 0) return failureCount < 8;
        return failureCount < 2;
      },
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 15_000),
    },
    mutations: { retry: false },
  },
});
