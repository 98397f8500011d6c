import { Stack, useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { EnrollmentRow } from '@/components/learning';
import { PagedListFooter } from '@/components/PagedListFooter';
import { PagedListStates } from '@/components/PagedListStates';
import { Screen } from '@/components/ui';
import { useEnrollmentsListQuery } from '@/state/queries/enrollments';
import { useTheme } from '@/theme';

/** My enrolments in tutors' paths, most recent first: a page at a time ("Load more" or scrolling). */
export default function EnrollmentsScreen() {
  const router = useRouter();
  const { spacing } = useTheme();
  const list = useEnrollmentsListQuery();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const more = () => {
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isFetchNextPageError) void list.fetchNextPage();
  };

  return (
    <Screen
      edges={[]}
      scroll={false}
      subtitle="Tutors’ paths you are following."
      contentStyle={styles.noBottom}
    >
      <Stack.Screen options={{ title: 'My enrolments' }} />
      <PagedListStates
        list={list}
        count={items.length}
        what="enrolments"
        empty={{
          icon: 'school-outline',
          title: 'No enrolments yet',
          message: 'Tutors’ paths you enrol in appear here. Find one on Discover.',
          actionLabel: 'Go to Discover',
          onAction: () => router.push('/discover'),
        }}
      />
      {items.length ? (
        <FlatList
          style={styles.fill}
          data={items}
          keyExtractor={(e) => e.id}
          renderItem={({ item }) => (
            <EnrollmentRow
              enrollment={item}
              onPress={() => router.push({ pathname: '/enrollments/[id]', params: { id: item.id } })}
            />
          )}
          ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
          onEndReached={more}
          onEndReachedThreshold={0.3}
          ListFooterComponent={
            <PagedListFooter
              list={list}
              what="enrolments"
              end={items.length === 1 ? 'Your one enrolment' : `All ${items.length} of your enrolments`}
            />
          }
          contentContainerStyle={{ paddingBottom: spacing.xxl }}
        />
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  noBottom: { paddingBottom: 0 },
});
