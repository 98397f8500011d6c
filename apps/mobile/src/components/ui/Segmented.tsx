import { Pressable, StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Text } from './Text';

export interface SegmentedOption<T extends string> {
  id: T;
  label: string;
}

export interface SegmentedProps<T extends string> {
  /** Names the group for screen readers; each option is announced as "label: option". */
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (id: T) => void;
  disabled?: boolean;
}

/** A row of mutually exclusive choices (a radio group), the chosen one raised. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  disabled = false,
}: SegmentedProps<T>) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View
      role="radiogroup"
      aria-label={label}
      style={[styles.row, { backgroundColor: colors.surfaceAlt, borderRadius: radius.md }]}
    >
      {options.map((o) => {
        const on = o.id === value;
        return (
          <Pressable
            key={o.id}
            role="radio"
            aria-checked={on}
            aria-disabled={disabled || undefined}
            accessibilityLabel={`${label}: ${o.label}`}
            disabled={disabled}
            onPress={() => !on && onChange(o.id)}
            style={[
              styles.option,
              {
                paddingVertical: spacing.sm,
                borderRadius: radius.sm,
                backgroundColor: on ? colors.surface : 'transparent',
              },
            ]}
          >
            <Text variant="label" tone={on ? 'primary' : 'muted'} align="center">
              {o.label}
            </Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', padding: 3, gap: 3 },
  option: { flex: 1, alignItems: 'center', paddingHorizontal: 4 },
});
