import { useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { ConversationList } from '@/components/chat/ConversationList';
import { EmptyState } from '@/components/ui';
import { useIsWide } from '@/lib/layout';
import { usePageTitle } from '@/lib/pageTitle';
import { useTheme } from '@/theme';

/**
 * The Chat tab: the conversation list. On a desktop window the list is a column with room
 * beside it for the conversation; opening one shows it next to the list (the session screen).
 */
export default function ChatScreen() {
  const router = useRouter();
  const { colors, spacing } = useTheme();
  const wide = useIsWide();
  usePageTitle('Chats');
  const open = (id: string) => router.push({ pathname: '/session', params: { id } });
  const newChat = () => open('new');

  if (!wide) {
    return (
      <SafeAreaView edges={['top']} style={[styles.fill, { backgroundColor: colors.background }]}>
        <ConversationList onOpen={open} onNew={newChat} />
      </SafeAreaView>
    );
  }
  return (
    <SafeAreaView edges={['top']} style={[styles.fill, styles.row, { backgroundColor: colors.background }]}>
      <View style={[styles.list, { borderColor: colors.border }]}>
        <ConversationList onOpen={open} onNew={newChat} compact />
      </View>
      <View style={[styles.fill, styles.center, { padding: spacing.xxl }]}>
        <EmptyState
          icon="chatbubbles-outline"
          title="Pick a conversation"
          message="Open one from the list to carry on where you left off, or start a new one."
          actionLabel="Start a new conversation"
          onAction={newChat}
        />
      </View>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  row: { flexDirection: 'row' },
  center: { alignItems: 'center', justifyContent: 'center' },
  list: { width: 380, borderRightWidth: StyleSheet.hairlineWidth },
});
