import type { TutorPath } from '@chitchat/contracts';
import { Stack, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Heading } from '@/components/tutor/Heading';
import { LessonPreview } from '@/components/tutor/LessonPreview';
import { TutorNotFound } from '@/components/tutor/TutorNotFound';
import { Button, Card, ErrorState, LoadingState, Screen, Text } from '@/components/ui';
import { ApiError, failureMessage } from '@/lib/api';
import { useTutorLessonPreviewQuery, useTutorPathQuery } from '@/state/queries/tutorPaths';
import { useTheme } from '@/theme';
import { isUuid } from '@/lib/ids';

/** A tutor's path as an enrolled learner sees it: the overview, then each lesson's body. */
export default function TutorPathPreviewScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const valid = isUuid(id);
  const path = useTutorPathQuery(valid ? id : undefined);
  if (!valid || (path.error instanceof ApiError && path.error.status === 404)) return <TutorNotFound />;
  if (path.isPending) return <LoadingState label="Opening the preview…" />;
  if (path.isError) {
    return (
      <Screen edges={[]} title="Preview">
        <Stack.Screen options={{ title: 'Preview' }} />
        <ErrorState
          message={failureMessage(path.error, 'The preview could not be opened')}
          onRetry={() => void path.refetch()}
        />
      </Screen>
    );
  }
  return <Preview path={path.data} />;
}

function Preview({ path }: { path: TutorPath }) {
  const { colors, spacing } = useTheme();
  const [at, setAt] = useState(0);
  const lesson = path.lessons[Math.min(at, path.lessons.length - 1)];
  return (
    <Screen
      edges={[]}
      title={path.title}
      subtitle={`${path.lessons.length} lessons · ${path.difficulty}${path.estimatedHours ? ` · about ${path.estimatedHours} h` : ''}`}
    >
      <Stack.Screen options={{ title: `Preview: ${path.title}` }} />
      <Card style={{ backgroundColor: colors.primarySoft, borderColor: colors.primarySoft, gap: spacing.xs }}>
        <Text variant="bodyStrong">Preview</Text>
        <Text>
          This is what an enrolled learner sees.{' '}
          {path.status === 'draft'
            ? 'Learners cannot see it until you publish it.'
            : path.status === 'archived'
              ? 'It is archived: only learners already enrolled see it.'
              : ''}
        </Text>
      </Card>
      {path.description ? <Text>{path.description}</Text> : null}
      {path.objectives.length ? (
        <Card style={{ gap: spacing.xs }}>
          <Heading>What you will learn</Heading>
          {path.objectives.map((o, i) => (
            <Text key={i}>• {o}</Text>
          ))}
        </Card>
      ) : null}
      <View style={{ gap: spacing.sm }}>
        <Heading>Lessons</Heading>
        <View style={[styles.row, { gap: spacing.sm }]}>
          {path.lessons.map((l, i) => (
            <Button
              key={l.id}
              label={`${i + 1}. ${l.title}`}
              size="sm"
              variant={lesson?.id === l.id ? 'primary' : 'secondary'}
              accessibilityLabel={`Lesson ${i + 1}: ${l.title}${lesson?.id === l.id ? ', shown' : ''}`}
              onPress={() => setAt(i)}
            />
          ))}
        </View>
      </View>
      {lesson ? (
        <LessonSection
          pathId={path.id}
          lessonId={lesson.id}
          onPrevious={at > 0 ? () => setAt(at - 1) : undefined}
          onNext={at < path.lessons.length - 1 ? () => setAt(at + 1) : undefined}
        />
      ) : (
        <Text tone="muted">This path has no lessons yet.</Text>
      )}
    </Screen>
  );
}

function LessonSection({
  pathId,
  lessonId,
  onPrevious,
  onNext,
}: {
  pathId: string;
  lessonId: string;
  onPrevious?: () => void;
  onNext?: () => void;
}) {
  const { spacing } = useTheme();
  const preview = useTutorLessonPreviewQuery(pathId, lessonId);
  return (
    <View style={{ gap: spacing.md }} testID="tutor-lesson-preview">
      {preview.isPending ? (
        <LoadingState label="Opening the lesson as learners see it…" />
      ) : preview.isError ? (
        <ErrorState
          message={failureMessage(preview.error, 'The lesson could not be previewed')}
          onRetry={() => void preview.refetch()}
        />
      ) : (
        <>
          <Heading>
            Lesson {preview.data.position} of {preview.data.lessonCount}: {preview.data.lesson.title}
          </Heading>
          <Text variant="caption" tone="muted">
            {preview.data.lesson.estimatedMinutes} min · {preview.data.lesson.difficulty}
          </Text>
          <LessonPreview preview={preview.data} />
        </>
      )}
      <View style={[styles.row, { gap: spacing.sm }]}>
        {onPrevious ? <Button label="Previous lesson" variant="ghost" onPress={onPrevious} /> : null}
        {onNext ? <Button label="Next lesson" variant="secondary" onPress={onNext} /> : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({ row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' } });
