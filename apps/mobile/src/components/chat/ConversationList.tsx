import type { ChatSession } from '@chitchat/contracts';
import { useState, type ReactNode } from 'react';
import { FlatList, Pressable, StyleSheet, View } from 'react-native';
import {
  Button,
  Card,
  EmptyState,
  ErrorState,
  Icon,
  InlineError,
  Input,
  LoadingState,
  Modal,
  Row,
  Stack,
  Text,
} from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { learnerError } from '@/lib/learnerError';
import {
  useChatSessionsQuery,
  useDeleteSessionMutation,
  useRenameSessionMutation,
} from '@/state/queries/chat';
import { useTheme } from '@/theme';

function when(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** A message as one line of plain text for the list's preview: Markdown marks dropped. */
export function previewText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`|~~)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const GONE = 'This conversation is no longer here — it may have been deleted on another device.';

/** Rename or delete one conversation; delete asks first. */
function ConversationOptions({ session, onClose }: { session: ChatSession; onClose: () => void }) {
  const { colors } = useTheme();
  const [name, setName] = useState(session.title ?? '');
  const [confirming, setConfirming] = useState(false);
  const rename = useRenameSessionMutation();
  const remove = useDeleteSessionMutation();
  const shown = session.title ?? 'Untitled conversation';
  const trimmed = name.trim();
  return (
    <Modal visible title={confirming ? 'Delete this conversation?' : 'Conversation'} onClose={onClose}>
      {confirming ? (
        <Stack gap="md">
          <Text>
            “{shown}” and all its messages will be deleted for good. Answers you saved to your library stay
            there.
          </Text>
          {remove.isError ? (
            <InlineError>Not deleted. {learnerError(remove.error, { notFound: GONE })}</InlineError>
          ) : null}
          <Row gap="sm" justify="flex-end">
            <Button
              label="Keep it"
              variant="ghost"
              size="sm"
              onPress={() => setConfirming(false)}
              disabled={remove.isPending}
            />
            <Button
              label={remove.isPending ? 'Deleting…' : 'Delete'}
              accessibilityLabel="Delete for good"
              variant="danger"
              size="sm"
              loading={remove.isPending}
              onPress={() => remove.mutate(session.id, { onSuccess: onClose })}
            />
          </Row>
        </Stack>
      ) : (
        <Stack gap="md">
          <Input
            label="Name"
            value={name}
            onChangeText={setName}
            maxLength={200}
            autoFocus
            returnKeyType="done"
            onSubmitEditing={() =>
              trimmed && rename.mutate({ id: session.id, title: trimmed }, { onSuccess: onClose })
            }
          />
          {rename.isError ? (
            <InlineError>Not renamed. {learnerError(rename.error, { notFound: GONE })}</InlineError>
          ) : null}
          <Button
            label={rename.isPending ? 'Saving…' : 'Save name'}
            size="sm"
            loading={rename.isPending}
            disabled={!trimmed || trimmed === session.title}
            onPress={() => rename.mutate({ id: session.id, title: trimmed }, { onSuccess: onClose })}
          />
          <Button
            label="Delete conversation"
            variant="danger"
            size="sm"
            icon={<Icon name="trash-outline" size={16} color={colors.danger} />}
            onPress={() => setConfirming(true)}
          />
        </Stack>
      )}
    </Modal>
  );
}

/**
 * The conversation list (most recent first, loads more as you scroll) with "new chat", rename and
 * delete: the Chat tab on a phone, and the left column beside the open conversation on a desktop
 * window, where `selectedId` marks the one open.
 */
export function ConversationList({
  selectedId,
  onOpen,
  onNew,
  compact = false,
}: {
  selectedId?: string;
  onOpen: (id: string) => void;
  onNew: () => void;
  /** The narrow column beside a conversation: tighter padding, no subtitle. */
  compact?: boolean;
}) {
  const { colors, radius, spacing, maxContentWidth } = useTheme();
  const sessions = useChatSessionsQuery();
  const [options, setOptions] = useState<ChatSession | null>(null);
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? [];

  const header: ReactNode = (
    <Stack gap="lg" style={{ paddingBottom: spacing.md }}>
      <Row gap="md">
        <Stack fill>
          <Text variant="title" accessibilityRole="header">
            Chats
          </Text>
          {compact ? null : <Text tone="muted">Your conversations with ChitChat</Text>}
        </Stack>
        <Button
          label="New"
          size="sm"
          accessibilityLabel="New conversation"
          icon={<Icon name="add" size={18} color={colors.onPrimary} />}
          onPress={onNew}
        />
      </Row>
      {sessions.isPending ? <LoadingState label="Loading conversations…" /> : null}
      {sessions.isError ? (
        <ErrorState message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />
      ) : null}
      {sessions.isSuccess && items.length === 0 ? (
        <EmptyState
          icon="chatbubbles-outline"
          title="No conversations yet"
          message="Start a chat to ask questions, upload notes or get a topic explained."
          // Beside an open conversation the New button above is enough.
          actionLabel={compact ? undefined : 'Start a conversation'}
          onAction={compact ? undefined : onNew}
        />
      ) : null}
    </Stack>
  );

  const renderItem = ({ item }: { item: ChatSession }) => {
    const selected = item.id === selectedId;
    return (
      <Row gap="xs">
        <Stack fill>
          <Card
            onPress={() => onOpen(item.id)}
            accessibilityLabel={`Chat: ${item.title ?? 'Untitled conversation'}`}
            current={selected}
            style={selected ? { borderColor: colors.primary, backgroundColor: colors.primarySoft } : null}
          >
            <Row gap="md">
              <View style={[styles.badge, { backgroundColor: colors.accentSoft, borderRadius: radius.md }]}>
                <Icon name="chatbubble-ellipses-outline" color={colors.accent} />
              </View>
              <Stack fill>
                <Row gap="sm">
                  <Text variant="bodyStrong" numberOfLines={1} style={styles.flex}>
                    {item.title ?? 'Untitled conversation'}
                  </Text>
                  <Text variant="small" tone="muted">
                    {when(item.updatedAt)}
                  </Text>
                </Row>
                {item.lastMessage ? (
                  <Text variant="caption" tone="muted" numberOfLines={2}>
                    {previewText(item.lastMessage)}
                  </Text>
                ) : null}
              </Stack>
            </Row>
          </Card>
        </Stack>
        <Pressable
          onPress={() => setOptions(item)}
          accessibilityRole="button"
          accessibilityLabel={`Options for ${item.title ?? 'Untitled conversation'}`}
          hitSlop={8}
          style={({ pressed }) => [
            styles.more,
            { borderRadius: radius.pill, backgroundColor: pressed ? colors.surfaceAlt : 'transparent' },
          ]}
        >
          <Icon name="ellipsis-vertical" size={20} color={colors.textMuted} />
        </Pressable>
      </Row>
    );
  };

  return (
    <>
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
        contentContainerStyle={{
          padding: compact ? spacing.md : spacing.lg,
          paddingTop: spacing.xl,
          width: '100%',
          maxWidth: maxContentWidth,
          alignSelf: 'center',
        }}
        accessibilityLabel="Conversations"
      />
      {options ? (
        <ConversationOptions key={options.id} session={options} onClose={() => setOptions(null)} />
      ) : null}
    </>
  );
}

const styles = StyleSheet.create({
  flex: { flex: 1 },
  more: { width: 40, height: 40, alignItems: 'center', justifyContent: 'center' },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
});
