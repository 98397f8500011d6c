import type { LessonPlan } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { Card, Icon, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { Heading } from './Heading';

type LessonSummary = Pick<LessonPlan, 'id' | 'title' | 'estimatedMinutes' | 'difficulty'>;

/** The "Lessons" heading and one card per lesson (number, or a check when done) that opens it. */
export function LessonList({
  lessons,
  done,
  onOpen,
}: {
  lessons: LessonSummary[];
  done: Set<string>;
  onOpen?: (lessonId: string) => void;
}) {
  const { colors, radius, spacing } = useTheme();
  return (
    <>
      <Heading>Lessons</Heading>
      {lessons.map((l, i) => {
        const complete = done.has(l.id);
        return (
          <Card
            key={l.id}
            onPress={onOpen ? () => onOpen(l.id) : undefined}
            accessibilityLabel={`Lesson ${i + 1}: ${l.title}${complete ? ', completed' : ''}`}
          >
            <View style={[styles.row, { gap: spacing.md }]}>
              <View
                style={[
                  styles.badge,
                  {
                    backgroundColor: complete ? colors.successSoft : colors.primarySoft,
                    borderRadius: radius.pill,
                  },
                ]}
              >
                {complete ? (
                  <Icon name="checkmark" color={colors.success} />
                ) : (
                  <Text variant="label" tone="primary">
                    {i + 1}
                  </Text>
                )}
              </View>
              <View style={styles.flex}>
                <Text variant="bodyStrong">{l.title}</Text>
                <Text variant="caption" tone="muted">
                  {l.estimatedMinutes} min · {l.difficulty}
                </Text>
              </View>
              {onOpen ? <Icon name="chevron-forward" size={20} color={colors.textMuted} /> : null}
            </View>
          </Card>
        );
      })}
    </>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  badge: { width: 36, height: 36, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1 },
});
