import type { ConceptsPage } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { MasteryBar } from '@/components/concepts/MasteryBar';
import { WeakSpotsAction } from '@/components/concepts/WeakSpotsAction';
import { Button, Card, EmptyState, ErrorState, LoadingState, Screen, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useConceptsQuery } from '@/state/queries/concepts';
import { useTheme } from '@/theme';

/** Knowledge: every concept met in documents, lessons and chats, weakest first, with its mastery. */
export default function KnowledgeScreen() {
  const router = useRouter();
  const { spacing } = useTheme();
  const concepts = useConceptsQuery();
  const items = concepts.data?.pages.flatMap((p) => p.items) ?? [];
  const counts: ConceptsPage['counts'] | undefined = concepts.data?.pages[0]?.counts;
  const more = () => {
    if (concepts.hasNextPage && !concepts.isFetchingNextPage) void concepts.fetchNextPage();
  };
  const practisable = items.some((c) => c.cardCount > 0);

  const header = (
    <View style={{ gap: spacing.lg, paddingBottom: spacing.lg }}>
      <Text tone="muted">
        Concepts from your documents, lessons and chats, weakest first, then those you have not practised yet.
        Mastery comes from how well you remember their cards now.
      </Text>
      {counts ? (
        <Text testID="knowledge-counts">
          {counts.weak} weak · {counts.learning} learning · {counts.strong} strong · {counts.unknown} not
          known yet
        </Text>
      ) : null}
      <WeakSpotsAction
        weak={counts?.weak}
        practisable={practisable}
        onPractise={() => router.push({ pathname: '/review', params: { practice: '1' } })}
      />
      {concepts.isPending ? <LoadingState label="Loading your concepts…" /> : null}
      {concepts.isError ? (
        <ErrorState
          message={failureMessage(concepts.error, 'Your concepts could not be loaded')}
          onRetry={() => void concepts.refetch()}
        />
      ) : null}
      {concepts.isSuccess && items.length === 0 ? (
        <EmptyState
          icon="bulb-outline"
          title="No concepts yet"
          message="Upload notes, finish a lesson or chat for a few turns: the concepts you meet appear here."
        />
      ) : null}
    </View>
  );

  return (
    <Screen edges={[]} scroll={false} contentStyle={styles.noBottom}>
      <FlatList
        style={styles.fill}
        data={items}
        keyExtractor={(c) => c.id}
        ListHeaderComponent={header}
        renderItem={({ item }) => (
          <Card
            onPress={() => router.push({ pathname: '/knowledge/[id]', params: { id: item.id } })}
            accessibilityLabel={`${item.name}: ${item.mastery === null ? 'not known yet' : `${item.level}, ${Math.round(item.mastery * 100)} %`}, ${item.cardCount} card${item.cardCount === 1 ? '' : 's'}`}
            style={{ gap: spacing.sm }}
          >
            <View style={styles.row}>
              <Text variant="bodyStrong" style={styles.fill} numberOfLines={2}>
                {item.name}
              </Text>
              <Text variant="small" tone="muted">
                {item.cardCount} card{item.cardCount === 1 ? '' : 's'}
                {item.dueCount ? ` · ${item.dueCount} due` : ''}
              </Text>
            </View>
            <MasteryBar concept={item} />
          </Card>
        )}
        ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
        onEndReached={more}
        ListFooterComponent={
          concepts.hasNextPage ? (
            <View style={{ paddingVertical: spacing.lg }}>
              <Button
                label={concepts.isFetchingNextPage ? 'Loading more concepts…' : 'Load more concepts'}
                variant="ghost"
                loading={concepts.isFetchingNextPage}
                onPress={more}
              />
            </View>
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
  row: { flexDirection: 'row', alignItems: 'center', gap: 8 },
});
