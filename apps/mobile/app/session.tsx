import type { Citation as ApiCitation } from '@chitchat/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FlatList, KeyboardAvoidingView, Linking, Platform, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { ChatBubble, type Citation } from '@/components/ChatBubble';
import { ConversationList } from '@/components/chat/ConversationList';
import { isNotFound, NotFound } from '@/components/NotFound';
import { Composer } from '@/components/Composer';
import { OfflineNotice } from '@/components/OfflineNotice';
import { TypingIndicator } from '@/components/TypingIndicator';
import {
  Button,
  EmptyState,
  ErrorState,
  InlineError,
  Input,
  LoadingState,
  Modal,
  Text,
  Toggle,
} from '@/components/ui';
import { copyText } from '@/lib/clipboard';
import { errorMessage, resolveApiUrl } from '@/lib/api';
import { LearnerFacingError } from '@/lib/learnerError';
import { isUuid } from '@/lib/ids';
import { useIsWide } from '@/lib/layout';
import { chatStarters } from '@/lib/starters';
import { useChatSessionQuery, useSetSocraticMutation } from '@/state/queries/chat';
import { useProfileQuery } from '@/state/queries/profile';
import { useCatalogPathQuery } from '@/state/queries/tutor';
import { useSaveToLibraryMutation } from '@/state/queries/library';
import { uploadQueries } from '@/state/queries/uploads';
import { useGenerateReviewMutation } from '@/state/queries/review';
import { useAttachments } from '@/state/useAttachments';
import { useConversation, type ViewMessage } from '@/state/useConversation';
import { useTheme } from '@/theme';

const WEB_HEADER_FIT = {
  headerTitleContainerStyle: { flexShrink: 1 },
  headerRightContainerStyle: { flexGrow: 0, flexShrink: 0, flexBasis: 'auto' },
};

/**
 * One conversation (param `id`: a session id, or "new"; optional `topic`/`prompt` pre-fill;
 * `ask` (+ `document`, an upload id): a question sent at once, about that document).
 * Answers stream in token by token; stop, retry, citations and save-to-library are inline.
 */
export default function SessionScreen() {
  const { id, topic, prompt, ask, document, path } = useLocalSearchParams<{
    id?: string;
    topic?: string;
    prompt?: string;
    ask?: string;
    document?: string;
    /** A tutor path the new conversation is about (its tutor may require Socratic mode). */
    path?: string;
  }>();
  const router = useRouter();
  const { colors, spacing, maxContentWidth } = useTheme();
  const wide = useIsWide();
  const initial = id && id !== 'new' ? id : undefined;
  // A link that cannot name a conversation is not found without asking the server.
  const malformed = initial !== undefined && !isUuid(initial);
  const onCreated = useCallback((sid: string) => router.setParams({ id: sid }), [router]);
  const chat = useConversation(malformed ? undefined : initial, onCreated);
  const session = useChatSessionQuery(malformed ? undefined : initial);
  const save = useSaveToLibraryMutation();
  const profile = useProfileQuery();
  const setSocratic = useSetSocraticMutation();
  // Socratic mode: an open conversation's own setting; a new one starts from the learner's.
  const [socraticDraft, setSocraticDraft] = useState<boolean | null>(null);
  const pathId = typeof path === 'string' && isUuid(path) ? path : undefined;
  // A new conversation about a tutor's path: the path says whether its tutor requires the mode.
  const aboutPath = useCatalogPathQuery(initial ? undefined : pathId);
  const socraticRequired =
    session.data?.socratic.requiredByTutor ?? (!initial && aboutPath.data?.requireSocratic) ?? false;
  const socraticOn =
    session.data?.socratic.enabled ?? socraticDraft ?? profile.data?.preferences.socraticMode ?? false;
  const toggleSocratic = (on: boolean) => {
    if (session.data) setSocratic.mutate({ id: session.data.id, enabled: on });
    else setSocraticDraft(on);
  };
  /** What a new message carries: the mode when it was chosen here, and the path a new conversation is about. */
  const sendOptions = () => ({
    ...(socraticDraft !== null && !session.data ? { socratic: socraticDraft } : {}),
    ...(pathId ? { pathId } : {}),
  });
  const [saved, setSaved] = useState<Record<string, boolean>>({});
  const [cited, setCited] = useState<ApiCitation | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const attachments = useAttachments();
  const quiz = useGenerateReviewMutation();
  const [copied, setCopied] = useState<string | null>(null);
  const [copyFailed, setCopyFailed] = useState(false);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const list = useRef<FlatList<ViewMessage>>(null);
  useEffect(() => () => void (copiedTimer.current && clearTimeout(copiedTimer.current)), []);
  /** The edit dialog: the question being edited and the learner's draft (kept if the edit fails). */
  const [editing, setEditing] = useState<{ message: ViewMessage; draft: string } | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // Opened from a document's screen with one of its suggested questions: ask it at once, with
  // the document attached, so the answer draws on (and cites) it. Once: not again on reload of
  // the created chat (its id replaces "new" in the params).
  const asked = useRef(false);
  const { send } = chat;
  useEffect(() => {
    if (asked.current || initial || typeof ask !== 'string' || !ask.trim()) return;
    asked.current = true;
    void send(ask.trim(), typeof document === 'string' && document ? [document] : undefined, { pathId });
  }, [ask, document, initial, send, pathId]);
  const canQuiz =
    !!chat.sessionId && chat.messages.some((m) => m.role === 'assistant' && !m.streaming && m.id);

  const queryClient = useQueryClient();
  const openDocument = async (c: ApiCitation) => {
    setOpening(null);
    try {
      // A fresh signed download URL (the cached one may have expired).
      const u = await queryClient.fetchQuery({ ...uploadQueries.one(c.sourceId), staleTime: 0 });
      if (!u.downloadUrl) throw new LearnerFacingError('This document has no readable copy any more.');
      await Linking.openURL(`${resolveApiUrl(u.downloadUrl)}${c.page ? `#page=${c.page}` : ''}`);
    } catch (e) {
      setOpening(errorMessage(e));
    }
  };

  const title =
    chat.title ??
    session.data?.title ??
    (typeof topic === 'string' && topic ? topic : initial ? 'Conversation' : 'New conversation');

  const openCitation = (m: ViewMessage, c: Citation) => {
    const full = m.citations?.find((x, i) => `${i}` === c.id);
    if (!full) return;
    if (full.sourceType === 'lesson' && full.lessonId) {
      router.push({
        pathname: '/paths/[id]/lessons/[lessonId]',
        params: { id: full.sourceId, lessonId: full.lessonId },
      });
    } else {
      setCited(full);
    }
  };

  const copy = async (m: ViewMessage) => {
    const how = await copyText(m.content);
    setCopyFailed(how === 'failed');
    if (how === 'failed') return;
    setCopied(m.key);
    if (copiedTimer.current) clearTimeout(copiedTimer.current);
    copiedTimer.current = setTimeout(() => setCopied(null), 2500);
  };

  const sendEdit = async () => {
    if (!editing) return;
    const { message, draft } = editing;
    const text = draft.trim();
    setEditing(null);
    setDrafts((d) => ({ ...d, [message.id!]: draft }));
    if (await chat.edit(message, text)) setDrafts(({ [message.id!]: _sent, ...rest }) => rest);
  };

  // Only the end of the conversation can be redone: the newest answer, the newest question.
  const newest = chat.messages[0];
  const latestAnswer = newest?.role === 'assistant' && newest.id && !newest.streaming ? newest : undefined;
  const lastQuestion = chat.messages.find((m) => m.role === 'user');

  const renderItem = ({ item }: { item: ViewMessage }) => {
    if (item.role === 'assistant' && item.streaming && !item.content) return <TypingIndicator />;
    const acting = chat.action && item.id && chat.action.id === item.id ? chat.action : null;
    const idle = !chat.busy && !!item.id;
    return (
      <ChatBubble
        role={item.role}
        content={item.content}
        pending={item.streaming}
        error={item.error}
        onRetry={
          item.error && !chat.busy && item.role === 'user'
            ? () => void (item.id ? chat.retry(item) : chat.resend(item))
            : undefined
        }
        citations={item.citations?.map((c, i) => ({
          id: `${i}`,
          label: `${c.title}${c.page ? `, p. ${c.page}` : ''}`,
        }))}
        onCitationPress={(c) => openCitation(item, c)}
        onSave={
          item.role === 'assistant' && item.id && !item.offline
            ? () =>
                save.mutate(
                  { kind: 'message', messageId: item.id! },
                  { onSuccess: () => setSaved((s) => ({ ...s, [item.id!]: true })) },
                )
            : undefined
        }
        saved={item.id ? saved[item.id] : false}
        note={
          item.stopped && !item.streaming ? 'Stopped before the end — this is the part that arrived.' : null
        }
        working={
          acting?.working
            ? acting.kind === 'edit'
              ? 'Sending your edited question…'
              : 'Writing a new answer…'
            : null
        }
        actionError={acting?.error ?? null}
        onCopy={
          item.role === 'assistant' && item.content && !item.streaming ? () => void copy(item) : undefined
        }
        copied={copied === item.key}
        onRegenerate={idle && item === latestAnswer ? () => void chat.regenerate(item) : undefined}
        onEdit={
          idle && item === lastQuestion
            ? () => setEditing({ message: item, draft: drafts[item.id!] ?? item.content })
            : undefined
        }
      />
    );
  };

  // The list is inverted (newest at the bottom): what it shows when empty is flipped back upright.
  const empty =
    chat.sessionId && chat.history.isPending ? (
      <View style={styles.upright}>
        <LoadingState label="Loading the conversation…" />
      </View>
    ) : chat.history.isError ? (
      <View style={styles.upright}>
        <ErrorState message={errorMessage(chat.history.error)} onRetry={() => void chat.history.refetch()} />
      </View>
    ) : (
      <View style={[styles.upright, { gap: spacing.md }]}>
        <EmptyState
          icon="bulb-outline"
          title={topic ? `Let’s explore: ${topic}` : 'What’s on your mind?'}
          message="Ask a question, paste some notes, or ask for a quiz. Answers cite your own documents and lessons when they help."
        />
        <View style={[styles.starters, { gap: spacing.sm }]}>
          {(typeof prompt === 'string' && prompt
            ? [prompt]
            : chatStarters(typeof topic === 'string' ? topic : null)
          ).map((s) => (
            <Button
              key={s}
              label={s}
              variant="secondary"
              size="sm"
              onPress={() => void chat.send(s, undefined, sendOptions())}
            />
          ))}
        </View>
      </View>
    );

  if (malformed || isNotFound(session.error) || isNotFound(chat.history.error)) {
    return <NotFound what="conversation" back="/chat" backLabel="Go to your chats" />;
  }

  const conversation = (
    <SafeAreaView edges={['bottom']} style={[styles.fill, { backgroundColor: colors.background }]}>
      <Stack.Screen
        options={{
          title,
          // A long title gives way to the button (ellipsis) instead of running under it: the
          // header's own width estimate assumes a 52 px icon button, and "Quiz me" is wider. On
          // the web the stack draws the JavaScript header, which takes these styles (untyped for
          // the native stack, whose native headers lay title and buttons out themselves).
          ...(Platform.OS === 'web' ? (WEB_HEADER_FIT as object) : {}),
          headerRight: canQuiz
            ? () => (
                <Button
                  label="Quiz me"
                  accessibilityLabel="Make review cards from this chat"
                  size="sm"
                  variant="ghost"
                  loading={quiz.isPending}
                  style={{ marginRight: spacing.md }}
                  onPress={() =>
                    quiz.mutate(
                      { source: { type: 'session', id: chat.sessionId! }, count: 5 },
                      { onSuccess: () => router.push('/review') },
                    )
                  }
                />
              )
            : undefined,
        }}
      />
      <KeyboardAvoidingView style={styles.fill} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
        {/* The chat's chrome, like the header above it: the surface with a hairline under it, so the
            messages scrolling beneath never show through the switch and its hint. */}
        <View
          testID="socratic-bar"
          style={[styles.bar, { backgroundColor: colors.surface, borderColor: colors.border }]}
        >
          <View
            style={[
              styles.column,
              {
                maxWidth: maxContentWidth,
                paddingHorizontal: spacing.lg,
                paddingVertical: spacing.sm,
                gap: spacing.sm,
              },
            ]}
          >
            <OfflineNotice compact />
            <Toggle
              label="Socratic mode"
              testID="socratic-toggle"
              value={socraticRequired || socraticOn}
              onChange={toggleSocratic}
              disabled={socraticRequired || setSocratic.isPending}
              hint={
                socraticRequired
                  ? 'Required by your tutor: hints and guiding questions first, the solution after you try.'
                  : socraticOn
                    ? 'Hints and guiding questions first; the full solution after you try (or ask twice).'
                    : null
              }
            />
            {setSocratic.isError ? <InlineError>{errorMessage(setSocratic.error)}</InlineError> : null}
          </View>
        </View>
        <FlatList
          ref={list}
          inverted
          data={chat.messages}
          keyExtractor={(m) => m.key}
          renderItem={renderItem}
          ListEmptyComponent={empty}
          onEndReached={() => {
            if (chat.history.hasNextPage && !chat.history.isFetchingNextPage)
              void chat.history.fetchNextPage();
          }}
          ListFooterComponent={
            chat.history.isFetchingNextPage ? <LoadingState label="Loading earlier messages…" /> : null
          }
          ItemSeparatorComponent={() => <View style={{ height: spacing.md }} />}
          contentContainerStyle={[
            styles.column,
            { maxWidth: maxContentWidth, padding: spacing.lg, flexGrow: 1 },
          ]}
          accessibilityLabel="Conversation"
          testID="messages"
        />
        <View style={[styles.column, { maxWidth: maxContentWidth, padding: spacing.md }]}>
          <Composer
            onSend={(text) => {
              // The new question and its answer appear at the bottom: bring it into view, also
              // when the learner had scrolled up to read older messages.
              list.current?.scrollToOffset({ offset: 0, animated: true });
              void chat.send(text, attachments.take(), sendOptions());
            }}
            onAttach={() => void attachments.pick()}
            attachments={attachments.items}
            onRemoveAttachment={attachments.remove}
            busy={chat.busy}
            onStop={chat.stop}
            placeholder={topic ? `Ask about ${topic}…` : 'Ask anything…'}
          />
          {quiz.isError ? <InlineError>{errorMessage(quiz.error)}</InlineError> : null}
          {attachments.error ? <InlineError>{attachments.error}</InlineError> : null}
          {copyFailed ? <InlineError>Couldn’t copy. Select the text and copy it instead.</InlineError> : null}
          {save.isError ? <InlineError>{errorMessage(save.error)}</InlineError> : null}
        </View>
      </KeyboardAvoidingView>
      <Modal
        visible={editing != null}
        title="Edit your question"
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button label="Cancel" variant="ghost" size="sm" onPress={() => setEditing(null)} />
            <Button
              label="Send edit"
              accessibilityLabel="Send edited question"
              size="sm"
              disabled={!editing?.draft.trim() || editing.draft.trim() === editing.message.content}
              onPress={() => void sendEdit()}
            />
          </>
        }
      >
        {editing ? (
          <View style={{ gap: spacing.sm }}>
            <Input
              label="Your question"
              value={editing.draft}
              onChangeText={(draft) => setEditing((e) => (e ? { ...e, draft } : e))}
              multiline
              autoFocus
              maxLength={10_000}
            />
            <Text variant="caption" tone="muted">
              ChitChat answers the new question, and its answer replaces the old one.
            </Text>
          </View>
        ) : null}
      </Modal>
      <Modal
        visible={cited != null}
        title={cited ? `${cited.title}${cited.page ? ` · page ${cited.page}` : ''}` : ''}
        onClose={() => setCited(null)}
      >
        {cited ? (
          <View style={{ gap: spacing.sm }}>
            <Text variant="caption" tone="muted">
              Cited passage
            </Text>
            <Text style={{ fontStyle: 'italic' }}>“{cited.snippet}”</Text>
            {cited.sourceType === 'document' ? (
              <Button
                label={cited.page ? `Open page ${cited.page}` : 'Open document'}
                variant="secondary"
                onPress={() => void openDocument(cited)}
              />
            ) : null}
            {opening ? <InlineError>{opening}</InlineError> : null}
          </View>
        ) : null}
      </Modal>
    </SafeAreaView>
  );
  if (!wide) return conversation;
  // A desktop window shows the conversation list beside the open conversation, as mail and chat
  // apps do: another conversation opens in its place, with no trip back to the list.
  const openId = chat.sessionId ?? initial;
  return (
    <View style={[styles.fill, styles.split, { backgroundColor: colors.background }]}>
      <View style={[styles.side, { borderColor: colors.border }]}>
        <ConversationList
          compact
          selectedId={openId}
          onOpen={(sid) => {
            if (sid !== openId) router.replace({ pathname: '/session', params: { id: sid } });
          }}
          onNew={() => router.replace({ pathname: '/session', params: { id: 'new' } })}
        />
      </View>
      {conversation}
    </View>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  upright: { transform: [{ scaleY: -1 }] },
  split: { flexDirection: 'row' },
  side: { width: 360, borderRightWidth: StyleSheet.hairlineWidth },
  column: { width: '100%', alignSelf: 'center' },
  bar: { borderBottomWidth: StyleSheet.hairlineWidth },
  starters: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'center' },
});
