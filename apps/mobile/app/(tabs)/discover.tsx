import { tileChatPrompt, type CuriosityTile as Tile } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, useWindowDimensions, View } from 'react-native';
import { CuriosityTile } from '@/components/CuriosityTile';
import { OfflineNotice } from '@/components/OfflineNotice';
import { ResourceCard } from '@/components/ResourceCard';
import { Button, EmptyState, ErrorState, LoadingState, Modal, Screen, Text } from '@/components/ui';
import { errorMessage, failureMessage } from '@/lib/api';
import { topicIcon } from '@/lib/topicIcon';
import { useStartTileMutation, useTilesQuery } from '@/state/queries/discover';
import { useCatalogQuery } from '@/state/queries/tutor';
import { useSaveToLibraryMutation } from '@/state/queries/library';
import { useTheme } from '@/theme';

/** Discover: today's curiosity tiles (start a chat or a path, or save) and published tutor paths. */
export default function DiscoverScreen() {
  const router = useRouter();
  const { spacing } = useTheme();
  const { width } = useWindowDimensions();
  const columns = width >= 900 ? 3 : 2;
  const tiles = useTilesQuery();
  const paths = useCatalogQuery();
  const [open, setOpen] = useState<Tile | null>(null);
  const start = useStartTileMutation();
  const save = useSaveToLibraryMutation();
  const published = paths.data?.pages.flatMap((p) => p.items) ?? [];

  // A chat is not created up front: the session screen sends the tile's question at once and the
  // conversation exists from that first message, so backing out early leaves no empty chat behind.
  const askAbout = (tile: Tile) => {
    setOpen(null);
    router.push({
      pathname: '/session',
      params: { id: 'new', topic: tile.title, ask: tileChatPrompt(tile) },
    });
  };
  const startPath = (tile: Tile) =>
    start.mutate(
      { tileId: tile.id, as: 'path' },
      {
        onSuccess: (r) => {
          setOpen(null);
          if (r.kind === 'path') router.push({ pathname: '/paths/[id]', params: { id: r.path.id } });
          else router.push({ pathname: '/session', params: { id: r.sessionId, prompt: r.prompt } });
        },
      },
    );
  const close = () => {
    if (start.isPending) return;
    setOpen(null);
    start.reset();
    save.reset();
  };

  return (
    <Screen title="Discover" subtitle="Something new to wonder about, every day">
      <OfflineNotice />
      {tiles.isPending ? (
        <LoadingState label="Finding today’s ideas…" />
      ) : tiles.isError ? (
        <ErrorState message={errorMessage(tiles.error)} onRetry={() => void tiles.refetch()} />
      ) : tiles.data.tiles.length === 0 ? (
        <EmptyState
          icon="compass-outline"
          title="No ideas today"
          message="Add interests in your profile to get tiles made for you."
        />
      ) : (
        <>
          {tiles.data.basedOn.length ? (
            <Text variant="caption" tone="muted">
              Picked for you from: {tiles.data.basedOn.slice(0, 4).join(', ')}
            </Text>
          ) : null}
          <View style={[styles.grid, { gap: spacing.md }]}>
            {tiles.data.tiles.map((t) => (
              <View key={t.id} style={{ width: `${100 / columns - 3}%`, flexGrow: 1 }}>
                <CuriosityTile
                  icon={topicIcon(`${t.topic} ${t.title}`)}
                  title={t.title}
                  subtitle={t.description}
                  onPress={() => setOpen(t)}
                />
              </View>
            ))}
          </View>
        </>
      )}

      <Text variant="heading" accessibilityRole="header">
        Paths from tutors
      </Text>
      {paths.isPending ? (
        <LoadingState label="Loading tutor paths…" />
      ) : paths.isError ? (
        <ErrorState message={errorMessage(paths.error)} onRetry={() => void paths.refetch()} />
      ) : published.length === 0 ? (
        <EmptyState
          icon="school-outline"
          title="No tutor paths yet"
          message="When tutors publish learning paths they appear here."
        />
      ) : (
        <View style={{ gap: spacing.sm }}>
          {published.map((p) => (
            <ResourceCard
              key={p.id}
              kind="path"
              title={p.title}
              description={p.description ?? undefined}
              meta={`${p.lessonCount} lessons · ${p.difficulty} · by ${p.tutor.displayName ?? 'a tutor'}${p.enrolled ? ' · enrolled' : ''}`}
              onPress={() => router.push({ pathname: '/catalog/[id]', params: { id: p.id } })}
            />
          ))}
          {paths.hasNextPage ? (
            <Button
              label="Load more"
              variant="ghost"
              loading={paths.isFetchingNextPage}
              onPress={() => void paths.fetchNextPage()}
            />
          ) : null}
        </View>
      )}

      <Modal visible={open != null} title={open?.title ?? ''} onClose={close}>
        {open ? (
          <View style={{ gap: spacing.md }}>
            <View style={[styles.previewHead, { gap: spacing.md }]}>
              <Text
                style={styles.emoji}
                accessibilityElementsHidden
                importantForAccessibility="no-hide-descendants"
              >
                {open.emoji}
              </Text>
              <Text variant="caption" tone="muted" style={styles.shrink}>
                Topic: {open.topic}
              </Text>
            </View>
            <Text>{open.description}</Text>
            <Text variant="caption" tone="muted">
              Ask ChitChat and your question is sent straight away, or get a short learning path of lessons on{' '}
              {open.topic}.
            </Text>
            <Button label="Ask ChitChat about it" disabled={start.isPending} onPress={() => askAbout(open)} />
            <Button
              label="Start a learning path"
              variant="secondary"
              loading={start.isPending}
              onPress={() => startPath(open)}
            />
            {start.isPending ? (
              <Text variant="caption" tone="muted">
                Making your learning path… this can take a little while.
              </Text>
            ) : null}
            <Button
              label={save.isSuccess ? 'Saved to library' : 'Save to library'}
              variant="ghost"
              disabled={save.isSuccess || start.isPending}
              loading={save.isPending}
              onPress={() =>
                save.mutate({
                  kind: 'tile',
                  tile: {
                    emoji: open.emoji,
                    title: open.title,
                    description: open.description,
                    topic: open.topic,
                  },
                })
              }
            />
            {start.isError ? (
              <Text tone="danger" accessibilityRole="alert">
                {failureMessage(start.error, 'The learning path could not be made')}
              </Text>
            ) : save.isError ? (
              <Text tone="danger" accessibilityRole="alert">
                {failureMessage(save.error, 'It could not be saved to your library')}
              </Text>
            ) : null}
            <Button label="Cancel" variant="ghost" disabled={start.isPending} onPress={close} />
          </View>
        ) : null}
      </Modal>
    </Screen>
  );
}

const styles = StyleSheet.create({
  grid: { flexDirection: 'row', flexWrap: 'wrap' },
  previewHead: { flexDirection: 'row', alignItems: 'center' },
  emoji: { fontSize: 32, lineHeight: 40 },
  shrink: { flexShrink: 1 },
});
