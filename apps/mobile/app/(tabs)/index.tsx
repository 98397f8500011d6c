import type { Dashboard } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useEffect } from 'react';
import { StyleSheet, View } from 'react-native';
import { OfflineNotice } from '@/components/OfflineNotice';
import { NextStepCard } from '@/components/concepts/NextStepCard';
import { ProgressRing } from '@/components/ProgressRing';
import {
  Button,
  Card,
  EmptyState,
  ErrorState,
  Icon,
  LoadingState,
  Screen,
  Text,
  type IconName,
} from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useAuth } from '@/state/AuthContext';
import { useDashboardQuery } from '@/state/queries/dashboard';
import { useOnboardingState } from '@/state/onboarding';
import { useProfileQuery } from '@/state/queries/profile';
import { useTheme } from '@/theme';

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** Home: daily goal, level, streak, continue lesson, reviews due, recent chats and paths. */
export default function HomeScreen() {
  const router = useRouter();
  const { user } = useAuth();
  const profile = useProfileQuery();
  const dashboard = useDashboardQuery();
  const name = profile.data?.displayName || user?.email?.split('@')[0] || 'there';
  const needsOnboarding = useOnboardingState(user?.id) === 'ask';

  // First run on this account (also after signing in on a new device): ask the four questions.
  useEffect(() => {
    if (needsOnboarding) router.replace('/onboarding');
  }, [needsOnboarding, router]);

  return (
    <Screen title={`${greeting()}, ${name}`} pageTitle="Home" subtitle="What do you want to learn today?">
      <OfflineNotice />
      <NextStepCard />
      {dashboard.isPending ? (
        <LoadingState label="Loading your day…" />
      ) : dashboard.isError ? (
        <ErrorState message={errorMessage(dashboard.error)} onRetry={() => void dashboard.refetch()} />
      ) : (
        <DashboardBody data={dashboard.data} />
      )}
      <AskCard onPress={() => router.push({ pathname: '/session', params: { id: 'new' } })} />
    </Screen>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const goal = data.dailyGoal;
  const levelProgress =
    data.level.xpForNextLevel > 0 ? data.level.xpIntoLevel / data.level.xpForNextLevel : 1;

  return (
    <>
      <Card style={[styles.statsCard, { gap: spacing.lg }]}>
        <ProgressRing
          progress={goal.goal > 0 ? goal.earned / goal.goal : 0}
          size={104}
          color={goal.met ? colors.success : colors.primary}
          accessibilityLabel={`Daily goal: ${goal.earned} of ${goal.goal} XP${goal.met ? ', met' : ''}`}
        >
          <Text variant="title">{goal.earned}</Text>
          <Text variant="small" tone="muted">
            of {goal.goal} XP
          </Text>
        </ProgressRing>
        <View style={[styles.flex, { gap: spacing.md }]}>
          <Text variant="heading">{goal.met ? 'Daily goal met!' : 'Today’s goal'}</Text>
          <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
            <Stat icon="flame" tint={colors.accent} label="Day streak" value={data.streak.current} />
            <Stat icon="star" tint={colors.primary} label="Total XP" value={data.xp} />
          </View>
          <View
            accessible
            accessibilityLabel={`Level ${data.level.level}: ${data.level.xpIntoLevel} of ${data.level.xpForNextLevel} XP to the next level`}
            style={{ gap: 4 }}
          >
            <Text variant="caption" tone="muted">
              Level {data.level.level} · {data.level.xpIntoLevel}/{data.level.xpForNextLevel} XP
            </Text>
            <View style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}>
              <View
                style={{
                  width: `${Math.round(levelProgress * 100)}%`,
                  height: '100%',
                  backgroundColor: colors.primary,
                  borderRadius: radius.pill,
                }}
              />
            </View>
          </View>
        </View>
      </Card>

      {data.continueLesson ? (
        <Card
          onPress={() => {
            // The next lesson itself: of my own path, or of the tutor's path through my enrolment.
            const c = data.continueLesson!;
            if (c.kind === 'tutor_path' && c.enrollmentId)
              router.push({
                pathname: '/enrollments/[id]/lessons/[lessonId]',
                params: { id: c.enrollmentId, lessonId: c.lessonId },
              });
            else if (c.kind === 'tutor_path')
              router.push({ pathname: '/catalog/[id]', params: { id: c.pathId } });
            else
              router.push({
                pathname: '/paths/[id]/lessons/[lessonId]',
                params: { id: c.pathId, lessonId: c.lessonId },
              });
          }}
          accessibilityLabel={`Continue lesson: ${data.continueLesson.lessonTitle}, in ${data.continueLesson.pathTitle}`}
        >
          <Row
            icon="play-circle"
            tint={colors.primary}
            soft={colors.primarySoft}
            title={data.continueLesson.lessonTitle}
            subtitle={`Continue · ${data.continueLesson.pathTitle} · ${data.continueLesson.completionPercentage}% done`}
          />
        </Card>
      ) : null}

      <Card
        onPress={() => router.push('/review')}
        accessibilityLabel={
          data.reviewsDue > 0 ? `Review: ${data.reviewsDue} cards due` : 'Review: no cards due'
        }
      >
        <Row
          icon="layers-outline"
          tint={colors.success}
          soft={colors.successSoft}
          title={
            data.reviewsDue > 0
              ? `${data.reviewsDue} card${data.reviewsDue === 1 ? '' : 's'} to review`
              : 'Daily review'
          }
          subtitle={
            data.reviewsDue > 0
              ? 'A few minutes of spaced repetition keeps it fresh.'
              : 'You’re all caught up. New cards come from lessons and chats.'
          }
        />
      </Card>

      <Text variant="heading" accessibilityRole="header">
        Your learning paths
      </Text>
      {data.recentPaths.length === 0 ? (
        <EmptyState
          icon="map-outline"
          title="No learning paths yet"
          message="Tell ChitChat what you want to learn and get a step-by-step path."
          actionLabel="Create a learning path"
          onAction={() => router.push('/paths')}
        />
      ) : (
        <View style={{ gap: spacing.sm }}>
          {data.recentPaths.map((p) => (
            <Card
              key={p.id}
              onPress={() => router.push({ pathname: '/paths/[id]', params: { id: p.id } })}
              accessibilityLabel={`Learning path: ${p.title}, ${p.completionPercentage}% complete`}
            >
              <Row
                icon="map-outline"
                tint={colors.primary}
                soft={colors.primarySoft}
                title={p.title}
                subtitle={`${p.completionPercentage}% complete`}
              />
            </Card>
          ))}
          <Button label="New learning path" variant="ghost" onPress={() => router.push('/paths')} />
        </View>
      )}

      {data.recentSessions.length > 0 ? (
        <>
          <Text variant="heading" accessibilityRole="header">
            Recent chats
          </Text>
          <View style={{ gap: spacing.sm }}>
            {data.recentSessions.map((s) => (
              <Card
                key={s.id}
                onPress={() => router.push({ pathname: '/session', params: { id: s.id } })}
                accessibilityLabel={`Chat: ${s.title ?? 'Untitled conversation'}`}
              >
                <Row
                  icon="chatbubble-ellipses-outline"
                  tint={colors.accent}
                  soft={colors.accentSoft}
                  title={s.title ?? 'Untitled conversation'}
                  subtitle={new Date(s.updatedAt).toLocaleDateString()}
                />
              </Card>
            ))}
          </View>
        </>
      ) : null}
    </>
  );
}

function Stat({ icon, tint, label, value }: { icon: IconName; tint: string; label: string; value: number }) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View
      accessible
      accessibilityLabel={`${label}: ${value}`}
      style={[
        styles.stat,
        { backgroundColor: colors.surfaceAlt, borderRadius: radius.md, padding: spacing.sm, gap: spacing.xs },
      ]}
    >
      <Icon name={icon} size={18} color={tint} />
      <View>
        <Text variant="bodyStrong">{value}</Text>
        <Text variant="small" tone="muted">
          {label}
        </Text>
      </View>
    </View>
  );
}

function Row({
  icon,
  tint,
  soft,
  title,
  subtitle,
}: {
  icon: IconName;
  tint: string;
  soft: string;
  title: string;
  subtitle: string;
}) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View style={[styles.row, { gap: spacing.md }]}>
      <View style={[styles.badge, { backgroundColor: soft, borderRadius: radius.md }]}>
        <Icon name={icon} color={tint} />
      </View>
      <View style={styles.flex}>
        <Text variant="bodyStrong" numberOfLines={1}>
          {title}
        </Text>
        <Text tone="muted" numberOfLines={2}>
          {subtitle}
        </Text>
      </View>
      <Icon name="chevron-forward" color={colors.textMuted} size={20} />
    </View>
  );
}

function AskCard({ onPress }: { onPress: () => void }) {
  const { colors, spacing } = useTheme();
  return (
    <Card style={{ backgroundColor: colors.primary, borderColor: colors.primary, gap: spacing.md }}>
      <Text variant="heading" style={{ color: colors.onPrimary }}>
        Ask ChitChat anything
      </Text>
      <Text style={{ color: colors.onPrimary, opacity: 0.9 }}>
        Snap a worksheet, attach your notes, or just ask a question. We’ll explain it step by step.
      </Text>
      <View style={styles.row}>
        <Button label="Start a conversation" variant="secondary" onPress={onPress} />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  statsCard: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' },
  row: { flexDirection: 'row', alignItems: 'center' },
  stat: { flexDirection: 'row', alignItems: 'center', flexGrow: 1, flexBasis: 96 },
  wrap: { flexWrap: 'wrap' },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1, minWidth: 160 },
  track: { height: 8, overflow: 'hidden' },
});
