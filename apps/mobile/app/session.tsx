import { Upload, type Citation as ApiCitation } from '@chitchat/contracts';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useCallback, useState } from 'react';
import { FlatList, KeyboardAvoidingView, Linking, Platform, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { ChatBubble, type Citation } from '@/components/ChatBubble';
import { Composer } from '@/components/Composer';
import { OfflineNotice } from '@/components/OfflineNotice';
import { TypingIndicator } from '@/components/TypingIndicator';
import { Button, EmptyState, ErrorState, LoadingState, Modal, Text } from '@/components/ui';
import { api, errorMessage, resolveApiUrl } from '@/lib/api';
import { useChatSessionQuery } from '@/state/queries/chat';
import { useSaveToLibraryMutation } from '@/state/queries/library';
import { useGenerateReviewMutation } from '@/state/queries/review';
import { useAttachments } from '@/state/useAttachments';
import { useConversation, type ViewMessage } from '@/state/useConversation';
import { useTheme } from '@/theme';

const STARTERS = ['Explain photosynthesis simply', 'Quiz me on the French Revolution', 'How do I solve 2x + 3 = 11?'];

/**
 * One conversation (param `id`: a session id, or "new"; optional `topic`/`prompt` pre-fill).
 * Answers stream in token by token; stop, retry, citations and save-to-library are inline.
 */
export default function SessionScreen() {
  const { id, topic, prompt } = useLocalSearchParams<{ id?: string; topic?: string; prompt?: string }>();
  const router = useRouter();
  const { colors, spacing, maxContentWidth } = useTheme();
  const initial = id && id !== 'new' ? id : undefined;
  const onCreated = useCallback((sid: string) => router.setParams({ id: sid }), [router]);
  const chat = useConversation(initial, onCreated);
  const session = useChatSessionQuery(initial);
  const save = useSaveToLibraryMutation();
  const [saved, setSaved] = useState<Record<string, boolean>>({});
  const [cited, setCited] = useState<ApiCitation | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const attachments = useAttachments();
  const quiz = useGenerateReviewMutation();
  const canQuiz = !!chat.sessionId && chat.messages.some((m) => m.role === 'assistant' && !m.streaming && m.id);

  const openDocument = async (c: ApiCitation) => {
    setOpening(null);
    try {
      const u = await api.get(`/api/v1/uploads/${c.sourceId}`, { schema: Upload });
      if (!u.downloadUrl) throw new Error('This document has no readable copy any more.');
      await Linking.openURL(`${resolveApiUrl(u.downloadUrl)}${c.page ? `#page=${c.page}` : ''}`);
    } catch (e) {
      setOpening(errorMessage(e));
    }
  };

  const title = chat.title ?? session.data?.title ?? (typeof topic === 'string' && topic ? topic : initial ? 'Conversation' : 'New conversation');

  const openCitation = (m: ViewMessage, c: Citation) => {
    const full = m.citations?.find((x, i) => `${i}` === c.id);
    if (!full) return;
    if (full.sourceType === 'lesson' && full.lessonId) {
      router.push({ pathname: '/learning-path', params: { id: full.sourceId, lesson: full.lessonId } });
    } else {
      setCited(full);
    }
  };

  const renderItem = ({ item }: { item: ViewMessage }) => {
    if (item.role === 'assistant' && item.streaming && !item.content) return <TypingIndicator />;
    return (
      <ChatBubble
        role={item.role}
        content={item.content}
        pending={item.streaming}
        error={item.error}
        onRetry={item.error && item.id && !chat.busy ? () => chat.retry(item) : undefined}
        citations={item.citations?.map((c, i) => ({
          id: `${i}`,
          label: `${c.title}${c.page ? `, p. ${c.page}` : ''}`,
        }))}
        onCitationPress={(c) => openCitation(item, c)}
        onSave={item.role === 'assistant' && item.id && !item.offline ? () => save.mutate({ kind: 'message', messageId: item.id! }, { onSuccess: () => setSaved((s) => ({ ...s, [item.id!]: true })) }) : undefined}
        saved={item.id ? saved[item.id] : false}
      />
    );
  };

  const empty =
    chat.sessionId && chat.history.isPending ? (
      <LoadingState label="Loading the conversation…" />
    ) : chat.history.isError ? (
      <ErrorState message={errorMessage(chat.history.error)} onRetry={() => void chat.history.refetch()} />
    ) : (
      <View style={{ gap: spacing.md, transform: [{ scaleY: -1 }] }}>
        <EmptyState
          icon="bulb-outline"
          title={topic ? `Let’s explore: ${topic}` : 'What’s on your mind?'}
          message="Ask a question, paste some notes, or ask for a quiz. Answers cite your own documents and lessons when they help."
        />
        <View style={[styles.starters, { gap: spacing.sm }]}>
          {(typeof prompt === 'string' && prompt ? [prompt] : STARTERS).map((s) => (
            <Button key={s} label={s} variant="secondary" size="sm" onPress={() => void chat.send(s)} />
          ))}
        </View>
      </View>
    );

  return (
    <SafeAreaView edges={['bottom']} style={[styles.fill, { backgroundColor: colors.background }]}>
      <Stack.Screen
        options={{
          title,
          headerRight: canQuiz
            ? () => (
                <Button
                  label="Quiz me"
                  accessibilityLabel="Make review cards from this chat"
                  size="sm"
                  variant="ghost"
                  loading={quiz.isPending}
                  style={{ marginRight: spacing.md }}
                  onPress={() => quiz.mutate({ source: { type: 'session', id: chat.sessionId! }, count: 5 }, { onSuccess: () => router.push('/review') })}
                />
              )
            : undefined,
        }}
      />
      <KeyboardAvoidingView style={styles.fill} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
        <View style={[styles.column, { maxWidth: maxContentWidth, paddingHorizontal: spacing.lg, paddingTop: spacing.sm }]}>
          <OfflineNotice compact />
        </View>
        <FlatList
          inverted
          data={chat.messages}
          keyExtractor={(m) => m.key}
          renderItem={renderItem}
          ListEmptyComponent={empty}
          onEndReached={() => {
            if (chat.history.hasNextPage && !chat.history.isFetchingNextPage) void chat.history.fetchNextPage();
          }}
          ListFooterComponent={chat.history.isFetchingNextPage ? <LoadingState label="Loading earlier messages…" /> : null}
          ItemSeparatorComponent={() => <View style={{ height: spacing.md }} />}
          contentContainerStyle={[styles.column, { maxWidth: maxContentWidth, padding: spacing.lg, flexGrow: 1 }]}
          accessibilityLabel="Conversation"
          testID="messages"
        />
        <View style={[styles.column, { maxWidth: maxContentWidth, padding: spacing.md }]}>
          <Composer
            onSend={(text) => void chat.send(text, attachments.take())}
            onAttach={() => void attachments.pick()}
            attachments={attachments.items}
            onRemoveAttachment={attachments.remove}
            busy={chat.busy}
            onStop={chat.stop}
            placeholder={topic ? `Ask about ${topic}…` : 'Ask anything…'}
          />
          {quiz.isError ? (
            <Text variant="caption" tone="danger" accessibilityRole="alert">
              {errorMessage(quiz.error)}
            </Text>
          ) : null}
          {attachments.error ? (
            <Text variant="caption" tone="danger" accessibilityRole="alert">
              {attachments.error}
            </Text>
          ) : null}
          {save.isError ? (
            <Text variant="caption" tone="danger" accessibilityRole="alert">
              {errorMessage(save.error)}
            </Text>
          ) : null}
        </View>
      </KeyboardAvoidingView>
      <Modal visible={cited != null} title={cited ? `${cited.title}${cited.page ? ` · page ${cited.page}` : ''}` : ''} onClose={() => setCited(null)}>
        {cited ? (
          <View style={{ gap: spacing.sm }}>
            <Text variant="caption" tone="muted">
              Cited passage
            </Text>
            <Text style={{ fontStyle: 'italic' }}>“{cited.snippet}”</Text>
            {cited.sourceType === 'document' ? (
              <Button label={cited.page ? `Open page ${cited.page}` : 'Open document'} variant="secondary" onPress={() => void openDocument(cited)} />
            ) : null}
            {opening ? (
              <Text variant="caption" tone="danger" accessibilityRole="alert">
                {opening}
              </Text>
            ) : null}
          </View>
        ) : null}
      </Modal>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  column: { width: '100%', alignSelf: 'center' },
  starters: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'center' },
});
