import { Stack, useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { PagedListFooter } from '@/components/PagedListFooter';
import { PagedListStates } from '@/components/PagedListStates';
import { Card, Icon, ProgressBar, Screen, Text } from '@/components/ui';
import type { IconName } from '@/components/ui';
import { subjectText } from '@/lib/xpSubject';
import { useXpEventsQuery, useXpQuery } from '@/state/queries/dashboard';
import { useTheme } from '@/theme';

/** What each kind of award was for, in the learner's words (the server's reasons are codes). */
const REASONS: Record<string, { label: string; icon: IconName }> = {
  lesson_completed: { label: 'Lesson completed', icon: 'book-outline' },
  path_finished: { label: 'Learning path finished', icon: 'trophy-outline' },
  review_correct: { label: 'Review answered correctly', icon: 'checkmark-circle-outline' },
  daily_goal: { label: 'Daily goal met', icon: 'flag-outline' },
};
const reasonOf = (reason: string) => REASONS[reason] ?? { label: 'XP awarded', icon: 'star-outline' };

const when = (iso: string) =>
  new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** XP history: the level reached and every award, newest first, a page at a time. */
export default function XpHistoryScreen() {
  const router = useRouter();
  const { colors, spacing } = useTheme();
  const xp = useXpQuery();
  const list = useXpEventsQuery();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const more = () => {
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isFetchNextPageError) void list.fetchNextPage();
  };
  const level = xp.data?.level;

  const header =
    xp.data && level ? (
      <Card style={{ gap: spacing.sm, marginBottom: spacing.md }}>
        <Text variant="heading">
          Level {level.level} · {xp.data.xp} XP
        </Text>
        <ProgressBar
          label={`Progress to level ${level.level + 1}`}
          value={level.xpIntoLevel}
          max={level.xpForNextLevel}
        />
        <Text variant="caption" tone="muted">
          {level.xpForNextLevel - level.xpIntoLevel} XP to level {level.level + 1} · longest streak{' '}
          {xp.data.streak.longest} {xp.data.streak.longest === 1 ? 'day' : 'days'}
        </Text>
      </Card>
    ) : null;

  return (
    <Screen edges={[]} scroll={false} subtitle="What you earned XP for." contentStyle={styles.noBottom}>
      <Stack.Screen options={{ title: 'XP history' }} />
      <PagedListStates
        list={list}
        count={items.length}
        what="XP history"
        empty={{
          icon: 'star-outline',
          title: 'No XP yet',
          message: 'Complete a lesson or answer review cards correctly to earn XP.',
          actionLabel: 'Find something to learn',
          onAction: () => router.push('/discover'),
        }}
      />
      {items.length ? (
        <FlatList
          style={styles.fill}
          // Its rows hold no control: the list itself takes the keyboard focus, so it can be scrolled.
          focusable
          data={items}
          keyExtractor={(e) => e.id}
          ListHeaderComponent={header}
          renderItem={({ item }) => {
            const r = reasonOf(item.reason);
            const about = subjectText(item.subject);
            return (
              <View
                style={[styles.row, { gap: spacing.md, paddingVertical: spacing.sm }]}
                accessible
                accessibilityLabel={`${r.label}${about ? `: ${about}` : ''}, ${item.amount} XP, ${when(item.createdAt)}`}
              >
                <Icon name={r.icon} size={22} color={colors.primary} />
                <View style={styles.fill}>
                  <Text>{r.label}</Text>
                  {about ? <Text numberOfLines={2}>{about}</Text> : null}
                  <Text variant="caption" tone="muted">
                    {when(item.createdAt)}
                  </Text>
                </View>
                <Text variant="label" tone="primary">
                  +{item.amount} XP
                </Text>
              </View>
            );
          }}
          onEndReached={more}
          onEndReachedThreshold={0.3}
          ListFooterComponent={
            <PagedListFooter
              list={list}
              what="XP history"
              end={items.length === 1 ? 'Your one award' : `All ${items.length} of your awards`}
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
  row: { flexDirection: 'row', alignItems: 'center' },
  noBottom: { paddingBottom: 0 },
});
