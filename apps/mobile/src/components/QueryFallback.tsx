import { errorMessage } from '@/lib/api';
import { ErrorState, LoadingState, Screen, type ScreenProps } from './ui';

export interface QueryFallbackProps {
  /** A query without data yet: still loading, or failed. */
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  /** What is loading, in words ("Loading the path…"). */
  loading: string;
  /** The screen around an error (default: no safe-area edges, as inside a stack screen). */
  screen?: Omit<ScreenProps, 'children'>;
}

/**
 * What a screen shows until its query has data: a loading state, or the error with a retry.
 * Use it as `if (!query.isSuccess) return <QueryFallback query={query} loading="…" />`, after which
 * `query.data` is typed as present.
 */
export function QueryFallback({ query, loading, screen = { edges: [] } }: QueryFallbackProps) {
  if (!query.isError) return <LoadingState label={loading} />;
  return (
    <Screen {...screen}>
      <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
    </Screen>
  );
}
