import { MakeCardsButton } from '@/components/concepts/MakeCardsButton';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import {
  CompleteLesson,
  isLessonId,
  isNotFound,
  isUuid,
  LearningNotFound,
  LessonContent,
  SaveButton,
} from '@/components/learning';
import { HeaderBack } from '@/components/HeaderBack';
import { QueryFallback } from '@/components/QueryFallback';
import { Button, Icon, Screen, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useCompleteLessonMutation, useLearningPathQuery, useLessonQuery } from '@/state/queries/learning';
import { useGenerateReviewMutation } from '@/state/queries/review';
import { useTheme } from '@/theme';

/** A lesson of my path: the lesson (or its outline), "complete" (XP), review cards, next lesson. */
export default function PathLessonScreen() {
  const { id, lessonId } = useLocalSearchParams<'/paths/[id]/lessons/[lessonId]'>();
  const router = useRouter();
  const { colors, spacing } = useTheme();
  const valid = isUuid(id) && isLessonId(lessonId);
  const lesson = useLessonQuery(valid ? id : undefined, valid ? lessonId : undefined);
  const path = useLearningPathQuery(valid ? id : undefined);
  const complete = useCompleteLessonMutation(id);
  const review = useGenerateReviewMutation();

  if (!valid || isNotFound(lesson.error))
    return (
      <LearningNotFound
        what="lesson"
        back={isUuid(id) ? { pathname: '/paths/[id]', params: { id } } : '/paths'}
        backLabel="See the path"
      />
    );
  if (!lesson.isSuccess) return <QueryFallback query={lesson} loading="Preparing your lesson…" />;
  const l = lesson.data;
  const lessons = path.data?.lessons ?? [];
  const index = lessons.findIndex((x) => x.id === lessonId);
  const following = index >= 0 ? lessons[index + 1] : undefined;
  const finished = l.completed || !!complete.data;
  // Back to the path's screen: popped to when it is below in the stack (else it replaces this one).
  const allLessons = () => router.dismissTo({ pathname: '/paths/[id]', params: { id } });

  return (
    <Screen edges={[]}>
      <Stack.Screen
        options={{
          title: l.lesson.title,
          headerLeft: () => <HeaderBack fallback={{ pathname: '/paths/[id]', params: { id } }} />,
        }}
      />
      <View style={{ gap: spacing.xs }}>
        <Text variant="caption" tone="primary">
          {path.data?.title ?? 'Lesson'} · lesson {l.position}
          {lessons.length ? ` of ${lessons.length}` : ''}
        </Text>
        <Text variant="caption" tone="muted">
          {l.lesson.estimatedMinutes} min · {l.lesson.difficulty}
        </Text>
      </View>
      <LessonContent lesson={l} />
      <CompleteLesson
        completed={l.completed}
        mutation={complete}
        onComplete={() => complete.mutate(lessonId)}
      />
      <View style={[styles.row, { gap: spacing.sm }]}>
        {l.offline ? null : (
          <Button
            label={review.isPending ? 'Making review cards…' : 'Review this lesson'}
            variant="secondary"
            icon={<Icon name="layers-outline" size={18} color={colors.primary} />}
            loading={review.isPending}
            onPress={() =>
              review.mutate(
                { source: { type: 'lesson', id, lessonId }, count: 4 },
                {
                  onSuccess: () =>
                    router.push({
                      pathname: '/review',
                      params: { sourceType: 'lesson', sourceId: id, lessonId },
                    }),
                },
              )
            }
          />
        )}
        {following ? (
          <Button
            label="Next lesson"
            variant={finished ? 'primary' : 'ghost'}
            onPress={() =>
              router.replace({
                pathname: '/paths/[id]/lessons/[lessonId]',
                params: { id, lessonId: following.id },
              })
            }
          />
        ) : null}
        <Button label="All lessons" variant="ghost" onPress={allLessons} />
        <SaveButton body={{ kind: 'lesson', pathId: id, lessonId }} label="Save lesson to library" />
      </View>
      {/* A lesson a model planned is material (its objectives are concepts), even while its text is an outline. */}
      {!l.offline || path.data?.offline === false ? (
        <MakeCardsButton source={{ type: 'lesson', id, lessonId }} what="lesson" />
      ) : null}
      {review.isPending ? <Text tone="muted">Making review cards from this lesson…</Text> : null}
      {review.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(review.error, 'No review cards were made')}
        </Text>
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap' },
});
