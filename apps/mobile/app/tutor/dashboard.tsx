import { StyleSheet, View } from 'react-native';
import { Card, EmptyState, Screen, Text } from '@/components/ui';
import { useTheme } from '@/theme';

/** Tutor tools: published paths and learner progress. Placeholder. */
export default function TutorDashboardScreen() {
  const { spacing } = useTheme();
  return (
    <Screen edges={[]} subtitle="Share learning paths and follow your learners.">
      <View style={[styles.row, { gap: spacing.md }]}>
        {['Published paths', 'Learners', 'Completions'].map((label) => (
          <Card key={label} style={styles.stat}>
            <Text variant="title">—</Text>
            <Text variant="caption" tone="muted">
              {label}
            </Text>
          </Card>
        ))}
      </View>
      <EmptyState
        icon="school-outline"
        title="No published paths yet"
        message="Become a tutor to create learning paths other people can enrol in."
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap' },
  stat: { flexGrow: 1, flexBasis: 140 },
});
