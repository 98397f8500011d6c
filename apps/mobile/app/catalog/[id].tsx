import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { View } from 'react-native';
import {
  byline,
  Heading,
  isNotFound,
  isUuid,
  LearningNotFound,
  LessonList,
  Objectives,
} from '@/components/learning';
import { HeaderBack } from '@/components/HeaderBack';
import { QueryFallback } from '@/components/QueryFallback';
import { Button, Screen, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useCatalogPathQuery, useEnrollMutation } from '@/state/queries/tutor';
import { useTheme } from '@/theme';

/** A published tutor path from the catalog: what it teaches, its lessons, and "Enrol". */
export default function CatalogPathScreen() {
  const { id } = useLocalSearchParams<'/catalog/[id]'>();
  const router = useRouter();
  const { spacing } = useTheme();
  const valid = isUuid(id);
  const path = useCatalogPathQuery(valid ? id : undefined);
  const enrol = useEnrollMutation();

  if (!valid || isNotFound(path.error))
    return <LearningNotFound what="path" back="/discover" backLabel="Go to Discover" />;
  if (!path.isSuccess) return <QueryFallback query={path} loading="Loading the path…" />;
  const p = path.data;
  const openEnrollment = (enrollmentId: string) =>
    router.replace({ pathname: '/enrollments/[id]', params: { id: enrollmentId } });

  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: p.title, headerLeft: () => <HeaderBack fallback="/discover" /> }} />
      <View style={{ gap: spacing.sm }}>
        <Text variant="caption" tone="primary">
          {byline(p.tutor)}
        </Text>
        {p.description ? <Text tone="muted">{p.description}</Text> : null}
        <Text variant="caption" tone="muted">
          {p.lessonCount} lessons · {p.difficulty} · {p.learnerCount} learner{p.learnerCount === 1 ? '' : 's'}
        </Text>
      </View>
      {p.enrollmentId ? (
        <Button label="Open my enrolment" onPress={() => openEnrollment(p.enrollmentId!)} />
      ) : (
        <Button
          label={enrol.isPending ? 'Enrolling…' : 'Enrol in this path'}
          size="lg"
          loading={enrol.isPending}
          onPress={() => enrol.mutate(id, { onSuccess: (e) => openEnrollment(e.id) })}
        />
      )}
      {enrol.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(enrol.error, 'You were not enrolled')}
        </Text>
      ) : null}
      <Objectives items={p.objectives} />
      {p.lessons.length ? (
        <LessonList lessons={p.lessons} done={new Set()} />
      ) : (
        <Heading>No lessons yet</Heading>
      )}
    </Screen>
  );
}
