import { Stack, useLocalSearchParams } from 'expo-router';
import { useEffect, useRef, useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { ChatBubble } from '@/components/ChatBubble';
import { Composer } from '@/components/Composer';
import { TypingIndicator } from '@/components/TypingIndicator';
import { EmptyState } from '@/components/ui';
import { useTheme } from '@/theme';

interface LocalMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
}

/**
 * One conversation (param `id`; "new" starts one, optional `topic` pre-fills).
 * Placeholder: messages stay on the device and the assistant reply is faked
 * until chat streaming is wired to /api/v1.
 */
export default function SessionScreen() {
  const { id, topic } = useLocalSearchParams<{ id?: string; topic?: string }>();
  const { colors, spacing, maxContentWidth } = useTheme();
  const [messages, setMessages] = useState<LocalMessage[]>([]);
  const [thinking, setThinking] = useState(false);
  const scrollRef = useRef<ScrollView>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const send = (text: string) => {
    setMessages((m) => [...m, { id: `u${Date.now()}`, role: 'user', content: text }]);
    setThinking(true);
    timer.current = setTimeout(() => {
      setThinking(false);
      setMessages((m) => [
        ...m,
        {
          id: `a${Date.now()}`,
          role: 'assistant',
          content: 'Chat isn’t connected to the server yet — soon I’ll answer here, step by step.',
        },
      ]);
    }, 900);
  };

  const title = typeof topic === 'string' && topic ? topic : id && id !== 'new' ? 'Conversation' : 'New conversation';

  return (
    <SafeAreaView edges={['bottom']} style={[styles.fill, { backgroundColor: colors.background }]}>
      <Stack.Screen options={{ title }} />
      <KeyboardAvoidingView style={styles.fill} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
        <ScrollView
          ref={scrollRef}
          onContentSizeChange={() => scrollRef.current?.scrollToEnd({ animated: true })}
          contentContainerStyle={[
            styles.list,
            { maxWidth: maxContentWidth, padding: spacing.lg, gap: spacing.md },
          ]}
        >
          {messages.length === 0 && !thinking ? (
            <EmptyState
              icon="bulb-outline"
              title={topic ? `Let’s explore: ${topic}` : 'What’s on your mind?'}
              message="Ask a question, paste some notes, or attach a photo of your homework."
            />
          ) : null}
          {messages.map((m) => (
            <ChatBubble key={m.id} role={m.role} content={m.content} />
          ))}
          {thinking ? <TypingIndicator /> : null}
        </ScrollView>
        <View style={[styles.composer, { maxWidth: maxContentWidth, padding: spacing.md }]}>
          <Composer onSend={send} busy={thinking} placeholder={topic ? `Ask about ${topic}…` : 'Ask anything…'} />
        </View>
      </KeyboardAvoidingView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  list: { flexGrow: 1, width: '100%', alignSelf: 'center', justifyContent: 'flex-end' },
  composer: { width: '100%', alignSelf: 'center' },
});
