import { useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import { Button, Card, EmptyState, Icon, Screen, Text } from '@/components/ui';
import { useAuth } from '@/state/AuthContext';
import { useProfileQuery } from '@/state/queries/profile';
import { useTheme } from '@/theme';

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** Home / dashboard. Name and XP come from the profile; streak, cards and paths are placeholders. */
export default function HomeScreen() {
  const router = useRouter();
  const { user } = useAuth();
  const { colors, radius, spacing } = useTheme();
  const profile = useProfileQuery();
  const name = profile.data?.displayName || user?.email?.split('@')[0] || 'there';
  const xp = profile.data ? String(profile.data.xp) : '—';

  return (
    <Screen title={`${greeting()}, ${name}`} subtitle="What do you want to learn today?">
      <Card style={{ backgroundColor: colors.primary, borderColor: colors.primary, gap: spacing.md }}>
        <Text variant="heading" style={{ color: colors.onPrimary }}>
          Ask ChitChat anything
        </Text>
        <Text style={{ color: colors.onPrimary, opacity: 0.9 }}>
          Snap a worksheet, paste your notes, or just ask a question. We’ll explain it step by step.
        </Text>
        <View style={{ flexDirection: 'row' }}>
          <Button
            label="Start a conversation"
            variant="secondary"
            onPress={() => router.push({ pathname: '/session', params: { id: 'new' } })}
          />
        </View>
      </Card>

      <View style={[styles.stats, { gap: spacing.md }]}>
        {[
          { label: 'XP', value: xp, tone: colors.primarySoft },
          { label: 'Day streak', value: '—', tone: colors.accentSoft },
          { label: 'Cards due', value: '—', tone: colors.successSoft },
        ].map((s) => (
          <View
            key={s.label}
            accessible
            accessibilityLabel={`${s.label}: ${s.value === '—' ? 'not available yet' : s.value}`}
            style={[styles.stat, { backgroundColor: s.tone, borderRadius: radius.lg, padding: spacing.lg }]}
          >
            <Text variant="title">{s.value}</Text>
            <Text variant="caption" tone="muted">
              {s.label}
            </Text>
          </View>
        ))}
      </View>

      <Card
        onPress={() => router.push('/review')}
        accessibilityLabel="Review flashcards"
        accessibilityHint="Opens today’s flashcard review"
      >
        <View style={[styles.row, { gap: spacing.md }]}>
          <View style={[styles.badge, { backgroundColor: colors.successSoft, borderRadius: radius.md }]}>
            <Icon name="layers-outline" color={colors.success} />
          </View>
          <View style={styles.flex}>
            <Text variant="bodyStrong">Daily review</Text>
            <Text tone="muted">Keep what you learn with a few minutes of spaced repetition.</Text>
          </View>
          <Icon name="chevron-forward" color={colors.textMuted} size={20} />
        </View>
      </Card>

      <Text variant="heading" accessibilityRole="header">
        Continue learning
      </Text>
      <EmptyState
        icon="map-outline"
        title="No learning paths yet"
        message="Ask for a path on any topic and it will show up here."
        actionLabel="Explore topics"
        onAction={() => router.push('/discover')}
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  stats: { flexDirection: 'row', flexWrap: 'wrap' },
  stat: { flexGrow: 1, flexBasis: 100 },
  row: { flexDirection: 'row', alignItems: 'center' },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1 },
});
