import { StyleSheet, View } from 'react-native';
import { Text } from '@/components/ui';
import { useTheme } from '@/theme';

/** "Progress N%" and the path's progress bar (a path of mine or a tutor's path I am enrolled in). */
export function PathProgress({ percentage }: { percentage: number }) {
  const { colors, radius } = useTheme();
  return (
    <>
      <View style={styles.rowBetween}>
        <Text variant="label" tone="muted">
          Progress
        </Text>
        <Text variant="label">{percentage}%</Text>
      </View>
      <View
        role="progressbar"
        aria-label="Path progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percentage}
        style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}
      >
        <View
          style={{
            width: `${percentage}%`,
            height: '100%',
            backgroundColor: colors.success,
            borderRadius: radius.pill,
          }}
        />
      </View>
    </>
  );
}

const styles = StyleSheet.create({
  rowBetween: { flexDirection: 'row', justifyContent: 'space-between' },
  track: { height: 10, overflow: 'hidden' },
});
