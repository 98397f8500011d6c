import type { NextStep } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import { Button, Card, Icon, Text, type IconName } from '@/components/ui';
import { useNextStepQuery } from '@/state/queries/concepts';
import { useTheme } from '@/theme';

const ICONS: Record<NextStep['kind'], IconName> = {
  practise: 'fitness-outline',
  review: 'layers-outline',
  lesson: 'play-circle',
  make_cards: 'add-circle-outline',
  start: 'sparkles-outline',
};

const ACTION: Record<NextStep['kind'], string> = {
  practise: 'Practise now',
  review: 'Review now',
  lesson: 'Open the lesson',
  make_cards: 'See your concepts',
  start: 'Start a conversation',
};

/** Home's one best next step, chosen by the API from what the learner knows now, with the reason. */
export function NextStepCard() {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const step = useNextStepQuery();
  if (!step.isSuccess) return null;
  const s = step.data;
  const go = () => {
    // One concept: its own cards; several: a weak-spots session across them.
    if (s.kind === 'practise')
      router.push({
        pathname: '/review',
        params: s.conceptIds.length === 1 ? { practice: '1', conceptId: s.conceptIds[0] } : { practice: '1' },
      });
    else if (s.kind === 'review') router.push('/review');
    else if (s.kind === 'lesson' && s.pathId && s.lessonId)
      router.push({
        pathname: '/paths/[id]/lessons/[lessonId]',
        params: { id: s.pathId, lessonId: s.lessonId },
      });
    else if (s.kind === 'make_cards') router.push('/knowledge');
    else router.push({ pathname: '/session', params: { id: 'new' } });
  };
  return (
    <Card style={{ gap: spacing.md }} testID="next-step">
      <Text variant="caption" tone="primary">
        Your next step
      </Text>
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={[styles.badge, { backgroundColor: colors.primarySoft, borderRadius: radius.md }]}>
          <Icon name={ICONS[s.kind]} color={colors.primary} />
        </View>
        <View style={styles.flex}>
          <Text variant="bodyStrong">{s.title}</Text>
          <Text tone="muted" testID="next-step-reason">
            {s.reason}
          </Text>
        </View>
      </View>
      <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
        <Button label={ACTION[s.kind]} accessibilityLabel={`${ACTION[s.kind]}: ${s.title}`} onPress={go} />
        <Button label="Your knowledge" variant="ghost" onPress={() => router.push('/knowledge')} />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  wrap: { flexWrap: 'wrap' },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1, minWidth: 160 },
});
