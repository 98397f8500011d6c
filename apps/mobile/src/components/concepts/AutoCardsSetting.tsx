import { Switch, View } from 'react-native';
import { Card, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useProfileQuery, useUpdateProfileMutation } from '@/state/queries/profile';
import { useTheme } from '@/theme';

/** Settings: make review cards automatically (preferences.autoCards). */
export function AutoCardsSetting() {
  const { colors, spacing } = useTheme();
  const profile = useProfileQuery();
  const update = useUpdateProfileMutation();
  const on = update.isPending
    ? update.variables?.preferences?.autoCards === true
    : profile.data?.preferences.autoCards === true;
  return (
    <Card style={{ gap: spacing.sm }} testID="auto-cards">
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        Review cards
      </Text>
      <View style={{ flexDirection: 'row', alignItems: 'center', gap: spacing.md }}>
        <Text style={{ flex: 1 }}>
          Make cards automatically after a document is read, a lesson is completed or a chat has a few turns
        </Text>
        <Switch
          accessibilityLabel="Make review cards automatically"
          value={on}
          disabled={!profile.isSuccess || update.isPending}
          trackColor={{ true: colors.primary, false: colors.border }}
          onValueChange={(v) => update.mutate({ preferences: { autoCards: v } })}
        />
      </View>
      {update.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(update.error, 'The setting was not saved')}
        </Text>
      ) : null}
    </Card>
  );
}
