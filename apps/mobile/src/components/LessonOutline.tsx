import type { LessonPassage, LessonPlan } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Card } from './ui/Card';
import { Icon } from './ui/Icon';
import { Text } from './ui/Text';

export interface LessonOutlineProps {
  lesson: Pick<LessonPlan, 'objectives' | 'outline' | 'exercises'>;
  /** Passages of the learner's own uploads that match the lesson. */
  passages: LessonPassage[];
}

/**
 * A lesson written without an AI model: its outline, honestly marked as one, with the learner's
 * own matching passages quoted with their source. No teaching prose is made up here.
 */
export function LessonOutline({ lesson, passages }: LessonOutlineProps) {
  const { colors, spacing } = useTheme();
  const list = (title: string, items: string[], icon: 'flag-outline' | 'list-outline' | 'barbell-outline') =>
    items.length ? (
      <Card style={{ gap: spacing.xs }}>
        <Text variant="bodyStrong">{title}</Text>
        {items.map((x, i) => (
          <View key={i} style={[styles.row, { gap: spacing.sm }]}>
            <Icon name={icon} size={16} color={colors.primary} />
            <Text style={styles.flex}>{x}</Text>
          </View>
        ))}
      </Card>
    ) : null;
  return (
    <>
      <Card style={{ gap: spacing.xs, backgroundColor: colors.primarySoft, borderColor: colors.primarySoft }}>
        <Text variant="bodyStrong">Lesson outline</Text>
        <Text>
          No AI model is connected, so this is the lesson’s outline, not the lesson itself. Work through the
          points with your own material; once a model is connected, it writes the full lesson here.
        </Text>
      </Card>
      {list('You will be able to', lesson.objectives, 'flag-outline')}
      {list('Outline', lesson.outline, 'list-outline')}
      {list('Exercises', lesson.exercises, 'barbell-outline')}
      {passages.length ? (
        <Card style={{ gap: spacing.sm }}>
          <Text variant="bodyStrong">From your material</Text>
          {passages.map((p, i) => (
            <View key={i} style={{ gap: spacing.xs }}>
              <Text>“{p.text}”</Text>
              <Text variant="caption" tone="muted">
                — {p.source.title}
                {p.source.page !== null ? `, page ${p.source.page}` : ''}
              </Text>
            </View>
          ))}
        </Card>
      ) : null}
    </>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'flex-start' },
  flex: { flex: 1 },
});
