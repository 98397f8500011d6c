import { useRouter } from 'expo-router';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useUpdateProfileMutation } from '@/state/queries/profile';
import { Pressable, StyleSheet, View } from 'react-native';
import { Button, Icon, Screen, Text, type IconName } from '@/components/ui';
import { useTheme } from '@/theme';

const INTERESTS = [
  { id: 'science', label: 'Science', icon: 'flask-outline' },
  { id: 'math', label: 'Maths', icon: 'calculator-outline' },
  { id: 'history', label: 'History', icon: 'hourglass-outline' },
  { id: 'languages', label: 'Languages', icon: 'language-outline' },
  { id: 'coding', label: 'Coding', icon: 'code-slash-outline' },
  { id: 'art', label: 'Art & design', icon: 'color-palette-outline' },
  { id: 'music', label: 'Music', icon: 'musical-notes-outline' },
  { id: 'business', label: 'Business', icon: 'trending-up-outline' },
] as const satisfies readonly { id: string; label: string; icon: IconName }[];

/** First-run setup: saves chosen interests and `onboarded: true` to the profile. */
export default function OnboardingScreen() {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const [picked, setPicked] = useState<string[]>([]);
  const save = useUpdateProfileMutation();

  const finish = () => {
    const labels = INTERESTS.filter((i) => picked.includes(i.id)).map((i) => i.label);
    save.mutate(
      { preferences: { onboarded: true, ...(labels.length ? { interests: labels } : {}) } },
      { onSuccess: () => router.replace('/') },
    );
  };

  const toggle = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  return (
    <Screen title="What are you curious about?" subtitle="Pick a few topics and we’ll tailor your feed and learning paths.">
      <View style={[styles.chips, { gap: spacing.sm }]}>
        {INTERESTS.map((item) => {
          const selected = picked.includes(item.id);
          return (
            <Pressable
              key={item.id}
              onPress={() => toggle(item.id)}
              accessibilityRole="checkbox"
              accessibilityLabel={item.label}
              accessibilityState={{ checked: selected }}
              style={({ pressed }) => [
                styles.chip,
                {
                  borderRadius: radius.pill,
                  paddingHorizontal: spacing.lg,
                  paddingVertical: spacing.sm,
                  borderColor: selected ? colors.primary : colors.border,
                  backgroundColor: selected ? colors.primarySoft : pressed ? colors.surfaceAlt : colors.surface,
                },
              ]}
            >
              <Icon name={item.icon} size={18} color={selected ? colors.primary : colors.textMuted} />
              <Text variant="label" style={{ color: selected ? colors.primary : colors.text }}>
                {item.label}
              </Text>
            </Pressable>
          );
        })}
      </View>
      <Button
        label={picked.length ? 'Get started' : 'Skip for now'}
        variant={picked.length ? 'primary' : 'ghost'}
        size="lg"
        loading={save.isPending}
        onPress={finish}
      />
      {save.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(save.error)} You can also skip this for now.
        </Text>
      ) : null}
      {save.isError ? <Button label="Continue without saving" variant="ghost" onPress={() => router.replace('/')} /> : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  chips: { flexDirection: 'row', flexWrap: 'wrap' },
  chip: { borderWidth: 1, flexDirection: 'row', alignItems: 'center', gap: 6 },
});
