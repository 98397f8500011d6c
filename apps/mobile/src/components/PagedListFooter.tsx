import type { InfiniteQueryObserverResult } from '@tanstack/react-query';
import { View } from 'react-native';
import { Button, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useTheme } from '@/theme';

type PagedList = Pick<
  InfiniteQueryObserverResult,
  'hasNextPage' | 'isFetchingNextPage' | 'isFetchNextPageError' | 'error' | 'fetchNextPage'
>;

/**
 * The end of a list read a page at a time: "Load more" (scrolling loads it too), the failure in
 * words with "Try again", and once every page is in, `end` ("All 13 of your enrolments").
 */
export function PagedListFooter({ list, what, end }: { list: PagedList; what: string; end: string }) {
  const { spacing } = useTheme();
  return (
    <View style={{ paddingVertical: spacing.lg, gap: spacing.sm }}>
      {list.isFetchNextPageError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(list.error, `More ${what} could not be loaded`)}
        </Text>
      ) : null}
      {list.hasNextPage ? (
        <Button
          label={
            list.isFetchingNextPage ? 'Loading more…' : list.isFetchNextPageError ? 'Try again' : 'Load more'
          }
          accessibilityLabel={list.isFetchingNextPage ? `Loading more ${what}` : `Load more ${what}`}
          variant="ghost"
          loading={list.isFetchingNextPage}
          onPress={() => void list.fetchNextPage()}
        />
      ) : (
        <Text variant="caption" tone="muted" align="center">
          {end}
        </Text>
      )}
    </View>
  );
}
