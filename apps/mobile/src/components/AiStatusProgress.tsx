import type { AiStatus } from '@chitchat/contracts';
import { View } from 'react-native';
import { useTheme } from '@/theme';

/** A thin bar for the local model's download (nothing when there is no percentage to show). */
export function AiStatusProgress({ status }: { status: AiStatus }) {
  const { colors, radius } = useTheme();
  if (status.state !== 'downloading' || status.percent === undefined) return null;
  return (
    <View
      accessibilityRole="progressbar"
      accessibilityLabel="Local tutor download"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={status.percent}
      testID="ai-progress"
      style={{ height: 6, borderRadius: radius.pill, backgroundColor: colors.border, overflow: 'hidden' }}
    >
      <View style={{ width: `${status.percent}%`, height: '100%', backgroundColor: colors.primary }} />
    </View>
  );
}
