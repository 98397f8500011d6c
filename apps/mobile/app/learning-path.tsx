import { useLocalSearchParams } from 'expo-router';
import { View } from 'react-native';
import { Card, EmptyState, LoadingState, Screen, Text } from '@/components/ui';
import { useTheme } from '@/theme';

/** A learning path's lessons and progress (param `id`). Placeholder: not loaded yet. */
export default function LearningPathScreen() {
  const { id } = useLocalSearchParams<{ id?: string }>();
  const { colors, radius, spacing } = useTheme();

  if (!id) {
    return (
      <Screen edges={[]}>
        <EmptyState icon="compass-outline" title="No path selected" message="Open a learning path from Home or your Library." />
      </Screen>
    );
  }

  return (
    <Screen edges={[]}>
      <Card style={{ gap: spacing.sm }}>
        <Text variant="label" tone="muted">
          Progress
        </Text>
        <View
          accessibilityRole="progressbar"
          accessibilityLabel="Path progress"
          accessibilityValue={{ min: 0, max: 100, now: 0 }}
          style={{ height: 10, backgroundColor: colors.surfaceAlt, borderRadius: radius.pill, overflow: 'hidden' }}
        >
          <View style={{ width: '0%', height: '100%', backgroundColor: colors.success }} />
        </View>
        <Text variant="caption" tone="muted">
          0% complete
        </Text>
      </Card>
      <LoadingState label="Loading lessons…" />
    </Screen>
  );
}
