import { useRouter } from 'expo-router';
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, View } from 'react-native';
import type { Difficulty } from '@chitchat/contracts';
import { Button, Card, Icon, Input, Screen, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { INTERESTS } from '@/lib/interests';
import { DIFFICULTY_OPTIONS } from '@/lib/difficulty';
import { useAuth } from '@/state/AuthContext';
import { rememberOnboardingLeft } from '@/state/onboarding';
import { useProfileQuery, useUpdateProfileMutation } from '@/state/queries/profile';
import { useTheme } from '@/theme';

const HINTS: Record<Difficulty, string> = {
  beginner: 'New to most topics',
  intermediate: 'I know the basics',
  advanced: 'Challenge me',
};
const LEVELS = DIFFICULTY_OPTIONS.map((o) => ({ ...o, hint: HINTS[o.id] }));

const GOALS = [
  { xp: 20, label: 'Casual', hint: '≈ 5 min' },
  { xp: 50, label: 'Regular', hint: '≈ 15 min' },
  { xp: 100, label: 'Serious', hint: '≈ 30 min' },
];

/** First run: display name, interests, level and daily goal, saved to the profile. */
export default function OnboardingScreen() {
  const router = useRouter();
  const { user } = useAuth();
  const { colors, radius, spacing } = useTheme();
  const profile = useProfileQuery();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [level, setLevel] = useState<Difficulty>('beginner');
  const [goal, setGoal] = useState(20);
  const save = useUpdateProfileMutation();

  // Prefill the saved name once it arrives, unless the learner has typed one already.
  const savedName = profile.data?.displayName;
  useEffect(() => {
    if (savedName) setName((typed) => typed || savedName);
  }, [savedName]);

  const finish = (skip: boolean) => {
    const labels = INTERESTS.filter((i) => picked.includes(i.id)).map((i) => i.label);
    let timezone: string | undefined;
    try {
      timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      timezone = undefined;
    }
    save.mutate(
      {
        ...(!skip && name.trim() ? { displayName: name.trim() } : {}),
        preferences: {
          onboarded: true,
          ...(timezone ? { timezone } : {}),
          ...(skip ? {} : { preferredDifficulty: level, dailyGoal: goal }),
          ...(!skip && labels.length ? { interests: labels } : {}),
        },
      },
      { onSuccess: () => router.replace('/') },
    );
  };

  const toggle = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  const chip = (selected: boolean, pressed: boolean) => [
    styles.chip,
    {
      borderRadius: radius.pill,
      paddingHorizontal: spacing.lg,
      paddingVertical: spacing.sm,
      borderColor: selected ? colors.primary : colors.border,
      backgroundColor: selected ? colors.primarySoft : pressed ? colors.surfaceAlt : colors.surface,
    },
  ];

  return (
    <Screen
      title="Welcome to ChitChat"
      pageTitle="Welcome"
      subtitle="Four quick questions and we’ll tailor your feed, lessons and reviews."
    >
      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          What should we call you?
        </Text>
        <Input
          label="Display name"
          value={name}
          onChangeText={setName}
          placeholder={user?.email?.split('@')[0] ?? 'Your name'}
          autoComplete="name"
          maxLength={80}
        />
      </Card>

      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          What are you curious about?
        </Text>
        <View style={[styles.wrap, { gap: spacing.sm }]}>
          {INTERESTS.map((item) => {
            const selected = picked.includes(item.id);
            return (
              <Pressable
                key={item.id}
                onPress={() => toggle(item.id)}
                role="checkbox"
                aria-checked={selected}
                accessibilityLabel={item.label}
                style={({ pressed }) => chip(selected, pressed)}
              >
                <Icon name={item.icon} size={18} color={selected ? colors.primary : colors.textMuted} />
                <Text variant="label" style={{ color: selected ? colors.primary : colors.text }}>
                  {item.label}
                </Text>
              </Pressable>
            );
          })}
        </View>
      </Card>

      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          Your level
        </Text>
        <View role="radiogroup" aria-label="Your level" style={[styles.wrap, { gap: spacing.sm }]}>
          {LEVELS.map((l) => (
            <Pressable
              key={l.id}
              onPress={() => setLevel(l.id)}
              role="radio"
              aria-checked={level === l.id}
              accessibilityLabel={l.label}
              accessibilityHint={l.hint}
              style={({ pressed }) => [chip(level === l.id, pressed), styles.option]}
            >
              <View>
                <Text variant="label" style={{ color: level === l.id ? colors.primary : colors.text }}>
                  {l.label}
                </Text>
                <Text variant="small" tone="muted">
                  {l.hint}
                </Text>
              </View>
            </Pressable>
          ))}
        </View>
      </Card>

      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          Daily goal
        </Text>
        <View role="radiogroup" aria-label="Daily goal" style={[styles.wrap, { gap: spacing.sm }]}>
          {GOALS.map((g) => (
            <Pressable
              key={g.xp}
              onPress={() => setGoal(g.xp)}
              role="radio"
              aria-checked={goal === g.xp}
              accessibilityLabel={`${g.xp} XP a day`}
              accessibilityHint={`${g.label}, ${g.hint}`}
              style={({ pressed }) => [chip(goal === g.xp, pressed), styles.option]}
            >
              <View>
                <Text variant="label" style={{ color: goal === g.xp ? colors.primary : colors.text }}>
                  {g.label} · {g.xp} XP
                </Text>
                <Text variant="small" tone="muted">
                  {g.hint} a day
                </Text>
              </View>
            </Pressable>
          ))}
        </View>
      </Card>

      <Button label="Get started" size="lg" loading={save.isPending} onPress={() => finish(false)} />
      <Button label="Skip for now" variant="ghost" disabled={save.isPending} onPress={() => finish(true)} />
      {save.isError ? (
        <View style={{ gap: spacing.sm }}>
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(save.error, 'Your answers were not saved')}
          </Text>
          <Button
            label="Continue without saving"
            variant="ghost"
            onPress={async () => {
              // Not asked again on this device; Home saves the flag once the server answers.
              if (user) await rememberOnboardingLeft(user.id);
              router.replace('/');
            }}
          />
        </View>
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  wrap: { flexDirection: 'row', flexWrap: 'wrap' },
  chip: { borderWidth: 1, flexDirection: 'row', alignItems: 'center', gap: 6 },
  option: { borderRadius: 14, minWidth: 140 },
});
