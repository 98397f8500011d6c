import { MakeCardsButton } from '@/components/concepts/MakeCardsButton';
import type { Upload } from '@chitchat/contracts';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { ActivityIndicator, Linking, Pressable, StyleSheet, View } from 'react-native';
import {
  Button,
  Card,
  EmptyState,
  ErrorState,
  Icon,
  LoadingState,
  Modal,
  Screen,
  Text,
  type IconName,
} from '@/components/ui';
import { ApiError, failureMessage, resolveApiUrl } from '@/lib/api';
import {
  isProcessing,
  useDeleteUploadMutation,
  useRetryUploadMutation,
  useUploadQuery,
} from '@/state/queries/uploads';
import { useTheme } from '@/theme';
import { isUuid } from '@/lib/ids';

const KIND: Record<Upload['kind'], { label: string; icon: IconName }> = {
  document: { label: 'Document', icon: 'document-text-outline' },
  image: { label: 'Image', icon: 'image-outline' },
  video: { label: 'Video', icon: 'play-circle-outline' },
};

const STATUS: Record<'pending' | 'uploaded' | 'processing', string> = {
  pending: 'Waiting for the file to finish uploading…',
  uploaded: 'Waiting its turn to be read…',
  processing: 'Reading the file and writing a summary…',
};

/**
 * One upload (param `id`; `item`: its Library entry, removed with it on Delete): what the
 * server made of it — summary, key concepts, suggested questions that start a chat about it —
 * its status while it is read (polled), a link to the file, and Delete.
 */
export default function UploadScreen() {
  const { id, item } = useLocalSearchParams<{ id: string; item?: string }>();
  const valid = isUuid(id);
  const upload = useUploadQuery(valid ? id : undefined);
  const router = useRouter();

  const backToLibrary = () => (router.canGoBack() ? router.back() : router.replace('/library'));

  if (!valid || (upload.error instanceof ApiError && upload.error.status === 404)) {
    return (
      <Screen>
        <Stack.Screen options={{ title: 'Not found' }} />
        <EmptyState
          icon="help-circle-outline"
          title="This document isn’t here"
          message="It may have been deleted, perhaps on another device, or the link is wrong."
          actionLabel="Go to your Library"
          onAction={() => router.replace('/library')}
        />
      </Screen>
    );
  }
  if (upload.isPending) return <LoadingState label="Opening the document…" />;
  if (upload.isError) {
    return (
      <Screen>
        <ErrorState
          message={failureMessage(upload.error, 'The document could not be opened')}
          onRetry={() => void upload.refetch()}
        />
      </Screen>
    );
  }
  return (
    <UploadDetail
      upload={upload.data}
      libraryItemId={typeof item === 'string' ? item : undefined}
      onDeleted={backToLibrary}
    />
  );
}

function UploadDetail({
  upload: u,
  libraryItemId,
  onDeleted,
}: {
  upload: Upload;
  libraryItemId?: string;
  onDeleted: () => void;
}) {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const retry = useRetryUploadMutation();
  const remove = useDeleteUploadMutation();
  const [confirming, setConfirming] = useState(false);
  const [openFailed, setOpenFailed] = useState(false);
  const kind = KIND[u.kind];
  const facts = [
    kind.label,
    typeLabel(u),
    u.size != null ? formatSize(u.size) : null,
    u.pageCount ? `${u.pageCount} ${u.pageCount === 1 ? 'page' : 'pages'}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const ask = (question: string) =>
    router.push({ pathname: '/session', params: { id: 'new', ask: question, document: u.id } });

  const open = async () => {
    setOpenFailed(false);
    try {
      await Linking.openURL(resolveApiUrl(u.downloadUrl!));
    } catch {
      setOpenFailed(true);
    }
  };

  const a = u.status === 'ready' ? u.analysis : null;
  return (
    <Screen>
      <Stack.Screen options={{ title: kind.label }} />
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={[styles.icon, { backgroundColor: colors.primarySoft, borderRadius: radius.md }]}>
          <Icon name={kind.icon} size={26} color={colors.primary} />
        </View>
        <View style={styles.fill}>
          <Text variant="title" accessibilityRole="header" numberOfLines={2}>
            {u.fileName}
          </Text>
          <Text tone="muted">{facts}</Text>
        </View>
      </View>

      <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
        {u.downloadUrl ? (
          <Button
            label="Open the file"
            accessibilityLabel={`Open ${u.fileName}`}
            variant="secondary"
            icon={<Icon name="open-outline" size={18} color={colors.primary} />}
            onPress={() => void open()}
          />
        ) : null}
        <Button
          label="Delete"
          accessibilityLabel={`Delete ${u.fileName}`}
          variant="danger"
          icon={<Icon name="trash-outline" size={18} color={colors.danger} />}
          onPress={() => setConfirming(true)}
        />
      </View>
      {u.status === 'ready' && a && a.keyConcepts.length ? (
        <MakeCardsButton source={{ type: 'document', id: u.id }} what="document" />
      ) : null}
      {openFailed ? (
        <Text variant="caption" tone="danger" accessibilityRole="alert">
          The file could not be opened here. Try again, or open ChitChat in a browser.
        </Text>
      ) : null}

      {isProcessing(u) ? (
        <View
          role="status"
          aria-live="polite"
          style={[
            styles.row,
            {
              gap: spacing.sm,
              padding: spacing.md,
              borderRadius: radius.md,
              backgroundColor: colors.surface,
              borderWidth: 1,
              borderColor: colors.border,
            },
          ]}
        >
          <ActivityIndicator color={colors.primary} />
          <Text style={styles.fill}>{STATUS[u.status as keyof typeof STATUS]}</Text>
        </View>
      ) : null}

      {u.status === 'failed' ? (
        <View
          role="alert"
          style={{
            gap: spacing.sm,
            padding: spacing.md,
            borderRadius: radius.md,
            backgroundColor: colors.dangerSoft,
          }}
        >
          <Text variant="bodyStrong" tone="danger">
            ChitChat couldn’t read this file
          </Text>
          <Text>{readableFailure(u.error)}</Text>
          <Button
            label="Try again"
            accessibilityLabel="Read the file again"
            variant="secondary"
            size="sm"
            loading={retry.isPending}
            onPress={() => retry.mutate(u.id)}
            style={styles.start}
          />
          {retry.isError ? (
            <Text variant="caption" tone="danger">
              {failureMessage(retry.error, 'It could not be read again')}
            </Text>
          ) : null}
        </View>
      ) : null}

      {u.status === 'ready' && !a ? (
        <Text tone="muted">ChitChat kept this file but has no summary of it.</Text>
      ) : null}

      {a ? (
        <>
          <Card style={{ gap: spacing.sm }}>
            <Text variant="heading" accessibilityRole="header">
              Summary
            </Text>
            <Text testID="upload-summary">{a.summary}</Text>
          </Card>
          {a.keyConcepts.length ? (
            <Card style={{ gap: spacing.md }}>
              <Text variant="heading" accessibilityRole="header">
                Key concepts
              </Text>
              <View role="list" aria-label="Key concepts" style={{ gap: spacing.md }}>
                {a.keyConcepts.map((c) => (
                  <View role="listitem" key={c.name} style={{ gap: 2 }}>
                    <Text variant="bodyStrong">{capitalise(c.name)}</Text>
                    <Text tone="muted">{c.explanation}</Text>
                  </View>
                ))}
              </View>
            </Card>
          ) : null}
          {a.suggestedQuestions.length ? (
            <View style={{ gap: spacing.sm }}>
              <Text variant="heading" accessibilityRole="header">
                Ask about it
              </Text>
              {a.suggestedQuestions.map((q) => (
                <Pressable
                  key={q}
                  onPress={() => ask(q)}
                  accessibilityRole="button"
                  accessibilityLabel={`Ask: ${q}`}
                  style={({ pressed }) => [
                    styles.row,
                    {
                      gap: spacing.sm,
                      padding: spacing.md,
                      borderRadius: radius.md,
                      borderWidth: 1,
                      borderColor: colors.border,
                      backgroundColor: pressed ? colors.primarySoft : colors.surface,
                    },
                  ]}
                >
                  <Icon name="chatbubble-ellipses-outline" size={18} color={colors.primary} />
                  <Text style={styles.fill}>{q}</Text>
                  <Icon name="chevron-forward" size={18} color={colors.textMuted} />
                </Pressable>
              ))}
            </View>
          ) : null}
        </>
      ) : null}

      <Modal
        visible={confirming}
        title={`Delete ${u.fileName}?`}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <Button label="Cancel" variant="ghost" size="sm" onPress={() => setConfirming(false)} />
            <Button
              label="Delete"
              accessibilityLabel="Delete for good"
              variant="danger"
              size="sm"
              loading={remove.isPending}
              onPress={() =>
                remove.mutate(
                  { id: u.id, libraryItemId },
                  {
                    onSuccess: () => {
                      setConfirming(false);
                      onDeleted();
                    },
                  },
                )
              }
            />
          </>
        }
      >
        <View style={{ gap: spacing.sm }}>
          <Text>
            The file, its text and its summary are deleted, and it leaves your Library. Chats that quoted it
            keep their answers, and the flashcards made from it stay in Review (its concepts show it as
            deleted).
          </Text>
          {remove.isError ? (
            <Text variant="caption" tone="danger" accessibilityRole="alert">
              {failureMessage(remove.error, 'It was not deleted')}
            </Text>
          ) : null}
        </View>
      </Modal>
    </Screen>
  );
}

/** "PDF", "Markdown", … from the type found in the bytes (or the one the device claimed). */
function typeLabel(u: Upload): string | null {
  const t = u.mediaType ?? u.declaredType;
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
    'text/plain': 'Text',
    'text/markdown': 'Markdown',
    'video/quicktime': 'QuickTime',
  };
  if (known[t]) return known[t];
  const sub = t.split('/')[1];
  return sub && /^[a-z0-9]+$/i.test(sub) ? sub.toUpperCase() : null;
}

/** Keyphrases come lower-case from the offline engine ("cell"); as headings they start with a capital. */
function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The server's reason, without the parts written for developers (exit codes, MIME types). */
function readableFailure(error: string | null): string {
  if (!error)
    return 'The file may be damaged or in a form ChitChat cannot read. Try again, or upload it once more.';
  return error
    .replace(/\s*\((?:reader )?exited with [^)]*\)/g, '')
    .replace(/ or hostile/g, '')
    .replace(/\b(?:application|text|image|video)\/[\w.+-]+/g, 'this kind of file');
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  row: { flexDirection: 'row', alignItems: 'center' },
  wrap: { flexWrap: 'wrap' },
  start: { alignSelf: 'flex-start' },
  icon: { width: 48, height: 48, alignItems: 'center', justifyContent: 'center' },
});
