import type { TutorPathStats } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { Button, Card, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { LearnerRow } from './LearnerRow';
import { STATUS_LABEL } from './lines';

/** A published or archived path on the dashboard: its figures, lesson funnel and recent learners (by public name). */
export function PathStatsCard({ stats, onOpen }: { stats: TutorPathStats; onOpen: () => void }) {
  const { colors, radius, spacing } = useTheme();
  const pct = (x: number | null) => (x == null ? '—' : `${Math.round(x * 100)}%`);
  const maxFunnel = Math.max(1, stats.learners, ...stats.lessonFunnel.map((f) => f.completed));
  return (
    <Card style={{ gap: spacing.md }} testID="tutor-path-stats">
      <View style={{ gap: 2 }}>
        <Text variant="bodyStrong">{stats.path.title}</Text>
        <Text variant="caption" tone="muted">
          {STATUS_LABEL[stats.path.status]} · v{stats.path.version} · {stats.path.lessonCount} lessons
        </Text>
      </View>
      <View style={styles.row}>
        <Button
          label="Open"
          accessibilityLabel={`Open ${stats.path.title}`}
          size="sm"
          variant="secondary"
          onPress={onOpen}
        />
      </View>
      <View style={[styles.row, styles.wrap, { gap: spacing.lg }]}>
        <Metric label="Learners" value={String(stats.learners)} />
        <Metric label="Active (7 d)" value={String(stats.activeLearners7d)} />
        <Metric label="Completed" value={`${stats.completed} (${pct(stats.completionRate)})`} />
        <Metric
          label="Avg. progress"
          value={stats.averageProgress == null ? '—' : `${Math.round(stats.averageProgress)}%`}
        />
        <Metric label="Review accuracy" value={pct(stats.reviewAccuracy)} />
      </View>
      {stats.lessonFunnel.length ? (
        <View style={{ gap: spacing.xs }}>
          <Text variant="label" tone="muted">
            Lesson funnel
          </Text>
          {stats.lessonFunnel.map((f) => (
            <View
              key={f.lessonId}
              accessible
              accessibilityLabel={`Lesson ${f.position}, ${f.title}: ${f.completed} completed, ${f.dropOff} dropped off`}
              style={{ gap: 2 }}
            >
              <Text variant="small" numberOfLines={1}>
                {f.position}. {f.title}
              </Text>
              <View style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}>
                <View
                  style={{
                    width: `${(f.completed / maxFunnel) * 100}%`,
                    height: '100%',
                    backgroundColor: colors.primary,
                    borderRadius: radius.pill,
                  }}
                />
              </View>
            </View>
          ))}
        </View>
      ) : null}
      {stats.recentLearners.length ? (
        <View style={{ gap: spacing.xs }}>
          <Text variant="label" tone="muted">
            Recent learners
          </Text>
          {stats.recentLearners.map((l) => (
            <LearnerRow key={l.userId} learner={l} />
          ))}
        </View>
      ) : (
        <Text variant="caption" tone="muted">
          {stats.path.status === 'archived'
            ? 'No learners: the path is archived, out of the catalog.'
            : 'No learners yet: the path is in the Discover catalog.'}
        </Text>
      )}
    </Card>
  );
}

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <View accessible accessibilityLabel={`${label}: ${value}`}>
      <Text variant="bodyStrong">{value}</Text>
      <Text variant="small" tone="muted">
        {label}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  wrap: { flexWrap: 'wrap' },
  flex: { flex: 1 },
  track: { height: 6, overflow: 'hidden' },
});
