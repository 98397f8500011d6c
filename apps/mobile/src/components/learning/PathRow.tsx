import type { Enrollment, LearningPathSummary } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { Card, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { byline } from './format';

const lessons = (n: number) => `${n} lesson${n === 1 ? '' : 's'}`;

function Bar({ pct }: { pct: number }) {
  const { colors, radius } = useTheme();
  return (
    <View style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}>
      <View
        style={{
          width: `${pct}%`,
          height: '100%',
          backgroundColor: colors.success,
          borderRadius: radius.pill,
        }}
      />
    </View>
  );
}

/** One of my paths in a list: title, size, level and progress. */
export function PathRow({ path, onPress }: { path: LearningPathSummary; onPress: () => void }) {
  const { spacing } = useTheme();
  const pct = path.progress.completionPercentage;
  return (
    <Card onPress={onPress} accessibilityLabel={`Learning path: ${path.title}, ${pct}% complete`}>
      <View style={{ gap: spacing.sm }}>
        <Text variant="bodyStrong" numberOfLines={2}>
          {path.title}
        </Text>
        <Text variant="caption" tone="muted">
          {lessons(path.lessonCount)} · {path.difficulty ?? 'mixed'} · {pct}% complete
        </Text>
        <Bar pct={pct} />
      </View>
    </Card>
  );
}

/** One of my enrolments in a list: the tutor's path, who teaches it and my progress. */
export function EnrollmentRow({ enrollment, onPress }: { enrollment: Enrollment; onPress: () => void }) {
  const { spacing } = useTheme();
  const pct = enrollment.progress.completionPercentage;
  return (
    <Card onPress={onPress} accessibilityLabel={`Enrolment: ${enrollment.path.title}, ${pct}% complete`}>
      <View style={{ gap: spacing.sm }}>
        <Text variant="bodyStrong" numberOfLines={2}>
          {enrollment.path.title}
        </Text>
        <Text variant="caption" tone="primary" numberOfLines={1}>
          {byline(enrollment.path.tutor)}
        </Text>
        <Text variant="caption" tone="muted">
          {lessons(enrollment.path.lessonCount)} · {enrollment.path.difficulty} · {pct}% complete
        </Text>
        <Bar pct={pct} />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  track: { height: 6, overflow: 'hidden' },
});
