import { useQueryClient } from '@tanstack/react-query';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import {
  CompleteLesson,
  isLessonId,
  isNotFound,
  isUuid,
  LearningNotFound,
  LessonContent,
} from '@/components/learning';
import { MakeCardsButton } from '@/components/concepts/MakeCardsButton';
import { HeaderBack } from '@/components/HeaderBack';
import { Button, ErrorState, LoadingState, Screen, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { markContentCompleted, useEnrollmentLessonContentQuery } from '@/state/queries/enrollments';
import { useCompleteEnrollmentLessonMutation, useEnrollmentQuery } from '@/state/queries/tutor';
import { useTheme } from '@/theme';

/** A lesson of a tutor's path I am enrolled in: the full lesson (its outline without a model), "complete", next lesson. */
export default function EnrollmentLessonScreen() {
  const { id, lessonId } = useLocalSearchParams<'/enrollments/[id]/lessons/[lessonId]'>();
  const router = useRouter();
  const qc = useQueryClient();
  const { spacing } = useTheme();
  const valid = isUuid(id) && isLessonId(lessonId);
  const lesson = useEnrollmentLessonContentQuery(valid ? id : undefined, valid ? lessonId : undefined);
  const enrollment = useEnrollmentQuery(valid ? id : undefined);
  const complete = useCompleteEnrollmentLessonMutation(id);

  if (!valid || isNotFound(lesson.error))
    return (
      <LearningNotFound
        what="lesson"
        back={isUuid(id) ? { pathname: '/enrollments/[id]', params: { id } } : '/enrollments'}
        backLabel="See the path"
      />
    );
  if (lesson.isPending) return <LoadingState label="Preparing your lesson…" />;
  if (lesson.isError)
    return (
      <Screen edges={[]}>
        <Stack.Screen options={{ title: 'Lesson' }} />
        <ErrorState
          message={failureMessage(lesson.error, 'The lesson could not be opened')}
          onRetry={() => void lesson.refetch()}
        />
      </Screen>
    );
  const l = lesson.data;
  const lessons = enrollment.data?.lessons ?? [];
  const index = lessons.findIndex((x) => x.id === lessonId);
  const following = index >= 0 ? lessons[index + 1] : undefined;
  const finished = l.completed || !!complete.data;

  return (
    <Screen edges={[]}>
      <Stack.Screen
        options={{
          title: l.lesson.title,
          headerLeft: () => <HeaderBack fallback={{ pathname: '/enrollments/[id]', params: { id } }} />,
        }}
      />
      <View style={{ gap: spacing.xs }}>
        <Text variant="caption" tone="primary">
          {enrollment.data?.path.title ?? 'Lesson'} · lesson {l.position}
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
        onComplete={() =>
          complete.mutate(lessonId, { onSuccess: () => markContentCompleted(qc, id, lessonId) })
        }
      />
      <View style={[styles.row, { gap: spacing.sm }]}>
        {following ? (
          <Button
            label="Next lesson"
            variant={finished ? 'primary' : 'ghost'}
            onPress={() =>
              router.replace({
                pathname: '/enrollments/[id]/lessons/[lessonId]',
                params: { id, lessonId: following.id },
              })
            }
          />
        ) : null}
        <Button
          label="All lessons"
          variant="ghost"
          onPress={() => router.dismissTo({ pathname: '/enrollments/[id]', params: { id } })}
        />
        {enrollment.data ? (
          <Button
            label="Ask the tutor about this lesson"
            variant="ghost"
            onPress={() =>
              router.push({
                pathname: '/session',
                params: { id: 'new', topic: l.lesson.title, path: enrollment.data.pathId },
              })
            }
          />
        ) : null}
      </View>
      {/* A tutor's lesson is material: its objectives are concepts, with cards on request. */}
      {enrollment.data ? (
        <MakeCardsButton source={{ type: 'lesson', id: enrollment.data.pathId, lessonId }} what="lesson" />
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap' },
});
