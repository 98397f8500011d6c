import { StyleSheet, Switch, View } from 'react-native';
import { useTheme } from '@/theme';
import { Text } from './Text';

export interface ToggleProps {
  /** The setting's name: shown beside the switch and announced with its state. */
  label: string;
  value: boolean;
  onChange: (on: boolean) => void;
  /** A line under the label (why it is locked, what it does). */
  hint?: string | null;
  disabled?: boolean;
  testID?: string;
}

/** An on/off setting: a switch with its label (announced as a switch, checked or not). */
export function Toggle({ label, value, onChange, hint, disabled = false, testID }: ToggleProps) {
  const { colors, spacing } = useTheme();
  return (
    <View style={[styles.row, { gap: spacing.sm }]} testID={testID}>
      <View style={styles.text}>
        <Text variant="bodyStrong">{label}</Text>
        {hint ? (
          <Text variant="caption" tone="muted">
            {hint}
          </Text>
        ) : null}
      </View>
      <Switch
        accessibilityLabel={label}
        aria-label={label}
        value={value}
        onValueChange={onChange}
        disabled={disabled}
        trackColor={{ true: colors.primary, false: colors.border }}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between' },
  text: { flexShrink: 1 },
});
