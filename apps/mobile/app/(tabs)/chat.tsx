import { useRouter } from 'expo-router';
import { Button, EmptyState, Screen } from '@/components/ui';

/** Conversation list. Placeholder: sessions are not loaded from the API yet. */
export default function ChatScreen() {
  const router = useRouter();
  const newChat = () => router.push({ pathname: '/session', params: { id: 'new' } });
  return (
    <Screen
      title="Chats"
      subtitle="Your conversations with ChitChat"
      headerRight={<Button label="New" size="sm" accessibilityLabel="New conversation" onPress={newChat} />}
    >
      <EmptyState
        icon="chatbubbles-outline"
        title="No conversations yet"
        message="Start a chat to ask questions, upload notes or get a topic explained."
        actionLabel="Start a conversation"
        onAction={newChat}
      />
    </Screen>
  );
}
