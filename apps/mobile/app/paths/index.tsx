import { Stack as ExpoStack, useLocalSearchParams, useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { CreatePathForm, Heading, PathRow } from '@/components/learning';
import { OfflineNotice } from '@/components/OfflineNotice';
import { Button, EmptyState, ErrorState, LoadingState, Row, Screen, Stack } from '@/components/ui';
import { useIsWide } from '@/lib/layout';
import { WIDE_CONTENT_WIDTH } from '@/theme/spacing';
import { failureMessage } from '@/lib/api';
import { useLearningPathsQuery } from '@/state/queries/learning';
import { useTheme } from '@/theme';

/** My learning paths (paged, newest first) and the form that creates one (`?topic=` fills it in). */
export default function PathsScreen() {
  const { topic } = useLocalSearchParams<{ topic?: string }>();
  const router = useRouter();
  const { spacing } = useTheme();
  const wide = useIsWide();
  const paths = useLearningPathsQuery();
  const items = paths.data?.pages.flatMap((p) => p.items) ?? [];
  const more = () => {
    if (paths.hasNextPage && !paths.isFetchingNextPage) void paths.fetchNextPage();
  };

  const form = (
    <Stack gap="lg">
      <OfflineNotice />
      <CreatePathForm
        initialTopic={typeof topic === 'string' ? topic : ''}
        onCreated={(p) => router.replace({ pathname: '/paths/[id]', params: { id: p.id } })}
      />
    </Stack>
  );
  const listTop = (
    <View style={{ gap: spacing.lg, paddingBottom: spacing.lg }}>
      <Heading>My paths</Heading>
      {paths.isPending ? <LoadingState label="Loading your paths…" /> : null}
      {paths.isError ? (
        <ErrorState
          message={failureMessage(paths.error, 'Your paths could not be loaded')}
          onRetry={() => void paths.refetch()}
        />
      ) : null}
      {paths.isSuccess && items.length === 0 ? (
        <EmptyState icon="map-outline" title="No paths yet" message="Your learning paths will appear here." />
      ) : null}
    </View>
  );
  const header = wide ? (
    listTop
  ) : (
    <View style={{ gap: spacing.lg }}>
      {form}
      {listTop}
    </View>
  );

  const list = (
    <FlatList
      style={styles.fill}
      data={items}
      keyExtractor={(p) => p.id}
      ListHeaderComponent={header}
      renderItem={({ item }) => (
        <PathRow
          path={item}
          onPress={() => router.push({ pathname: '/paths/[id]', params: { id: item.id } })}
        />
      )}
      ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
      onEndReached={more}
      ListFooterComponent={
        paths.hasNextPage ? (
          <View style={{ paddingVertical: spacing.lg }}>
            <Button
              label={paths.isFetchingNextPage ? 'Loading more paths…' : 'Load more paths'}
              variant="ghost"
              loading={paths.isFetchingNextPage}
              onPress={more}
            />
          </View>
        ) : paths.isFetchNextPageError ? (
          <ErrorState
            message={failureMessage(paths.error, 'More paths could not be loaded')}
            onRetry={more}
          />
        ) : null
      }
      contentContainerStyle={{ paddingBottom: spacing.xxl }}
    />
  );

  return (
    <Screen
      edges={[]}
      scroll={false}
      contentStyle={[styles.noBottom, wide ? { maxWidth: WIDE_CONTENT_WIDTH } : null]}
    >
      <ExpoStack.Screen options={{ title: 'Learning paths' }} />
      {wide ? (
        // On a desktop-sized window: the form that makes a path beside the list of my paths.
        <Row gap="xl" align="flex-start" fill>
          <View style={styles.formColumn}>{form}</View>
          <Stack fill style={styles.fill}>
            {list}
          </Stack>
        </Row>
      ) : (
        list
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  noBottom: { paddingBottom: 0 },
  formColumn: { width: 420 },
});
