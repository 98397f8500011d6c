import { Stack as ExpoStack, useLocalSearchParams, useRouter } from 'expo-router';
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
import { Button, Card, Row, Screen, Stack, Text } from '@/components/ui';
import { useIsWide } from '@/lib/layout';
import { useLearningPathQuery } from '@/state/queries/learning';
import { useTheme } from '@/theme';
import { WIDE_CONTENT_WIDTH } from '@/theme/spacing';

/** One of my learning paths: progress, continue, lessons; save, rename and delete. */
export default function PathScreen() {
  const { id } = useLocalSearchParams<'/paths/[id]'>();
  const router = useRouter();
  const { spacing } = useTheme();
  const wide = useIsWide();
  const valid = isUuid(id);
  const path = useLearningPathQuery(valid ? id : undefined);

  if (!valid || isNotFound(path.error))
    return <LearningNotFound what="learning path" back="/paths" backLabel="See my learning paths" />;
  if (!path.isSuccess) return <QueryFallback query={path} loading="Loading the path…" />;
  const p = path.data;
  const done = new Set(p.progress.completedLessons);
  const next = nextLessonId(p.progress, p.lessons, done);
  const open = (lessonId: string) =>
    router.push({ pathname: '/paths/[id]/lessons/[lessonId]', params: { id, lessonId } });

  const about = (
    <Stack gap="lg" fill={wide}>
      <Stack gap="sm">
        {p.description ? <Text tone="muted">{p.description}</Text> : null}
        <Text variant="caption" tone="muted">
          {p.lessonCount} lessons{p.estimatedHours ? ` · about ${p.estimatedHours} h` : ''}
          {p.difficulty ? ` · ${p.difficulty}` : ''}
        </Text>
        {p.offline ? (
          <Text variant="caption" tone="muted">
            An outline, planned without an AI model: its lessons open as outlines with passages from your own
            material.
          </Text>
        ) : null}
        <PathActions path={p} onDeleted={() => router.dismissTo('/paths')} />
      </Stack>
      <Card style={{ gap: spacing.sm }}>
        <PathProgress percentage={p.progress.completionPercentage} />
        <SaveButton body={{ kind: 'path', pathId: id }} label="Save path to library" />
        {next ? (
          <Button
            label={
              done.size === 0
                ? 'Start the first lesson'
                : p.progress.completionPercentage === 100
                  ? 'Read again'
                  : 'Continue'
            }
            onPress={() => open(next)}
          />
        ) : null}
      </Card>
      <Objectives items={p.objectives} />
    </Stack>
  );
  const lessons = (
    <Stack gap="lg" fill={wide}>
      <LessonList lessons={p.lessons} done={done} onOpen={open} />
    </Stack>
  );

  // On a desktop-sized window: what the path is on the left, its lessons beside it.
  return (
    <Screen edges={[]} contentStyle={wide ? { maxWidth: WIDE_CONTENT_WIDTH } : undefined}>
      <ExpoStack.Screen options={{ title: p.title, headerLeft: () => <HeaderBack fallback="/paths" /> }} />
      {wide ? (
        <Row gap="xl" align="flex-start">
          {about}
          {lessons}
        </Row>
      ) : (
        <>
          {about}
          {lessons}
        </>
      )}
    </Screen>
  );
}
