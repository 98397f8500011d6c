import type { Difficulty } from '@chitchat/contracts';
import { Image } from 'expo-image';
import * as ImagePicker from 'expo-image-picker';
import { useQueryClient } from '@tanstack/react-query';
import { uploadAvatar } from '@/lib/upload';

import { useRouter } from 'expo-router';
import { useState } from 'react';
import { Pressable, StyleSheet, View } from 'react-native';
import {
  Button,
  Card,
  ErrorState,
  Icon,
  Input,
  LoadingState,
  Modal,
  Screen,
  Segmented,
  Text,
  type IconName,
} from '@/components/ui';
import { EditProfileModal } from '@/components/EditProfileModal';
import { errorMessage, failureMessage, resolveApiUrl } from '@/lib/api';
import { DIFFICULTY_OPTIONS } from '@/lib/difficulty';
import { INTERESTS } from '@/lib/interests';
import { useAuth } from '@/state/AuthContext';
import { useLeaderboardQuery, useXpQuery } from '@/state/queries/dashboard';
import { profileKeys, useProfileQuery, useUpdateProfileMutation } from '@/state/queries/profile';
import { useTutorProfileQuery } from '@/state/queries/tutor';
import { useTheme } from '@/theme';
import { QueryFallback } from '@/components/QueryFallback';

const LINKS: {
  href: '/review' | '/knowledge' | '/tutor/dashboard' | '/paths' | '/enrollments' | '/settings' | '/xp';
  title: string;
  description: string;
  icon: IconName;
}[] = [
  {
    href: '/review',
    title: 'Flashcard review',
    description: 'Practise the cards that are due today.',
    icon: 'layers-outline',
  },
  {
    href: '/knowledge',
    title: 'Knowledge',
    description: 'Your concepts by strength, and practice for the weak ones.',
    icon: 'bulb-outline',
  },
  {
    href: '/xp',
    title: 'XP history',
    description: 'What you earned XP for, and your level.',
    icon: 'star-outline',
  },
  {
    href: '/paths',
    title: 'My learning paths',
    description: 'Create a path or pick up where you left off.',
    icon: 'map-outline',
  },
  {
    href: '/enrollments',
    title: 'My enrolments',
    description: 'Tutors’ paths you are following, and your progress in each.',
    icon: 'people-outline',
  },
  {
    href: '/tutor/dashboard',
    title: 'Become a tutor',
    description: 'Publish learning paths and follow your learners.',
    icon: 'school-outline',
  },
  {
    href: '/settings',
    title: 'Settings and about',
    description: 'Which AI tutor answers, and how it is doing.',
    icon: 'settings-outline',
  },
];

const GOALS = [20, 50, 100];

/** Profile: avatar, bio, preferences, XP and level, leaderboard, tutor link, sign out. */
export default function ProfileScreen() {
  const router = useRouter();
  const { user, signOut } = useAuth();
  const { colors, radius, spacing } = useTheme();
  const [confirming, setConfirming] = useState(false);
  const [signingOut, setSigningOut] = useState<'local' | 'global' | null>(null);
  const [editing, setEditing] = useState(false);
  const [editingInterests, setEditingInterests] = useState(false);
  const profile = useProfileQuery();
  const xp = useXpQuery();
  const update = useUpdateProfileMutation();
  const tutorProfile = useTutorProfileQuery(profile.data?.isTutor === true);

  if (!profile.isSuccess)
    return <QueryFallback query={profile} loading="Loading your profile…" screen={{ title: 'Profile' }} />;

  /** `local`: this device only; `global`: every device the account is signed in on. */
  const endSessions = async (scope: 'local' | 'global') => {
    setSigningOut(scope);
    try {
      await signOut(scope);
    } finally {
      setSigningOut(null);
      setConfirming(false);
    }
  };

  const p = profile.data;
  const name = p.displayName || p.email || user?.email || 'Learner';
  const prefs = p.preferences;
  const tutorAbout = p.isTutor ? tutorProfile.data?.bio : null;

  return (
    <Screen title="Profile">
      <Card style={{ gap: spacing.md }}>
        <View style={[styles.row, { gap: spacing.lg }]}>
          <Avatar name={name} url={p.avatarUrl} size={64} />
          <View style={styles.flex}>
            <Text variant="heading" numberOfLines={1}>
              {name}
            </Text>
            <Text tone="muted" numberOfLines={1}>
              {p.email}
            </Text>
            <Text variant="caption" tone="primary">
              {xp.data
                ? `Level ${xp.data.level.level} · ${xp.data.xp} XP · ${xp.data.streak.current}-day streak`
                : `${p.xp} XP`}
              {p.isTutor ? ' · Tutor' : ''}
            </Text>
          </View>
        </View>
        {p.bio ? (
          <Text>{p.bio}</Text>
        ) : tutorAbout ? (
          // A tutor's "About you" (on the tutor profile) stands in for the bio they have not written.
          <Text>{tutorAbout}</Text>
        ) : (
          <Text tone="muted">Add a short bio so tutors and classmates know you.</Text>
        )}
        <View style={[styles.row, { gap: spacing.sm, flexWrap: 'wrap' }]}>
          <Button label="Edit profile" variant="secondary" size="sm" onPress={() => setEditing(true)} />
          <AvatarButton />
        </View>
      </Card>

      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          Learning preferences
        </Text>
        <Text variant="label" tone="muted">
          Level
        </Text>
        <Segmented
          label="Level"
          options={DIFFICULTY_OPTIONS}
          value={prefs.preferredDifficulty ?? 'beginner'}
          onChange={(id: Difficulty) => update.mutate({ preferences: { preferredDifficulty: id } })}
        />
        <Text variant="label" tone="muted">
          Daily goal
        </Text>
        <Segmented
          label="Daily goal"
          options={GOALS.map((g) => ({ id: String(g), label: `${g} XP` }))}
          value={String(prefs.dailyGoal ?? 20)}
          onChange={(id) => update.mutate({ preferences: { dailyGoal: Number(id) } })}
        />
        <View accessibilityLiveRegion="polite" aria-live="polite">
          {update.isPending ? (
            <Text variant="caption" tone="muted">
              Saving…
            </Text>
          ) : update.isSuccess ? (
            <Text variant="caption" tone="muted">
              Saved.
            </Text>
          ) : null}
          {update.isError ? (
            <Text tone="danger" accessibilityRole="alert">
              {failureMessage(update.error, 'Your change was not saved')}
            </Text>
          ) : null}
        </View>
        <Text variant="label" tone="muted">
          Interests
        </Text>
        <Text testID="profile-interests">
          {prefs.interests?.length
            ? prefs.interests.join(', ')
            : 'None yet: pick a few to get ideas that suit you.'}
        </Text>
        <Text variant="label" tone="muted">
          Learning goals
        </Text>
        {prefs.learningGoals?.length ? (
          <View role="list" testID="profile-goals">
            {prefs.learningGoals.map((g) => (
              <Text key={g} role="listitem">
                • {g}
              </Text>
            ))}
          </View>
        ) : (
          <Text testID="profile-goals">
            None yet: say what you want to achieve and your tutor will keep it in mind.
          </Text>
        )}
        <View style={styles.row}>
          <Button
            label="Edit interests and goals"
            variant="secondary"
            size="sm"
            onPress={() => setEditingInterests(true)}
          />
        </View>
      </Card>

      <LeaderboardCard />

      {LINKS.map((link) => (
        <Card
          key={link.href}
          onPress={() => router.push(link.href)}
          accessibilityLabel={link.href === '/tutor/dashboard' && p.isTutor ? 'Tutor dashboard' : link.title}
        >
          <View style={[styles.row, { gap: spacing.md }]}>
            <View style={[styles.badge, { backgroundColor: colors.primarySoft, borderRadius: radius.md }]}>
              <Icon name={link.icon} color={colors.primary} />
            </View>
            <View style={styles.flex}>
              <Text variant="bodyStrong">
                {link.href === '/tutor/dashboard' && p.isTutor ? 'Tutor dashboard' : link.title}
              </Text>
              <Text tone="muted">{link.description}</Text>
            </View>
            <Icon name="chevron-forward" color={colors.textMuted} size={20} />
          </View>
        </Card>
      ))}

      <Button label="Sign out" variant="danger" onPress={() => setConfirming(true)} />

      {editingInterests ? (
        <InterestsModal
          interests={prefs.interests ?? []}
          goals={prefs.learningGoals ?? []}
          onClose={() => setEditingInterests(false)}
        />
      ) : null}

      <EditProfileModal
        visible={editing}
        initialName={p.displayName ?? ''}
        initialBio={p.bio ?? ''}
        onClose={() => setEditing(false)}
      />

      <Modal
        visible={confirming}
        title="Sign out?"
        onClose={() => setConfirming(false)}
        footer={
          <>
            <Button label="Cancel" variant="ghost" size="sm" onPress={() => setConfirming(false)} />
            <Button
              label="Sign out"
              variant="danger"
              size="sm"
              loading={signingOut === 'local'}
              disabled={signingOut !== null}
              onPress={() => void endSessions('local')}
            />
          </>
        }
      >
        <View style={{ gap: spacing.md }}>
          <Text tone="muted">
            This signs you out on this device only: your other phones and browsers stay signed in. You can
            sign back in any time with your email and password.
          </Text>
          <Button
            label="Sign out of all devices"
            variant="secondary"
            size="sm"
            loading={signingOut === 'global'}
            disabled={signingOut !== null}
            onPress={() => void endSessions('global')}
          />
          <Text variant="caption" tone="muted">
            Signs you out here and everywhere else you are signed in, for example on a lost phone.
          </Text>
        </View>
      </Modal>
    </Screen>
  );
}

function Avatar({ name, url, size }: { name: string; url: string | null; size: number }) {
  const { colors, radius } = useTheme();
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  return (
    <View
      // An image to assistive technology, named after its person, whether a photo or an initial.
      role="img"
      accessibilityLabel={`Avatar of ${name}`}
      style={{
        width: size,
        height: size,
        borderRadius: radius.pill,
        overflow: 'hidden',
        backgroundColor: colors.primarySoft,
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      {url ? (
        <Image
          source={{ uri: resolveApiUrl(url) }}
          style={{ width: size, height: size }}
          contentFit="cover"
          transition={150}
          accessibilityIgnoresInvertColors
          accessibilityLabel={`Avatar of ${name}`}
        />
      ) : (
        <Text variant="title" tone="primary">
          {initial}
        </Text>
      )}
    </View>
  );
}

function AvatarButton() {
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = async () => {
    setError(null);
    const picked = await ImagePicker.launchImageLibraryAsync({
      mediaTypes: ['images'],
      allowsEditing: true,
      aspect: [1, 1],
      quality: 0.9,
    });
    if (picked.canceled || !picked.assets?.length) return;
    const a = picked.assets[0]!;
    setProgress(0);
    try {
      await uploadAvatar(
        { name: a.fileName ?? 'avatar.jpg', mimeType: a.mimeType ?? 'image/jpeg', uri: a.uri, file: a.file },
        setProgress,
      );
      await qc.invalidateQueries({ queryKey: profileKeys.all });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <Button
        label={progress != null ? `Uploading ${Math.round(progress * 100)}%` : 'Change avatar'}
        accessibilityLabel="Change avatar"
        variant="ghost"
        size="sm"
        loading={progress != null && progress >= 1}
        disabled={progress != null}
        onPress={() => void change()}
      />
      {error ? (
        <Text variant="caption" tone="danger" accessibilityRole="alert">
          {error}
        </Text>
      ) : null}
    </>
  );
}

function LeaderboardCard() {
  const [period, setPeriod] = useState<'all' | 'week'>('week');
  const board = useLeaderboardQuery(period);
  const { colors, radius, spacing } = useTheme();
  return (
    <Card style={{ gap: spacing.md }}>
      <Text variant="heading" accessibilityRole="header">
        Leaderboard
      </Text>
      <Segmented
        label="Leaderboard period"
        options={[
          { id: 'week', label: 'This week' },
          { id: 'all', label: 'All time' },
        ]}
        value={period}
        onChange={(id) => setPeriod(id as 'all' | 'week')}
      />
      {board.isPending ? (
        <LoadingState label="Loading the leaderboard…" />
      ) : board.isError ? (
        <ErrorState message={errorMessage(board.error)} onRetry={() => void board.refetch()} />
      ) : board.data.top.length === 0 ? (
        <View style={{ gap: spacing.xs }}>
          <Text tone="muted">
            No XP earned yet{period === 'week' ? ' this week' : ''}. Complete a lesson to get on the board!
          </Text>
          <Text variant="caption" tone="muted">
            Your rank: #{board.data.me.rank} with {board.data.me.xp} XP
          </Text>
        </View>
      ) : (
        <View style={{ gap: spacing.xs }}>
          {board.data.top.map((e) => (
            <View
              key={e.userId}
              accessible
              accessibilityLabel={`Rank ${e.rank}: ${e.displayName ?? 'Anonymous learner'}${e.isMe ? ' (you)' : ''}, ${e.xp} XP`}
              style={[
                styles.row,
                {
                  gap: spacing.md,
                  padding: spacing.sm,
                  borderRadius: radius.md,
                  backgroundColor: e.isMe ? colors.primarySoft : 'transparent',
                },
              ]}
            >
              <Text
                variant="bodyStrong"
                style={{ width: 28, color: e.rank <= 3 ? colors.accentText : colors.textMuted }}
              >
                {e.rank}
              </Text>
              <Avatar name={e.displayName ?? '?'} url={e.avatarUrl} size={32} />
              <Text style={styles.flex} numberOfLines={1}>
                {e.displayName ?? 'Anonymous learner'}
                {e.isMe ? ' (you)' : ''}
              </Text>
              <Text variant="label">{e.xp} XP</Text>
            </View>
          ))}
          <Text variant="caption" tone="muted">
            Your rank: #{board.data.me.rank} with {board.data.me.xp} XP
          </Text>
        </View>
      )}
    </Card>
  );
}

/** Interests (the onboarding choices, plus any kept from before) and learning goals, one per line. */
function InterestsModal({
  interests,
  goals,
  onClose,
}: {
  interests: string[];
  goals: string[];
  onClose: () => void;
}) {
  const [picked, setPicked] = useState<string[]>(interests);
  const [goalText, setGoalText] = useState(goals.join('\n'));
  const update = useUpdateProfileMutation();
  const { colors, radius, spacing } = useTheme();
  const options = [
    ...INTERESTS.map((i) => i.label as string),
    ...interests.filter((i) => !INTERESTS.some((o) => o.label === i)),
  ];
  const toggle = (label: string) =>
    setPicked((c) => (c.includes(label) ? c.filter((x) => x !== label) : [...c, label]));
  const learningGoals = goalText
    .split('\n')
    .map((g) => g.trim())
    .filter(Boolean);
  const tooMany = learningGoals.length > 10;
  const tooLong = learningGoals.some((g) => g.length > 200);
  const save = () => {
    if (tooMany || tooLong) return;
    update.mutate({ preferences: { interests: picked, learningGoals } }, { onSuccess: onClose });
  };
  return (
    <Modal
      visible
      title="Interests and goals"
      onClose={onClose}
      footer={
        <>
          <Button label="Cancel" variant="ghost" size="sm" disabled={update.isPending} onPress={onClose} />
          <Button
            label={update.isPending ? 'Saving…' : 'Save'}
            accessibilityLabel="Save"
            size="sm"
            loading={update.isPending}
            onPress={save}
          />
        </>
      }
    >
      <View style={{ gap: spacing.md }}>
        <Text variant="label" tone="muted">
          What are you curious about?
        </Text>
        <View style={[styles.row, { flexWrap: 'wrap', gap: spacing.sm }]}>
          {options.map((label) => {
            const on = picked.includes(label);
            return (
              <Pressable
                key={label}
                role="checkbox"
                aria-checked={on}
                accessibilityLabel={label}
                onPress={() => toggle(label)}
                style={{
                  borderWidth: 1,
                  borderRadius: radius.pill,
                  paddingHorizontal: spacing.md,
                  paddingVertical: spacing.xs,
                  borderColor: on ? colors.primary : colors.border,
                  backgroundColor: on ? colors.primarySoft : colors.surface,
                }}
              >
                <Text variant="label" style={{ color: on ? colors.primary : colors.text }}>
                  {label}
                </Text>
              </Pressable>
            );
          })}
        </View>
        <Input
          label="Learning goals (one per line)"
          value={goalText}
          onChangeText={setGoalText}
          multiline
          numberOfLines={4}
          placeholder={'Pass my biology exam\nRead a novel in Spanish'}
          error={
            tooMany
              ? 'Keep it to 10 goals or fewer.'
              : tooLong
                ? 'Keep each goal under 200 characters.'
                : undefined
          }
        />
        {update.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(update.error, 'Your interests and goals were not saved')}
          </Text>
        ) : null}
      </View>
    </Modal>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  flex: { flex: 1 },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
});
