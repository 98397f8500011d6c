import type { LessonDetail } from '@chitchat/contracts';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { LessonOutline } from '@/components/LessonOutline';
import { Markdown } from '@/components/Markdown';
import { Button, Card, Icon, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { Heading } from './Heading';

/**
 * The body of a lesson, of my own path or of a tutor's path I am enrolled in: the full lesson
 * (explanation, key points, worked example, exercises with hints and answers, summary), or its
 * outline when no model wrote it.
 */
export function LessonContent({ lesson }: { lesson: Pick<LessonDetail, 'lesson' | 'content' | 'passages'> }) {
  const { colors, spacing } = useTheme();
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const toggle = (k: string) => setShown((s) => ({ ...s, [k]: !s[k] }));
  const c = lesson.content;
  if (!c) return <LessonOutline lesson={lesson.lesson} passages={lesson.passages} />;
  return (
    <View style={{ gap: spacing.lg }} testID="lesson-content">
      <Card style={{ gap: spacing.sm }}>
        <Markdown content={c.explanation} color={colors.text} />
      </Card>
      <Card style={{ gap: spacing.xs, backgroundColor: colors.primarySoft, borderColor: colors.primarySoft }}>
        <Heading variant="bodyStrong">Key points</Heading>
        {c.keyPoints.map((k, i) => (
          <View key={i} style={[styles.row, { gap: spacing.sm }]}>
            <Icon name="sparkles-outline" size={16} color={colors.primary} />
            <Text style={styles.flex}>{k}</Text>
          </View>
        ))}
      </Card>
      <Card style={{ gap: spacing.sm }}>
        <Heading variant="bodyStrong">Worked example</Heading>
        <Markdown content={c.workedExample.problem} color={colors.text} />
        <Button
          label={shown.example ? 'Hide solution' : 'Show solution'}
          variant="ghost"
          size="sm"
          onPress={() => toggle('example')}
        />
        {shown.example ? <Markdown content={c.workedExample.solution} color={colors.text} /> : null}
      </Card>
      <Heading>Practice</Heading>
      {c.exercises.map((ex, i) => (
        <Card key={i} style={{ gap: spacing.sm }}>
          <Heading level={3} variant="label" tone="muted">
            Exercise {i + 1}
          </Heading>
          <Markdown content={ex.prompt} color={colors.text} />
          <View style={[styles.wrapRow, { gap: spacing.sm }]}>
            {ex.hint ? (
              <Button
                label={shown[`h${i}`] ? 'Hide hint' : 'Hint'}
                accessibilityLabel={`Hint for exercise ${i + 1}`}
                variant="ghost"
                size="sm"
                onPress={() => toggle(`h${i}`)}
              />
            ) : null}
            <Button
              label={shown[`s${i}`] ? 'Hide answer' : 'Answer'}
              accessibilityLabel={`Answer for exercise ${i + 1}`}
              variant="ghost"
              size="sm"
              onPress={() => toggle(`s${i}`)}
            />
          </View>
          {ex.hint && shown[`h${i}`] ? <Text tone="muted">Hint: {ex.hint}</Text> : null}
          {shown[`s${i}`] ? <Markdown content={ex.solution} color={colors.text} /> : null}
        </Card>
      ))}
      <Card style={{ gap: spacing.xs }}>
        <Heading variant="bodyStrong">Summary</Heading>
        <Markdown content={c.summary} color={colors.text} />
      </Card>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'flex-start' },
  wrapRow: { flexDirection: 'row', flexWrap: 'wrap' },
  flex: { flex: 1 },
});
