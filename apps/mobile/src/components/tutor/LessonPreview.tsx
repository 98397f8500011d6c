import type { LessonContentBody, TutorLessonPreview } from '@chitchat/contracts';
import { View } from 'react-native';
import { LessonOutline } from '@/components/LessonOutline';
import { Markdown } from '@/components/Markdown';
import { Card, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { Heading } from './Heading';

/** A lesson's body as an enrolled learner reads it: the full lesson a model wrote, or its outline. */
export function LessonPreview({ preview }: { preview: TutorLessonPreview }) {
  return preview.content ? <FullLesson content={preview.content} /> : <LessonOutline lesson={preview.lesson} passages={preview.passages} />;
}

function FullLesson({ content }: { content: LessonContentBody }) {
  const { colors, spacing } = useTheme();
  return (
    <View style={{ gap: spacing.lg }}>
      <Card style={{ gap: spacing.sm }}>
        <Markdown content={content.explanation} color={colors.text} />
      </Card>
      <Card style={{ gap: spacing.xs }}>
        <Heading depth={2}>Key points</Heading>
        {content.keyPoints.map((k, i) => (
          <Text key={i}>• {k}</Text>
        ))}
      </Card>
      <Card style={{ gap: spacing.sm }}>
        <Heading depth={2}>Worked example</Heading>
        <Markdown content={content.workedExample.problem} color={colors.text} />
        <Text variant="label" tone="muted">
          Solution
        </Text>
        <Markdown content={content.workedExample.solution} color={colors.text} />
      </Card>
      <Card style={{ gap: spacing.sm }}>
        <Heading depth={2}>Exercises</Heading>
        {content.exercises.map((ex, i) => (
          <View key={i} style={{ gap: spacing.xs }}>
            <Markdown content={`${i + 1}. ${ex.prompt}`} color={colors.text} />
            {ex.hint ? (
              <Text variant="caption" tone="muted">
                Hint: {ex.hint}
              </Text>
            ) : null}
          </View>
        ))}
      </Card>
      <Card style={{ gap: spacing.sm }}>
        <Heading depth={2}>Summary</Heading>
        <Markdown content={content.summary} color={colors.text} />
      </Card>
    </View>
  );
}
