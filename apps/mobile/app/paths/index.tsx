import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { CreatePathForm, Heading, PathRow } from '@/components/learning';
import { OfflineNotice } from '@/components/OfflineNotice';
import { Button, EmptyState, ErrorState, LoadingState, Screen } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useLearningPathsQuery } from '@/state/queries/learning';
import { useTheme } from '@/theme';

/** My learning paths (paged, newest first) and the form that creates one (`?topic=` fills it in). */
export default function PathsScreen() {
  const { topic } = useLocalSearchParams<{ topic?: string }>();
  const router = useRouter();
  const { spacing } = useTheme();
  const paths = useLearningPathsQuery();
  const items = paths.data?.pages.flatMap((p) => p.items) ?? [];
  const more = () => {
    if (paths.hasNextPage && !paths.isFetchingNextPage) void paths.fetchNextPage();
  };

  const header = (
    <View style={{ gap: spacing.lg, paddingBottom: spacing.lg }}>
      <OfflineNotice />
      <CreatePathForm initialTopic={typeof topic === 'string' ? topic : ''} onCreated={(p) => router.replace({ pathname: '/paths/[id]', params: { id: p.id } })} />
      <Heading>My paths</Heading>
      {paths.isPending ? <LoadingState label="Loading your paths…" /> : null}
      {paths.isError ? <ErrorState message={failureMessage(paths.error, 'Your paths could not be loaded')} onRetry={() => void paths.refetch()} /> : null}
      {paths.isSuccess && items.length === 0 ? <EmptyState icon="map-outline" title="No paths yet" message="Your learning paths will appear here." /> : null}
    </View>
  );

  return (
    <Screen edges={[]} scroll={false} contentStyle={styles.noBottom}>
      <Stack.Screen options={{ title: 'Learning paths' }} />
      <FlatList
        style={styles.fill}
        data={items}
        keyExtractor={(p) => p.id}
        ListHeaderComponent={header}
        renderItem={({ item }) => <PathRow path={item} onPress={() => router.push({ pathname: '/paths/[id]', params: { id: item.id } })} />}
        ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
        onEndReached={more}
        ListFooterComponent={
          paths.hasNextPage ? (
            <View style={{ paddingVertical: spacing.lg }}>
              <Button label={paths.isFetchingNextPage ? 'Loading more paths…' : 'Load more paths'} variant="ghost" loading={paths.isFetchingNextPage} onPress={more} />
            </View>
          ) : paths.isFetchNextPageError ? (
            <ErrorState message={failureMessage(paths.error, 'More paths could not be loaded')} onRetry={more} />
          ) : null
        }
        contentContainerStyle={{ paddingBottom: spacing.xxl }}
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  noBottom: { paddingBottom: 0 },
});
