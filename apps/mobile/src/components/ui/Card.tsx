import type { ReactNode } from 'react';
import { Pressable, StyleSheet, View, type StyleProp, type ViewStyle } from 'react-native';
import { useTheme } from '@/theme';

export interface CardProps {
  children: ReactNode;
  onPress?: () => void;
  /** Required when the card is pressable. */
  accessibilityLabel?: string;
  accessibilityHint?: string;
  padded?: boolean;
  /** The item currently open (a conversation beside its list): announced as the current page. */
  current?: boolean;
  style?: StyleProp<ViewStyle>;
  testID?: string;
}

/** Rounded surface. Becomes a button when `onPress` is given. */
export function Card({
  children,
  onPress,
  accessibilityLabel,
  accessibilityHint,
  padded = true,
  current,
  style,
  testID,
}: CardProps) {
  const { colors, radius, spacing, scheme } = useTheme();
  const base: ViewStyle = {
    backgroundColor: colors.surface,
    borderRadius: radius.lg,
    borderColor: colors.border,
    padding: padded ? spacing.lg : 0,
  };
  const shadow = scheme === 'light' ? styles.shadow : null;

  if (!onPress) {
    return (
      <View testID={testID} style={[styles.card, base, shadow, style]}>
        {children}
      </View>
    );
  }
  return (
    <Pressable
      testID={testID}
      onPress={onPress}
      accessibilityRole="button"
      accessibilityLabel={accessibilityLabel}
      accessibilityHint={accessibilityHint}
      aria-current={current ? 'page' : undefined}
      style={({ pressed }) => [
        styles.card,
        base,
        shadow,
        pressed ? { backgroundColor: colors.surfaceAlt, transform: [{ scale: 0.99 }] } : null,
        style,
      ]}
    >
      {children}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  card: {
    borderWidth: StyleSheet.hairlineWidth,
  },
  shadow: {
    shadowColor: '#2B2270',
    shadowOpacity: 0.06,
    shadowRadius: 12,
    shadowOffset: { width: 0, height: 4 },
    elevation: 2,
  },
});
