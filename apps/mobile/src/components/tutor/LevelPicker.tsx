import type { Difficulty } from '@chitchat/contracts';
import { Pressable, StyleSheet, View } from 'react-native';
import { Text } from '@/components/ui';
import { useTheme } from '@/theme';

const LEVELS: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

/** Beginner / intermediate / advanced as a labelled radio group. */
export function LevelPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Difficulty;
  onChange: (d: Difficulty) => void;
}) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View role="radiogroup" aria-label={label} style={[styles.row, { gap: spacing.sm }]}>
      {LEVELS.map((l) => (
        <Pressable
          key={l}
          role="radio"
          aria-checked={value === l}
          accessibilityLabel={`${label}: ${l}`}
          onPress={() => onChange(l)}
          style={{
            borderWidth: 1,
            borderRadius: radius.pill,
            paddingHorizontal: spacing.md,
            paddingVertical: spacing.xs + 2,
            borderColor: value === l ? colors.primary : colors.border,
            backgroundColor: value === l ? colors.primarySoft : colors.surface,
          }}
        >
          <Text
            variant="label"
            style={{ color: value === l ? colors.primary : colors.text, textTransform: 'capitalize' }}
          >
            {l}
          </Text>
        </Pressable>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({ row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' } });
