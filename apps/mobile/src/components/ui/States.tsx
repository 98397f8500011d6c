import { ActivityIndicator, StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Button } from './Button';
import { Icon, type IconName } from './Icon';
import { Text } from './Text';

export interface EmptyStateProps {
  icon?: IconName;
  title: string;
  message?: string;
  actionLabel?: string;
  onAction?: () => void;
}

/** Friendly "nothing here yet" block with an optional call to action. */
export function EmptyState({
  icon = 'sparkles-outline',
  title,
  message,
  actionLabel,
  onAction,
}: EmptyStateProps) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View
      style={[
        styles.box,
        { borderColor: colors.border, borderRadius: radius.lg, padding: spacing.xl, gap: spacing.sm },
      ]}
    >
      <View style={[styles.badge, { backgroundColor: colors.primarySoft, borderRadius: radius.pill }]}>
        <Icon name={icon} size={28} color={colors.primary} />
      </View>
      <Text variant="heading" align="center">
        {title}
      </Text>
      {message ? (
        <Text tone="muted" align="center">
          {message}
        </Text>
      ) : null}
      {actionLabel && onAction ? (
        <Button
          label={actionLabel}
          onPress={onAction}
          variant="secondary"
          style={{ marginTop: spacing.sm }}
        />
      ) : null}
    </View>
  );
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  const { colors, spacing } = useTheme();
  return (
    <View
      style={[styles.loading, { gap: spacing.md, padding: spacing.xl }]}
      accessibilityRole="progressbar"
      accessibilityLabel={label}
    >
      <ActivityIndicator color={colors.primary} size="large" />
      <Text tone="muted">{label}</Text>
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View
      accessibilityRole="alert"
      style={[
        styles.box,
        {
          backgroundColor: colors.dangerSoft,
          borderRadius: radius.lg,
          padding: spacing.xl,
          gap: spacing.sm,
          borderWidth: 0,
        },
      ]}
    >
      <Text variant="bodyStrong" tone="danger" align="center">
        Something went wrong
      </Text>
      <Text tone="danger" align="center">
        {message}
      </Text>
      {onRetry ? <Button label="Try again" onPress={onRetry} variant="ghost" size="sm" /> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { alignItems: 'center', borderWidth: 1, borderStyle: 'dashed' },
  badge: { width: 56, height: 56, alignItems: 'center', justifyContent: 'center' },
  loading: { alignItems: 'center', justifyContent: 'center', flex: 1 },
});
