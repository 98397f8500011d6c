import type { TutorPath } from '@chitchat/contracts';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { LessonEditForm } from '@/components/tutor/LessonEditForm';
import { TutorNotFound } from '@/components/tutor/TutorNotFound';
import { Button, ErrorState, LoadingState, Screen, Text } from '@/components/ui';
import { ApiError, failureMessage } from '@/lib/api';
import {
  useReviseLessonsMutation,
  useTutorPathQuery,
  useUpdateTutorLessonMutation,
  type LessonEdit,
} from '@/state/queries/tutorPaths';
import { useTheme } from '@/theme';
import { isUuid } from '@/lib/ids';

/** Editing one lesson of the tutor's path: everything the tutor wrote for it. */
export default function TutorLessonScreen() {
  const { id, lessonId } = useLocalSearchParams<{ id: string; lessonId: string }>();
  const valid = isUuid(id);
  const path = useTutorPathQuery(valid ? id : undefined);
  if (!valid || (path.error instanceof ApiError && path.error.status === 404)) return <TutorNotFound />;
  if (path.isPending) return <LoadingState label="Opening the lesson…" />;
  if (path.isError) {
    return (
      <Screen edges={[]} title="Edit lesson">
        <Stack.Screen options={{ title: 'Edit lesson' }} />
        <ErrorState
          message={failureMessage(path.error, 'The lesson could not be opened')}
          onRetry={() => void path.refetch()}
        />
      </Screen>
    );
  }
  if (lessonId === NEW) return <AddLesson path={path.data} />;
  const at = path.data.lessons.findIndex((l) => l.id === lessonId);
  if (at < 0) return <TutorNotFound what="lesson" />;
  return <EditLesson path={path.data} at={at} />;
}

/** `lessons/new`: a lesson added at the end of the path. */
const NEW = 'new';

function AddLesson({ path }: { path: TutorPath }) {
  const router = useRouter();
  const revise = useReviseLessonsMutation(path.id);
  const [outcome, setOutcome] = useState<{ ok: false; message: string } | null>(null);
  const n = path.lessons.length + 1;
  const empty = {
    title: '',
    objectives: [],
    outline: [],
    exercises: [],
    estimatedMinutes: 30,
    difficulty: path.difficulty,
  };

  const save = (edit: LessonEdit) => {
    setOutcome(null);
    revise.mutate([...path.lessons, { ...empty, ...edit }], {
      // The new lesson is the last one: go on editing it at its own address.
      onSuccess: (p) =>
        router.replace({
          pathname: '/tutor/paths/[id]/lessons/[lessonId]',
          params: { id: p.id, lessonId: p.lessons[p.lessons.length - 1]!.id },
        }),
      onError: (e) => setOutcome({ ok: false, message: failureMessage(e, 'The lesson was not added') }),
    });
  };

  return (
    <Screen edges={[]} title={`New lesson ${n}`} subtitle={`${path.title} · added after lesson ${n - 1}`}>
      <Stack.Screen options={{ title: 'New lesson' }} />
      {path.status !== 'draft' ? (
        <Text tone="muted">
          Learners see the new lesson as soon as you add it; it counts in their progress from then on.
        </Text>
      ) : null}
      <LessonEditForm
        lesson={empty}
        saveLabel="Add lesson"
        saving={revise.isPending}
        outcome={outcome}
        published={path.status !== 'draft'}
        onSave={save}
        onEdit={() => setOutcome(null)}
      />
    </Screen>
  );
}

function EditLesson({ path, at }: { path: TutorPath; at: number }) {
  const { spacing } = useTheme();
  const router = useRouter();
  const lesson = path.lessons[at]!;
  const update = useUpdateTutorLessonMutation(path.id);
  const [outcome, setOutcome] = useState<{ ok: true } | { ok: false; message: string } | null>(null);

  const save = (edit: LessonEdit) => {
    setOutcome(null);
    update.mutate(
      { lessonId: lesson.id, edit },
      {
        onSuccess: () => setOutcome({ ok: true }),
        onError: (e) =>
          setOutcome({
            ok: false,
            message:
              e instanceof ApiError && e.status === 404
                ? 'The lesson was not saved: it is no longer in this path (perhaps removed on another device).'
                : failureMessage(e, 'The lesson was not saved'),
          }),
      },
    );
  };

  return (
    <Screen
      edges={[]}
      title={`Edit lesson ${at + 1}`}
      subtitle={`${path.title} · lesson ${at + 1} of ${path.lessons.length}`}
    >
      <Stack.Screen options={{ title: `Edit lesson ${at + 1}` }} />
      {path.status !== 'draft' ? (
        <Text tone="muted">
          Learners see your changes as soon as you save. Their progress on this lesson is kept; its full text
          is written again from your new outline.
        </Text>
      ) : null}
      <LessonEditForm
        lesson={lesson}
        saving={update.isPending}
        outcome={outcome}
        published={path.status !== 'draft'}
        onSave={save}
        onEdit={() => setOutcome(null)}
      />
      <View style={[styles.row, { gap: spacing.sm }]}>
        <Button
          label="Preview as a learner"
          variant="secondary"
          onPress={() => router.push({ pathname: '/tutor/paths/[id]/preview', params: { id: path.id } })}
        />
        <Button
          label="Back to the path"
          variant="ghost"
          onPress={() =>
            router.canGoBack()
              ? router.back()
              : router.replace({ pathname: '/tutor/paths/[id]', params: { id: path.id } })
          }
        />
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({ row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' } });
