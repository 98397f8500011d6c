import { View } from 'react-native';
import { useServerInfoQuery } from '@/state/queries/dashboard';
import { AiStatusProgress } from './AiStatusProgress';
import { useTheme } from '@/theme';
import { Icon } from './ui/Icon';
import { Text } from './ui/Text';

/**
 * Shown when no AI model answers: offline mode by choice, or the local model being set up
 * ("Setting up the local tutor: 43 %") or failed (the reason, meant for whoever runs the server,
 * is on Settings and about). Gone once it is ready.
 */
export function OfflineNotice({ compact }: { compact?: boolean }) {
  const info = useServerInfoQuery();
  const { colors, radius, spacing } = useTheme();
  if (!info.data?.ai.offline) return null;
  const status = info.data.ai.status;
  const settingUp = status.state === 'downloading' || status.state === 'loading';
  return (
    <View
      accessibilityRole="summary"
      testID="offline-notice"
      style={{
        flexDirection: 'row',
        alignItems: 'center',
        gap: spacing.sm,
        backgroundColor: colors.accentSoft,
        borderRadius: radius.md,
        paddingHorizontal: spacing.md,
        paddingVertical: compact ? spacing.xs : spacing.sm,
      }}
    >
      <Icon name="cloud-offline-outline" size={18} color={colors.accent} />
      <View style={{ flex: 1, gap: spacing.xs }}>
        <Text variant="caption" style={{ color: colors.text }}>
          {settingUp
            ? `${status.message} Meanwhile answers quote your own material.`
            : status.state === 'failed'
              ? 'The AI tutor could not be set up on this server, so answers quote your own material. Details are in Profile → Settings and about.'
              : 'Offline mode: no AI model is connected, so answers quote your own material (documents, lessons and earlier messages).'}
        </Text>
        <AiStatusProgress status={status} />
      </View>
    </View>
  );
}
