import type { ChatSession } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { Button, Card, EmptyState, ErrorState, Icon, LoadingState, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useChatSessionsQuery } from '@/state/queries/chat';
import { useTheme } from '@/theme';

function when(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** Conversation list (most recent first, loads more as you scroll) and "new chat". */
export default function ChatScreen() {
  const router = useRouter();
  const { colors, radius, spacing, maxContentWidth } = useTheme();
  const sessions = useChatSessionsQuery();
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? [];
  const newChat = () => router.push({ pathname: '/session', params: { id: 'new' } });

  const header = (
    <View style={{ gap: spacing.lg, paddingBottom: spacing.md }}>
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={styles.flex}>
          <Text variant="title" accessibilityRole="header">
            Chats
          </Text>
          <Text tone="muted">Your conversations with ChitChat</Text>
        </View>
        <Button label="New" size="sm" accessibilityLabel="New conversation" icon={<Icon name="add" size={18} color={colors.onPrimary} />} onPress={newChat} />
      </View>
      {sessions.isPending ? <LoadingState label="Loading conversations…" /> : null}
      {sessions.isError ? <ErrorState message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.isSuccess && items.length === 0 ? (
        <EmptyState
          icon="chatbubbles-outline"
          title="No conversations yet"
          message="Start a chat to ask questions, upload notes or get a topic explained."
          actionLabel="Start a conversation"
          onAction={newChat}
        />
      ) : null}
    </View>
  );

  const renderItem = ({ item }: { item: ChatSession }) => (
    <Card onPress={() => router.push({ pathname: '/session', params: { id: item.id } })} accessibilityLabel={`Chat: ${item.title ?? 'Untitled conversation'}`}>
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={[styles.badge, { backgroundColor: colors.accentSoft, borderRadius: radius.md }]}>
          <Icon name="chatbubble-ellipses-outline" color={colors.accent} />
        </View>
        <View style={styles.flex}>
          <View style={[styles.row, { gap: spacing.sm }]}>
            <Text variant="bodyStrong" numberOfLines={1} style={styles.flex}>
              {item.title ?? 'Untitled conversation'}
            </Text>
            <Text variant="small" tone="muted">
              {when(item.updatedAt)}
            </Text>
          </View>
          {item.lastMessage ? (
            <Text variant="caption" tone="muted" numberOfLines={2}>
              {item.lastMessage}
            </Text>
          ) : null}
        </View>
      </View>
    </Card>
  );

  return (
    <SafeAreaView edges={['top']} style={[styles.fill, { backgroundColor: colors.background }]}>
      <FlatList
        data={items}
        keyExtractor={(s) => s.id}
        renderItem={renderItem}
        ListHeaderComponent={header}
        ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
        onEndReached={() => {
          if (sessions.hasNextPage && !sessions.isFetchingNextPage) void sessions.fetchNextPage();
        }}
        ListFooterComponent={sessions.isFetchingNextPage ? <LoadingState label="Loading more…" /> : null}
        contentContainerStyle={{ padding: spacing.lg, paddingTop: spacing.xl, width: '100%', maxWidth: maxContentWidth, alignSelf: 'center' }}
      />
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  row: { flexDirection: 'row', alignItems: 'center' },
  flex: { flex: 1 },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
});
