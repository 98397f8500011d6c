// Settings: the learner's desired retention (how much of what they review they want to still know
// when a card falls due) with the workload it costs, estimated by the API from their own cards,
// and whether their schedule is personalised from their own reviews yet.
import { View } from 'react-native';
import { Card, Segmented, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useProfileQuery, useUpdateProfileMutation } from '@/state/queries/profile';
import { useWorkloadQuery } from '@/state/queries/review';
import { useTheme } from '@/theme';

export const RETENTION_CHOICES = [0.8, 0.85, 0.9, 0.95] as const;
const DEFAULT_RETENTION = 0.9;

export const percent = (r: number) => `${Math.round(r * 100)} %`;
const count = (n: number) => n.toLocaleString('en');

/** "about 12 cards a day", "less than one card a day", "no cards". */
export function perDay(n: number) {
  if (n === 0) return 'no cards a day';
  if (n < 1) return 'less than one card a day';
  const r = Math.round(n);
  return `about ${count(r)} card${r === 1 ? '' : 's'} a day`;
}

export function RetentionCard() {
  const { spacing } = useTheme();
  const profile = useProfileQuery();
  const update = useUpdateProfileMutation();
  const saved = profile.data?.preferences.desiredRetention ?? DEFAULT_RETENTION;
  // While the change is saving, show (and estimate) the choice just made.
  const chosen = update.isPending ? (update.variables?.preferences?.desiredRetention ?? saved) : saved;
  const workload = useWorkloadQuery(chosen);
  const options = [...new Set([...RETENTION_CHOICES, saved])]
    .sort((a, b) => a - b)
    .map((r) => ({ id: String(r), label: percent(r) }));
  const w = workload.data;
  const p = w?.parameters;

  return (
    <Card style={{ gap: spacing.sm }} testID="review-schedule">
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        Review schedule
      </Text>
      <Text tone="muted">
        How much you want to still remember when a card comes back. Higher means more reviews, each sooner.
      </Text>
      <Segmented
        label="Desired retention"
        options={options}
        value={String(chosen)}
        disabled={profile.data === undefined}
        onChange={(id) => update.mutate({ preferences: { desiredRetention: Number(id) } })}
      />
      <View accessibilityLiveRegion="polite" aria-live="polite" style={{ gap: spacing.xs }}>
        {w && w.retention === chosen ? (
          <>
            <Text variant="bodyStrong" testID="workload-estimate">
              At {percent(w.retention)} you will review {perDay(w.cardsPerDay)}.
            </Text>
            <Text variant="caption" tone="muted">
              {w.cards
                ? `Estimated over the next ${w.days} days from your ${count(w.cards)} card${w.cards === 1 ? '' : 's'} as they are now (new cards add to it).`
                : 'You have no review cards yet.'}
            </Text>
          </>
        ) : workload.isError ? (
          <Text tone="danger">{failureMessage(workload.error, 'Your workload could not be estimated')}</Text>
        ) : (
          <Text tone="muted">Estimating your workload…</Text>
        )}
        {update.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(update.error, 'Your desired retention was not saved')}
          </Text>
        ) : null}
      </View>
      {p ? (
        <Text tone="muted" testID="schedule-personalised">
          {p.personalised
            ? `Personalised from your ${count(p.fittedOn ?? p.reviews)} reviews.`
            : `Default schedule until you have ${count(p.minReviews)} reviews (you have ${count(p.reviews)}); then it is fitted to how you remember.`}
        </Text>
      ) : null}
    </Card>
  );
}
