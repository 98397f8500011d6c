import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { View } from 'react-native';
import {
  byline,
  isNotFound,
  isUuid,
  LeaveEnrollment,
  LearningNotFound,
  LessonList,
  nextLessonId,
  Objectives,
  PathProgress,
} from '@/components/learning';
import { HeaderBack } from '@/components/HeaderBack';
import { QueryFallback } from '@/components/QueryFallback';
import { Button, Card, Screen, Text } from '@/components/ui';
import { useEnrollmentQuery } from '@/state/queries/tutor';
import { useTheme } from '@/theme';

/** An enrolment in a tutor's path: my progress, continue, the lessons; leave (asks first). */
export default function EnrollmentScreen() {
  const { id } = useLocalSearchParams<'/enrollments/[id]'>();
  const router = useRouter();
  const { spacing } = useTheme();
  const valid = isUuid(id);
  const e = useEnrollmentQuery(valid ? id : undefined);

  if (!valid || isNotFound(e.error))
    return <LearningNotFound what="enrolment" back="/enrollments" backLabel="See my enrolments" />;
  if (!e.isSuccess) return <QueryFallback query={e} loading="Loading the path…" />;
  const d = e.data;
  const done = new Set(d.progress.completedLessons);
  const next = nextLessonId(d.progress, d.lessons, done);
  const open = (lessonId: string) =>
    router.push({ pathname: '/enrollments/[id]/lessons/[lessonId]', params: { id, lessonId } });

  return (
    <Screen edges={[]}>
      <Stack.Screen
        options={{ title: d.path.title, headerLeft: () => <HeaderBack fallback="/enrollments" /> }}
      />
      <View style={{ gap: spacing.xs }}>
        <Text variant="caption" tone="primary">
          {byline(d.path.tutor)}
        </Text>
        {d.description ? <Text tone="muted">{d.description}</Text> : null}
      </View>
      <Card style={{ gap: spacing.sm }}>
        <PathProgress percentage={d.progress.completionPercentage} />
        {next ? (
          <Button
            label={
              done.size === 0
                ? 'Start the first lesson'
                : d.progress.completionPercentage === 100
                  ? 'Read again'
                  : 'Continue'
            }
            onPress={() => open(next)}
          />
        ) : null}
      </Card>
      <Objectives items={d.objectives} />
      <LessonList lessons={d.lessons} done={done} onOpen={open} />
      <View style={{ alignItems: 'flex-start' }}>
        <LeaveEnrollment
          enrollmentId={id}
          title={d.path.title}
          onLeft={() => router.dismissTo('/enrollments')}
        />
      </View>
    </Screen>
  );
}
