import { StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';

export interface ProgressBarProps {
  /** Announced name, e.g. "Review progress" or "Uploading notes.pdf". */
  label: string;
  /** Done so far, 0…max; null for work whose amount is not known (a full, faded bar). */
  value: number | null;
  max?: number;
  tone?: 'primary' | 'success' | 'accent';
  height?: number;
}

/** A thin horizontal progress bar, exposed as a progressbar with its value. */
export function ProgressBar({ label, value, max = 100, tone = 'primary', height = 6 }: ProgressBarProps) {
  const { colors, radius } = useTheme();
  const known = value != null && max > 0;
  const pct = known ? Math.max(0, Math.min(100, (value / max) * 100)) : 100;
  const fill = { primary: colors.primary, success: colors.success, accent: colors.accent }[tone];
  return (
    <View
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={known ? value : undefined}
      style={[styles.track, { height, borderRadius: radius.pill, backgroundColor: colors.surfaceAlt }]}
    >
      <View
        style={{
          width: `${pct}%`,
          height: '100%',
          borderRadius: radius.pill,
          backgroundColor: fill,
          opacity: known ? 1 : 0.6,
        }}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  track: { overflow: 'hidden', width: '100%' },
});
