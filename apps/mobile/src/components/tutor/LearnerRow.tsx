import { StyleSheet } from 'react-native';
import { Icon, Row, Text } from '@/components/ui';
import { useTheme } from '@/theme';

/** A learner on a tutor's screens: their public display name (never an email or id) and progress. */
export function LearnerRow({
  learner,
}: {
  learner: { displayName: string | null; progress: { completionPercentage: number } };
}) {
  const { colors } = useTheme();
  const pct = learner.progress.completionPercentage;
  return (
    <Row
      gap="sm"
      accessible
      accessibilityLabel={`Learner ${learner.displayName ?? 'without a public name'}: ${pct}% complete`}
    >
      <Icon name="person-circle-outline" size={20} color={colors.textMuted} />
      <Text style={styles.name} numberOfLines={1}>
        {learner.displayName ?? 'A learner without a public name'}
      </Text>
      <Text variant="label">{pct}%</Text>
    </Row>
  );
}

const styles = StyleSheet.create({ name: { flex: 1 } });
