import type { CuriosityTile as Tile } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, useWindowDimensions, View } from 'react-native';
import { CuriosityTile } from '@/components/CuriosityTile';
import { OfflineNotice } from '@/components/OfflineNotice';
import { ResourceCard } from '@/components/ResourceCard';
import { Button, EmptyState, ErrorState, LoadingState, Modal, Screen, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
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

  const startAs = (tile: Tile, as: 'chat' | 'path') =>
    start.mutate(
      { tileId: tile.id, as },
      {
        onSuccess: (r) => {
          setOpen(null);
          if (r.kind === 'path') router.push({ pathname: '/learning-path', params: { id: r.path.id } });
          else router.push({ pathname: '/session', params: { id: r.sessionId, prompt: r.prompt } });
        },
      },
    );

  return (
    <Screen title="Discover" subtitle="Something new to wonder about, every day">
      <OfflineNotice />
      {tiles.isPending ? (
        <LoadingState label="Finding today’s ideas…" />
      ) : tiles.isError ? (
        <ErrorState message={errorMessage(tiles.error)} onRetry={() => void tiles.refetch()} />
      ) : tiles.data.tiles.length === 0 ? (
        <EmptyState icon="compass-outline" title="No ideas today" message="Add interests in your profile to get tiles made for you." />
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
                <CuriosityTile icon={topicIcon(`${t.topic} ${t.title}`)} title={t.title} subtitle={t.description} onPress={() => setOpen(t)} />
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
        <EmptyState icon="school-outline" title="No tutor paths yet" message="When tutors publish learning paths they appear here." />
      ) : (
        <View style={{ gap: spacing.sm }}>
          {published.map((p) => (
            <ResourceCard
              key={p.id}
              kind="path"
              title={p.title}
              description={p.description ?? undefined}
              meta={`${p.lessonCount} lessons · ${p.difficulty} · by ${p.tutor.displayName ?? 'a tutor'}${p.enrolled ? ' · enrolled' : ''}`}
              onPress={() => router.push({ pathname: '/learning-path', params: { catalog: p.id } })}
            />
          ))}
          {paths.hasNextPage ? (
            <Button label="Load more" variant="ghost" loading={paths.isFetchingNextPage} onPress={() => void paths.fetchNextPage()} />
          ) : null}
        </View>
      )}

      <Modal
        visible={open != null}
        title={open?.title ?? ''}
        onClose={() => {
          setOpen(null);
          start.reset();
          save.reset();
        }}
      >
        {open ? (
          <View style={{ gap: spacing.md }}>
            <Text tone="muted">{open.description}</Text>
            <Button label="Ask ChitChat about it" loading={start.isPending && start.variables?.as === 'chat'} onPress={() => startAs(open, 'chat')} />
            <Button label="Make it a learning path" variant="secondary" loading={start.isPending && start.variables?.as === 'path'} onPress={() => startAs(open, 'path')} />
            <Button
              label={save.isSuccess ? 'Saved to library' : 'Save to library'}
              variant="ghost"
              disabled={save.isSuccess}
              loading={save.isPending}
              onPress={() => save.mutate({ kind: 'tile', tile: { emoji: open.emoji, title: open.title, description: open.description, topic: open.topic } })}
            />
            {start.isError || save.isError ? (
              <Text tone="danger" accessibilityRole="alert">
                {errorMessage(start.error ?? save.error)}
              </Text>
            ) : null}
          </View>
        ) : null}
      </Modal>
    </Screen>
  );
}

const styles = StyleSheet.create({
  grid: { flexDirection: 'row', flexWrap: 'wrap' },
});
