import type { Difficulty, TutorPathStats, TutorPathSummary } from '@chitchat/contracts';
import { useState } from 'react';
import { Pressable, StyleSheet, View } from 'react-native';
import { Button, Card, EmptyState, ErrorState, Icon, Input, LoadingState, Screen, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useProfileQuery } from '@/state/queries/profile';
import {
  useBecomeTutorMutation,
  useGenerateTutorPathMutation,
  usePublishTutorPathMutation,
  useTutorDashboardQuery,
  useTutorPathsQuery,
} from '@/state/queries/tutor';
import { useTheme } from '@/theme';
import { QueryFallback } from '@/components/QueryFallback';

/** Tutors: become one, draft paths (AI-assisted), publish them and follow learners' progress. */
export default function TutorDashboardScreen() {
  const profile = useProfileQuery();
  if (!profile.isSuccess) return <QueryFallback query={profile} loading="Loading…" />;
  return profile.data.isTutor ? <Dashboard /> : <BecomeTutor />;
}

function BecomeTutor() {
  const { colors, spacing } = useTheme();
  const [headline, setHeadline] = useState('');
  const [bio, setBio] = useState('');
  const [subjects, setSubjects] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const become = useBecomeTutorMutation();
  const submit = () => {
    if (!headline.trim()) {
      setProblem('Write one line about yourself as a tutor.');
      return;
    }
    setProblem(null);
    become.mutate({
      headline: headline.trim(),
      ...(bio.trim() ? { bio: bio.trim() } : {}),
      subjects: subjects
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  };
  return (
    <Screen edges={[]} title="Become a tutor" subtitle="Share what you know: publish learning paths and see how your learners do.">
      <Card style={{ gap: spacing.md }}>
        {[
          ['create-outline', 'Draft a path in minutes, from your outline or an AI draft'],
          ['people-outline', 'Learners enrol from Discover and earn XP as they go'],
          ['stats-chart-outline', 'See completion, drop-off per lesson and review accuracy'],
        ].map(([icon, text]) => (
          <View key={text} style={[styles.row, { gap: spacing.sm }]}>
            <Icon name={icon as 'create-outline'} size={20} color={colors.primary} />
            <Text style={styles.flex}>{text}</Text>
          </View>
        ))}
      </Card>
      <Card style={{ gap: spacing.md }}>
        <Input label="Headline" value={headline} onChangeText={setHeadline} placeholder="e.g. Biology teacher, 10 years" error={problem} maxLength={120} />
        <Input label="About you (optional)" value={bio} onChangeText={setBio} multiline maxLength={4000} />
        <Input label="Subjects (comma separated)" value={subjects} onChangeText={setSubjects} placeholder="Biology, Chemistry" />
        <Button label="Create my tutor profile" loading={become.isPending} onPress={submit} />
        {become.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {errorMessage(become.error)}
          </Text>
        ) : null}
      </Card>
    </Screen>
  );
}

const LEVELS: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

function Dashboard() {
  const { colors, radius, spacing } = useTheme();
  const dash = useTutorDashboardQuery(true);
  const paths = useTutorPathsQuery(true);
  const generate = useGenerateTutorPathMutation();
  const publish = usePublishTutorPathMutation();
  const [topic, setTopic] = useState('');
  const [level, setLevel] = useState<Difficulty>('beginner');
  const all = paths.data?.pages.flatMap((p) => p.items) ?? [];
  const drafts = all.filter((p) => p.status === 'draft');

  return (
    <Screen edges={[]}>
      {dash.isPending ? (
        <LoadingState label="Loading your dashboard…" />
      ) : dash.isError ? (
        <ErrorState message={errorMessage(dash.error)} onRetry={() => void dash.refetch()} />
      ) : (
        <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
          <Total label="Paths" value={dash.data.totals.paths} />
          <Total label="Published" value={dash.data.totals.publishedPaths} />
          <Total label="Learners" value={dash.data.totals.learners} />
          <Total label="Active this week" value={dash.data.totals.activeLearners7d} />
        </View>
      )}

      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          Draft a new path
        </Text>
        <Input label="Path topic" value={topic} onChangeText={setTopic} placeholder="e.g. Cell biology" />
        <View role="radiogroup" aria-label="Path level" style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
          {LEVELS.map((l) => (
            <Pressable
              key={l}
              role="radio"
              aria-checked={level === l}
              accessibilityLabel={`Path level: ${l}`}
              onPress={() => setLevel(l)}
              style={{
                borderWidth: 1,
                borderRadius: radius.pill,
                paddingHorizontal: spacing.md,
                paddingVertical: spacing.xs + 2,
                borderColor: level === l ? colors.primary : colors.border,
                backgroundColor: level === l ? colors.primarySoft : colors.surface,
              }}
            >
              <Text variant="label" style={{ color: level === l ? colors.primary : colors.text, textTransform: 'capitalize' }}>
                {l}
              </Text>
            </Pressable>
          ))}
        </View>
        <Button
          label="Draft with AI"
          loading={generate.isPending}
          disabled={topic.trim().length < 2}
          onPress={() => generate.mutate({ topic: topic.trim(), difficulty: level }, { onSuccess: () => setTopic('') })}
        />
        {generate.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {errorMessage(generate.error)}
          </Text>
        ) : null}
      </Card>

      {drafts.length ? (
        <>
          <Text variant="heading" accessibilityRole="header">
            Drafts
          </Text>
          {drafts.map((p) => (
            <DraftCard key={p.id} path={p} publishing={publish.isPending && publish.variables === p.id} onPublish={() => publish.mutate(p.id)} />
          ))}
          {publish.isError ? (
            <Text tone="danger" accessibilityRole="alert">
              {errorMessage(publish.error)}
            </Text>
          ) : null}
        </>
      ) : null}

      <Text variant="heading" accessibilityRole="header">
        Published paths
      </Text>
      {dash.data && dash.data.paths.length === 0 ? (
        <EmptyState icon="school-outline" title="Nothing published yet" message="Draft a path above, check its lessons, then publish it to the catalog." />
      ) : null}
      {dash.data?.paths.map((s) => <PathStatsCard key={s.path.id} stats={s} />)}
    </Screen>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View accessible accessibilityLabel={`${label}: ${value}`} style={[styles.total, { backgroundColor: colors.surface, borderColor: colors.border, borderRadius: radius.lg, padding: spacing.md }]}>
      <Text variant="title">{value}</Text>
      <Text variant="caption" tone="muted">
        {label}
      </Text>
    </View>
  );
}

function DraftCard({ path, onPublish, publishing }: { path: TutorPathSummary; onPublish: () => void; publishing: boolean }) {
  const { spacing } = useTheme();
  return (
    <Card style={{ gap: spacing.sm }} testID="tutor-draft">
      <Text variant="bodyStrong">{path.title}</Text>
      <Text variant="caption" tone="muted">
        Draft · {path.lessonCount} lessons · {path.difficulty}
      </Text>
      {path.description ? (
        <Text tone="muted" numberOfLines={3}>
          {path.description}
        </Text>
      ) : null}
      <View style={styles.row}>
        <Button label="Publish" accessibilityLabel={`Publish ${path.title}`} size="sm" loading={publishing} onPress={onPublish} />
      </View>
    </Card>
  );
}

function PathStatsCard({ stats }: { stats: TutorPathStats }) {
  const { colors, radius, spacing } = useTheme();
  const pct = (x: number | null) => (x == null ? '—' : `${Math.round(x * 100)}%`);
  const maxFunnel = Math.max(1, stats.learners, ...stats.lessonFunnel.map((f) => f.completed));
  return (
    <Card style={{ gap: spacing.md }} testID="tutor-path-stats">
      <View style={{ gap: 2 }}>
        <Text variant="bodyStrong">{stats.path.title}</Text>
        <Text variant="caption" tone="muted">
          {stats.path.status} · v{stats.path.version} · {stats.path.lessonCount} lessons
        </Text>
      </View>
      <View style={[styles.row, styles.wrap, { gap: spacing.lg }]}>
        <Metric label="Learners" value={String(stats.learners)} />
        <Metric label="Active (7 d)" value={String(stats.activeLearners7d)} />
        <Metric label="Completed" value={`${stats.completed} (${pct(stats.completionRate)})`} />
        <Metric label="Avg. progress" value={stats.averageProgress == null ? '—' : `${Math.round(stats.averageProgress)}%`} />
        <Metric label="Review accuracy" value={pct(stats.reviewAccuracy)} />
      </View>
      {stats.lessonFunnel.length ? (
        <View style={{ gap: spacing.xs }}>
          <Text variant="label" tone="muted">
            Lesson funnel
          </Text>
          {stats.lessonFunnel.map((f) => (
            <View key={f.lessonId} accessible accessibilityLabel={`Lesson ${f.position}, ${f.title}: ${f.completed} completed, ${f.dropOff} dropped off`} style={{ gap: 2 }}>
              <Text variant="small" numberOfLines={1}>
                {f.position}. {f.title}
              </Text>
              <View style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}>
                <View style={{ width: `${(f.completed / maxFunnel) * 100}%`, height: '100%', backgroundColor: colors.primary, borderRadius: radius.pill }} />
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
            <View key={l.userId} accessible accessibilityLabel={`Learner ${l.displayName ?? 'Anonymous'}: ${l.progress.completionPercentage}% complete`} style={[styles.row, { gap: spacing.sm }]}>
              <Icon name="person-circle-outline" size={20} color={colors.textMuted} />
              <Text style={styles.flex} numberOfLines={1}>
                {l.displayName ?? 'Anonymous learner'}
              </Text>
              <Text variant="label">{l.progress.completionPercentage}%</Text>
            </View>
          ))}
        </View>
      ) : (
        <Text variant="caption" tone="muted">
          No learners yet: the path is in the Discover catalog.
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
  total: { flexGrow: 1, flexBasis: 120, borderWidth: StyleSheet.hairlineWidth },
  track: { height: 6, overflow: 'hidden' },
});
