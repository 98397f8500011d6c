import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { View } from 'react-native';
import {
  isNotFound,
  isUuid,
  LearningNotFound,
  LessonList,
  nextLessonId,
  Objectives,
  PathActions,
  PathProgress,
  SaveButton,
} from '@/components/learning';
import { HeaderBack } from '@/components/HeaderBack';
import { QueryFallback } from '@/components/QueryFallback';
import { Button, Card, Screen, Text } from '@/components/ui';
import { useLearningPathQuery } from '@/state/queries/learning';
import { useTheme } from '@/theme';

/** One of my learning paths: progress, continue, lessons; save, rename and delete. */
export default function PathScreen() {
  const { id } = useLocalSearchParams<'/paths/[id]'>();
  const router = useRouter();
  const { spacing } = useTheme();
  const valid = isUuid(id);
  const path = useLearningPathQuery(valid ? id : undefined);

  if (!valid || isNotFound(path.error)) return <LearningNotFound what="learning path" back="/paths" backLabel="See my learning paths" />;
  if (!path.isSuccess) return <QueryFallback query={path} loading="Loading the path…" />;
  const p = path.data;
  const done = new Set(p.progress.completedLessons);
  const next = nextLessonId(p.progress, p.lessons, done);
  const open = (lessonId: string) => router.push({ pathname: '/paths/[id]/lessons/[lessonId]', params: { id, lessonId } });

  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: p.title, headerLeft: () => <HeaderBack fallback="/paths" /> }} />
      <View style={{ gap: spacing.sm }}>
        {p.description ? <Text tone="muted">{p.description}</Text> : null}
        <Text variant="caption" tone="muted">
          {p.lessonCount} lessons{p.estimatedHours ? ` · about ${p.estimatedHours} h` : ''}
          {p.difficulty ? ` · ${p.difficulty}` : ''}
        </Text>
        {p.offline ? (
          <Text variant="caption" tone="muted">
            An outline, planned without an AI model: its lessons open as outlines with passages from your own material.
          </Text>
        ) : null}
        <PathActions path={p} onDeleted={() => router.dismissTo('/paths')} />
      </View>
      <Card style={{ gap: spacing.sm }}>
        <PathProgress percentage={p.progress.completionPercentage} />
        <SaveButton body={{ kind: 'path', pathId: id }} label="Save path to library" />
        {next ? (
          <Button
            label={done.size === 0 ? 'Start the first lesson' : p.progress.completionPercentage === 100 ? 'Read again' : 'Continue'}
            onPress={() => open(next)}
          />
        ) : null}
      </Card>
      <Objectives items={p.objectives} />
      <LessonList lessons={p.lessons} done={done} onOpen={open} />
    </Screen>
  );
}
