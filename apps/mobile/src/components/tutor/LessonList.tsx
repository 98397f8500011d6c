import type { LessonPlan, TutorPath } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Button, Card, ConfirmDialog, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useReviseLessonsMutation } from '@/state/queries/tutorPaths';
import { useTheme } from '@/theme';
import { Heading } from './Heading';
import { plural } from '@/lib/plural';

/**
 * A tutor's lessons in order: edit one, move it up or down, remove it (after a confirmation), or
 * add a lesson at the end. Lessons keep their ids through moves, so learners' progress stays.
 */
export function TutorLessonList({ path }: { path: TutorPath }) {
  const { spacing } = useTheme();
  const router = useRouter();
  const revise = useReviseLessonsMutation(path.id);
  const [removing, setRemoving] = useState<LessonPlan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lessons = path.lessons;
  // A published or archived path keeps at least one lesson (its learners are on it).
  const canRemove = path.status === 'draft' || lessons.length > 1;

  const send = (next: LessonPlan[], action: string, done?: () => void) => {
    setProblem(null);
    revise.mutate(next, { onSuccess: done, onError: (e) => setProblem(failureMessage(e, action)) });
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...lessons];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    send(next, 'The lesson was not moved');
  };

  return (
    <View style={{ gap: spacing.sm }}>
      <Heading>Lessons</Heading>
      {lessons.map((l, i) => (
        <Card key={l.id} style={{ gap: spacing.xs }} testID="tutor-lesson">
          <Text variant="bodyStrong">
            {i + 1}. {l.title}
          </Text>
          <Text variant="caption" tone="muted">
            {l.estimatedMinutes} min · {l.difficulty} · {plural(l.outline.length, 'outline point')} ·{' '}
            {plural(l.exercises.length, 'exercise')}
          </Text>
          <View style={[styles.row, { gap: spacing.xs }]}>
            <Button
              label="Edit"
              size="sm"
              variant="secondary"
              accessibilityLabel={`Edit lesson ${i + 1}: ${l.title}`}
              onPress={() =>
                router.push({
                  pathname: '/tutor/paths/[id]/lessons/[lessonId]',
                  params: { id: path.id, lessonId: l.id },
                })
              }
            />
            {i > 0 ? (
              <Button
                label="Move up"
                size="sm"
                variant="ghost"
                accessibilityLabel={`Move lesson ${i + 1} up: ${l.title}`}
                disabled={revise.isPending}
                onPress={() => move(i, -1)}
              />
            ) : null}
            {i < lessons.length - 1 ? (
              <Button
                label="Move down"
                size="sm"
                variant="ghost"
                accessibilityLabel={`Move lesson ${i + 1} down: ${l.title}`}
                disabled={revise.isPending}
                onPress={() => move(i, 1)}
              />
            ) : null}
            {canRemove ? (
              <Button
                label="Remove"
                size="sm"
                variant="ghost"
                accessibilityLabel={`Remove lesson ${i + 1}: ${l.title}`}
                disabled={revise.isPending}
                onPress={() => setRemoving(l)}
              />
            ) : null}
          </View>
        </Card>
      ))}
      {revise.isPending && !removing ? <Text role="status">Saving the lessons…</Text> : null}
      {problem && !removing ? (
        <Text tone="danger" accessibilityRole="alert">
          {problem}
        </Text>
      ) : null}
      <View style={styles.row}>
        <Button
          label="Add a lesson"
          variant="secondary"
          disabled={lessons.length >= 50}
          onPress={() =>
            router.push({
              pathname: '/tutor/paths/[id]/lessons/[lessonId]',
              params: { id: path.id, lessonId: 'new' },
            })
          }
        />
      </View>
      <ConfirmDialog
        visible={removing !== null}
        title="Remove this lesson?"
        message={
          removing
            ? `“${removing.title}” will be removed from the path.${path.status === 'draft' ? '' : ' Learners no longer see it, and it no longer counts in their progress.'}`
            : ''
        }
        confirmLabel="Remove lesson"
        danger
        busy={revise.isPending}
        problem={removing ? problem : null}
        onConfirm={() =>
          removing &&
          send(
            lessons.filter((l) => l.id !== removing.id),
            'The lesson was not removed',
            () => setRemoving(null),
          )
        }
        onCancel={() => {
          setRemoving(null);
          setProblem(null);
        }}
      />
    </View>
  );
}

const styles = StyleSheet.create({ row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' } });
