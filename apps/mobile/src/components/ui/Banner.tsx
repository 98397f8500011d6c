import type { ReactNode } from 'react';
import { StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Icon, type IconName } from './Icon';
import { Text } from './Text';

export interface BannerProps {
  tone?: 'info' | 'success' | 'danger';
  title?: string;
  children?: ReactNode;
  icon?: IconName;
  /** A button or two at the end (retry, dismiss). */
  action?: ReactNode;
}

const ICONS: Record<NonNullable<BannerProps['tone']>, IconName> = {
  info: 'information-circle-outline',
  success: 'checkmark-circle-outline',
  danger: 'alert-circle-outline',
};

/**
 * A message across the screen: information, success or a failure (announced as an alert). Text
 * colours keep ≥ 4.5:1 on their soft backgrounds.
 */
export function Banner({ tone = 'info', title, children, icon, action }: BannerProps) {
  const { colors, radius, spacing } = useTheme();
  const palette = {
    info: { bg: colors.primarySoft, fg: colors.primary, text: 'primary' as const },
    success: { bg: colors.successSoft, fg: colors.success, text: 'success' as const },
    danger: { bg: colors.dangerSoft, fg: colors.danger, text: 'danger' as const },
  }[tone];
  return (
    <View
      accessibilityRole={tone === 'danger' ? 'alert' : undefined}
      aria-live={tone === 'danger' ? undefined : 'polite'}
      style={[
        styles.box,
        { backgroundColor: palette.bg, borderRadius: radius.md, padding: spacing.md, gap: spacing.sm },
      ]}
    >
      <Icon name={icon ?? ICONS[tone]} size={20} color={palette.fg} />
      <View style={styles.text}>
        {title ? (
          <Text variant="bodyStrong" tone={palette.text}>
            {title}
          </Text>
        ) : null}
        {typeof children === 'string' ? <Text tone={palette.text}>{children}</Text> : children}
      </View>
      {action}
    </View>
  );
}

/** A short failure under a control ("Not saved. …"), announced when it appears. */
export function InlineError({ children }: { children: ReactNode }) {
  if (children == null || children === false || children === '') return null;
  return (
    <Text variant="caption" tone="danger" accessibilityRole="alert">
      {children}
    </Text>
  );
}

const styles = StyleSheet.create({
  box: { flexDirection: 'row', alignItems: 'flex-start' },
  text: { flex: 1, gap: 2 },
});
