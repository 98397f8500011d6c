import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Button, Icon, Modal, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useLeaveEnrollmentMutation } from '@/state/queries/enrollments';
import { useTheme } from '@/theme';

/** "Leave this path", which asks first and says what happens to the learner's progress. */
export function LeaveEnrollment({ enrollmentId, title, onLeft }: { enrollmentId: string; title: string; onLeft: () => void }) {
  const { colors, spacing } = useTheme();
  const [asking, setAsking] = useState(false);
  const leave = useLeaveEnrollmentMutation();
  return (
    <>
      <Button
        label="Leave this path"
        variant="ghost"
        size="sm"
        icon={<Icon name="exit-outline" size={16} color={colors.danger} />}
        onPress={() => setAsking(true)}
      />
      {asking ? (
        <Modal visible title="Leave this path?" onClose={() => setAsking(false)}>
          <View style={{ gap: spacing.md }}>
            <Text>
              “{title}” leaves your enrolments and Home, and its tutor no longer sees you among its learners. Your progress is kept: enrol again from
              Discover and you carry on where you left off. XP you earned stays yours.
            </Text>
            {leave.isError ? (
              <Text variant="caption" tone="danger" accessibilityRole="alert">
                {failureMessage(leave.error, 'You have not left the path')}
              </Text>
            ) : null}
            <View style={[styles.row, { gap: spacing.sm }]}>
              <Button label="Stay enrolled" variant="ghost" size="sm" onPress={() => setAsking(false)} disabled={leave.isPending} />
              <Button
                label={leave.isPending ? 'Leaving…' : 'Leave'}
                accessibilityLabel="Leave the path"
                variant="danger"
                size="sm"
                loading={leave.isPending}
                onPress={() => leave.mutate(enrollmentId, { onSuccess: onLeft })}
              />
            </View>
          </View>
        </Modal>
      ) : null}
    </>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
});
