import type { LibraryItem } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useEffect, useRef, useState } from 'react';
import {
  FlatList,
  Linking,
  Pressable,
  ScrollView,
  StyleSheet,
  TextInput,
  View,
  type TextStyle,
} from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { Markdown } from '@/components/Markdown';
import { ResourceCard, type ResourceKind } from '@/components/ResourceCard';
import {
  Button,
  EmptyState,
  ErrorState,
  Icon,
  LoadingState,
  Modal,
  ProgressBar,
  Text,
} from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useIsWide } from '@/lib/layout';
import { usePageTitle } from '@/lib/pageTitle';
import { WIDE_CONTENT_WIDTH } from '@/theme/spacing';
import {
  useLibraryQuery,
  useRemoveFromLibraryMutation,
  useSaveToLibraryMutation,
  type LibraryKind,
} from '@/state/queries/library';
import { useAttachments } from '@/state/useAttachments';
import { useTheme } from '@/theme';

const KINDS: { id: LibraryKind | undefined; label: string }[] = [
  { id: undefined, label: 'All' },
  { id: 'message', label: 'Answers' },
  { id: 'document', label: 'Documents' },
  { id: 'path', label: 'Paths' },
  { id: 'lesson', label: 'Lessons' },
  { id: 'tile', label: 'Ideas' },
  { id: 'resource', label: 'Links' },
];

const CARD_KIND: Record<LibraryKind, ResourceKind> = {
  message: 'note',
  document: 'document',
  path: 'path',
  lesson: 'path',
  tile: 'note',
  resource: 'link',
};

/** Library: everything saved, by kind and tag, with text search. */
export default function LibraryScreen() {
  const router = useRouter();
  const { colors, radius, spacing, maxContentWidth, typography } = useTheme();
  // A desktop window lays the saved items out in two columns.
  const wide = useIsWide();
  usePageTitle('Library');
  const [kind, setKind] = useState<LibraryKind | undefined>(undefined);
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<LibraryItem | null>(null);
  const remove = useRemoveFromLibraryMutation();
  const uploads = useAttachments();
  const saveDoc = useSaveToLibraryMutation();

  const savedUploads = useRef(new Set<string>());
  const { items: uploadItems, remove: removeUpload } = uploads;
  const { mutate: saveDocument } = saveDoc;

  // A document uploaded here is saved to the library once the server has read it.
  useEffect(() => {
    for (const a of uploadItems) {
      if (a.status === 'ready' && a.uploadId && !savedUploads.current.has(a.uploadId)) {
        savedUploads.current.add(a.uploadId);
        saveDocument({ kind: 'document', documentId: a.uploadId }, { onSettled: () => removeUpload(a.id) });
      }
    }
  }, [uploadItems, saveDocument, removeUpload]);

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  const library = useLibraryQuery({ kind, tag, q });
  const items = library.data?.pages.flatMap((p) => p.items) ?? [];

  const openItem = (item: LibraryItem) => {
    if (item.sourceAvailable && item.source && item.kind === 'path') {
      router.push({ pathname: '/paths/[id]', params: { id: item.source.id } });
    } else if (item.sourceAvailable && item.source && item.kind === 'lesson' && item.source.lessonId) {
      router.push({
        pathname: '/paths/[id]/lessons/[lessonId]',
        params: { id: item.source.id, lessonId: item.source.lessonId },
      });
    } else if (item.sourceAvailable && item.source && item.kind === 'document') {
      router.push({ pathname: '/uploads/[id]', params: { id: item.source.id, item: item.id } });
    } else if (item.kind === 'resource' && item.url) {
      void Linking.openURL(item.url);
    } else {
      setOpen(item);
    }
  };

  const chip = (on: boolean) => ({
    borderRadius: radius.pill,
    paddingHorizontal: spacing.md,
    paddingVertical: spacing.xs + 2,
    borderWidth: 1,
    borderColor: on ? colors.primary : colors.border,
    backgroundColor: on ? colors.primarySoft : colors.surface,
  });

  const header = (
    <View style={{ gap: spacing.md, paddingBottom: spacing.md }}>
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={{ gap: 4, flex: 1 }}>
          <Text variant="title" accessibilityRole="header">
            Library
          </Text>
          <Text tone="muted">Answers, documents, paths and ideas you’ve saved</Text>
        </View>
        <Button
          label="Upload"
          accessibilityLabel="Upload a document"
          size="sm"
          variant="secondary"
          icon={<Icon name="cloud-upload-outline" size={18} color={colors.primary} />}
          onPress={() => void uploads.pick()}
        />
      </View>
      {uploads.items.map((a) => {
        const pct = Math.round((a.progress ?? 0) * 100);
        const label =
          a.status === 'uploading'
            ? `Uploading ${pct}%`
            : a.status === 'processing'
              ? 'Reading the file…'
              : a.status === 'ready'
                ? 'Saving…'
                : `Upload failed${a.error ? `: ${a.error}` : ''}`;
        return (
          <View
            key={a.id}
            accessible
            accessibilityLabel={`${a.name}: ${label}`}
            style={{
              gap: 4,
              padding: spacing.md,
              borderRadius: radius.md,
              backgroundColor: a.status === 'failed' ? colors.dangerSoft : colors.surface,
              borderWidth: 1,
              borderColor: colors.border,
            }}
          >
            <View style={[styles.row, { gap: spacing.sm }]}>
              <Icon name="document-attach-outline" size={18} color={colors.primary} />
              <Text variant="label" numberOfLines={1} style={{ flex: 1 }}>
                {a.name}
              </Text>
              {a.status === 'failed' ? (
                <Pressable
                  onPress={() => uploads.remove(a.id)}
                  accessibilityRole="button"
                  accessibilityLabel={`Dismiss ${a.name}`}
                  hitSlop={8}
                >
                  <Icon name="close" size={18} color={colors.textMuted} />
                </Pressable>
              ) : null}
            </View>
            <Text variant="small" tone={a.status === 'failed' ? 'danger' : 'muted'}>
              {label}
            </Text>
            {a.status !== 'failed' ? (
              <ProgressBar
                label={`Uploading ${a.name}`}
                value={a.status === 'uploading' ? pct : null}
                tone={a.status === 'uploading' ? 'primary' : 'accent'}
                height={4}
              />
            ) : null}
          </View>
        );
      })}
      <View
        style={[
          styles.search,
          {
            backgroundColor: colors.surface,
            borderColor: colors.border,
            borderRadius: radius.md,
            paddingHorizontal: spacing.md,
          },
        ]}
      >
        <Icon name="search" size={18} color={colors.textMuted} />
        <SearchInput
          value={search}
          onChange={setSearch}
          color={colors.text}
          placeholderColor={colors.textMuted}
          font={typography.body}
        />
        {search ? (
          <Pressable
            onPress={() => setSearch('')}
            accessibilityRole="button"
            accessibilityLabel="Clear search"
            hitSlop={8}
          >
            <Icon name="close-circle" size={18} color={colors.textMuted} />
          </Pressable>
        ) : null}
      </View>
      <ScrollView
        horizontal
        showsHorizontalScrollIndicator={false}
        contentContainerStyle={{ gap: spacing.sm }}
        role="radiogroup"
        aria-label="Kind"
      >
        {KINDS.map((k) => (
          <Pressable
            key={k.label}
            role="radio"
            aria-checked={kind === k.id}
            accessibilityLabel={`Show ${k.label.toLowerCase()}`}
            onPress={() => setKind(k.id)}
            style={chip(kind === k.id)}
          >
            <Text variant="label" style={{ color: kind === k.id ? colors.primary : colors.text }}>
              {k.label}
            </Text>
          </Pressable>
        ))}
      </ScrollView>
      {tag ? (
        <View style={[styles.row, { gap: spacing.sm }]}>
          <Text variant="caption" tone="muted">
            Tag:
          </Text>
          <Pressable
            onPress={() => setTag(undefined)}
            accessibilityRole="button"
            accessibilityLabel={`Remove tag filter ${tag}`}
            style={[chip(true), styles.row, { gap: 4 }]}
          >
            <Text variant="label" tone="primary">
              #{tag}
            </Text>
            <Icon name="close" size={14} color={colors.primary} />
          </Pressable>
        </View>
      ) : null}
      {library.isPending ? <LoadingState label="Loading your library…" /> : null}
      {library.isError ? (
        <ErrorState message={errorMessage(library.error)} onRetry={() => void library.refetch()} />
      ) : null}
      {library.isSuccess && items.length === 0 ? (
        q || kind || tag ? (
          <EmptyState
            icon="search-outline"
            title="Nothing matches"
            message="Try other words, or clear the filters."
          />
        ) : (
          <EmptyState
            icon="bookmark-outline"
            title="Your library is empty"
            message="Save answers from chats, learning paths, lessons and ideas from Discover: they collect here."
            actionLabel="Explore ideas"
            onAction={() => router.push('/discover')}
          />
        )
      ) : null}
    </View>
  );

  return (
    <SafeAreaView edges={['top']} style={[styles.fill, { backgroundColor: colors.background }]}>
      <FlatList
        // A FlatList cannot change its column count in place: a new one for the other layout.
        key={wide ? 'columns' : 'list'}
        numColumns={wide ? 2 : 1}
        columnWrapperStyle={wide ? { gap: spacing.md } : undefined}
        data={items}
        keyExtractor={(i) => i.id}
        ListHeaderComponent={header}
        keyboardShouldPersistTaps="handled"
        renderItem={({ item }) => (
          <View style={[styles.item, { gap: spacing.xs }]}>
            <ResourceCard
              kind={CARD_KIND[item.kind]}
              title={displayTitle(item)}
              description={item.excerpt ?? item.note ?? undefined}
              meta={
                [item.sourceAvailable ? null : 'source deleted', ...item.tags.map((t) => `#${t}`)]
                  .filter(Boolean)
                  .join('  ') || undefined
              }
              onPress={() => openItem(item)}
            />
            {item.tags.length ? (
              <View style={[styles.row, { gap: spacing.xs, flexWrap: 'wrap' }]}>
                {item.tags.map((t) => (
                  <Pressable
                    key={t}
                    onPress={() => setTag(t)}
                    accessibilityRole="button"
                    accessibilityLabel={`Filter by tag ${t}`}
                    hitSlop={4}
                  >
                    <Text variant="small" tone="primary">
                      #{t}
                    </Text>
                  </Pressable>
                ))}
              </View>
            ) : null}
          </View>
        )}
        ItemSeparatorComponent={() => <View style={{ height: wide ? spacing.md : spacing.sm }} />}
        onEndReached={() => {
          if (library.hasNextPage && !library.isFetchingNextPage) void library.fetchNextPage();
        }}
        ListFooterComponent={library.isFetchingNextPage ? <LoadingState label="Loading more…" /> : null}
        contentContainerStyle={{
          padding: spacing.lg,
          paddingTop: spacing.xl,
          width: '100%',
          maxWidth: wide ? WIDE_CONTENT_WIDTH : maxContentWidth,
          alignSelf: 'center',
        }}
      />
      <Modal
        visible={open != null}
        title={open ? displayTitle(open) : ''}
        onClose={() => setOpen(null)}
        footer={
          open ? (
            <>
              <Button
                label="Remove"
                variant="danger"
                size="sm"
                loading={remove.isPending}
                onPress={() => remove.mutate(open.id, { onSuccess: () => setOpen(null) })}
              />
              <Button label="Close" size="sm" onPress={() => setOpen(null)} />
            </>
          ) : null
        }
      >
        {open ? (
          <ScrollView style={{ maxHeight: 420 }} contentContainerStyle={{ gap: spacing.sm }}>
            {open.excerpt ? <Markdown content={open.excerpt} color={colors.text} /> : null}
            {open.note ? <Text tone="muted">Note: {open.note}</Text> : null}
            {!open.sourceAvailable ? (
              <Text tone="danger">The original has been deleted; this is the saved copy.</Text>
            ) : null}
            <Text variant="small" tone="muted">
              Saved {new Date(open.createdAt).toLocaleString()}
            </Text>
          </ScrollView>
        ) : null}
      </Modal>
    </SafeAreaView>
  );
}

function SearchInput({
  value,
  onChange,
  color,
  placeholderColor,
  font,
}: {
  value: string;
  onChange: (v: string) => void;
  color: string;
  placeholderColor: string;
  font: TextStyle;
}) {
  return (
    <TextInput
      value={value}
      onChangeText={onChange}
      placeholder="Search your library"
      placeholderTextColor={placeholderColor}
      accessibilityLabel="Search your library"
      autoCapitalize="none"
      autoCorrect={false}
      returnKeyType="search"
      style={[font, styles.searchInput, { color }]}
    />
  );
}

/** Saved ideas carry the model's emoji in front; the app shows icons instead (as on Discover). */
function displayTitle(item: LibraryItem): string {
  return item.kind === 'tile'
    ? item.title.replace(/^(?:\p{Extended_Pictographic}|\p{Emoji_Presentation}|\u200d|\ufe0f|\s)+/u, '') ||
        item.title
    : item.title;
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  item: { flex: 1, minWidth: 0 },
  row: { flexDirection: 'row', alignItems: 'center' },
  search: { flexDirection: 'row', alignItems: 'center', gap: 8, borderWidth: 1, minHeight: 46 },
  searchInput: { flex: 1, minHeight: 44, outlineStyle: 'none' } as object,
});
