import { useState } from 'react';
import { Button, ConfirmDialog, Icon } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useLeaveEnrollmentMutation } from '@/state/queries/enrollments';
import { useTheme } from '@/theme';

/** "Leave this path", which asks first and says what happens to the learner's progress. */
export function LeaveEnrollment({
  enrollmentId,
  title,
  onLeft,
}: {
  enrollmentId: string;
  title: string;
  onLeft: () => void;
}) {
  const { colors } = useTheme();
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
      <ConfirmDialog
        visible={asking}
        title="Leave this path?"
        message={`“${title}” leaves your enrolments and Home, and its tutor no longer sees you among its learners. Your progress is kept: enrol again from Discover and you carry on where you left off. XP you earned stays yours.`}
        cancelLabel="Stay enrolled"
        confirmLabel="Leave"
        busyLabel="Leaving…"
        confirmAccessibilityLabel="Leave the path"
        danger
        busy={leave.isPending}
        problem={leave.isError ? failureMessage(leave.error, 'You have not left the path') : null}
        onCancel={() => setAsking(false)}
        onConfirm={() => leave.mutate(enrollmentId, { onSuccess: onLeft })}
      />
    </>
  );
}
