import type { ConceptSummary, MasteryLevel } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { Text } from '@/components/ui';
import { useTheme } from '@/theme';

export const LEVEL_LABEL: Record<MasteryLevel, string> = {
  unknown: 'Not known yet',
  weak: 'Weak',
  learning: 'Learning',
  strong: 'Strong',
};

/** "Strong · 91 %", or what unknown means. The words carry the value; the bar only shows it. */
export function masteryText(c: Pick<ConceptSummary, 'level' | 'mastery' | 'cardCount'>): string {
  if (c.mastery === null) return c.cardCount ? 'Not known yet: answer its cards' : 'Not known yet: no cards';
  return `${LEVEL_LABEL[c.level]} · ${Math.round(c.mastery * 100)} %`;
}

/** A horizontal bar of a concept's mastery with its value in words beside it (no chart library). */
export function MasteryBar({
  concept,
}: {
  concept: Pick<ConceptSummary, 'level' | 'mastery' | 'cardCount'>;
}) {
  const { colors, radius, spacing } = useTheme();
  const fill = {
    unknown: colors.textMuted,
    weak: colors.danger,
    learning: colors.primary,
    strong: colors.success,
  }[concept.level];
  const pct = concept.mastery === null ? 0 : Math.max(2, Math.round(concept.mastery * 100));
  return (
    <View style={{ gap: spacing.xs }}>
      <View
        aria-hidden
        style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}
      >
        <View
          style={{ width: `${pct}%`, height: '100%', backgroundColor: fill, borderRadius: radius.pill }}
        />
      </View>
      <Text variant="small" tone={concept.level === 'weak' ? 'danger' : 'muted'}>
        {masteryText(concept)}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  track: { height: 10, overflow: 'hidden', width: '100%' },
});
