import type { InfiniteQueryObserverResult } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState, type EmptyStateProps } from '@/components/ui';
import { failureMessage } from '@/lib/api';

type PagedList = Pick<
  InfiniteQueryObserverResult,
  'isPending' | 'isError' | 'isSuccess' | 'data' | 'error' | 'refetch'
>;

/**
 * What a list read a page at a time shows before it has items: loading, the first page's failure in
 * words with "Try again", or `empty` once it loaded nothing. Renders nothing when there are items
 * (the list and its PagedListFooter take over).
 */
export function PagedListStates({
  list,
  count,
  what,
  empty,
}: {
  list: PagedList;
  /** How many items have loaded. */
  count: number;
  /** The list in the learner's words, after "Your": "XP history", "enrolments". */
  what: string;
  empty: EmptyStateProps;
}) {
  if (list.isPending) return <LoadingState label={`Loading your ${what}…`} />;
  if (list.isError && !list.data)
    return (
      <ErrorState
        message={failureMessage(list.error, `Your ${what} could not be loaded`)}
        onRetry={() => void list.refetch()}
      />
    );
  if (list.isSuccess && count === 0) return <EmptyState {...empty} />;
  return null;
}
