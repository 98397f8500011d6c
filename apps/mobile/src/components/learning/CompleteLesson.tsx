import type { CompleteLessonResponse } from '@chitchat/contracts';
import { View } from 'react-native';
import { Button, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useTheme } from '@/theme';

/** "Mark lesson complete" (with progress and failure in words), then what it earned. */
export function CompleteLesson({
  completed,
  mutation,
  onComplete,
}: {
  completed: boolean;
  mutation: { isPending: boolean; isError: boolean; error: unknown; data?: CompleteLessonResponse };
  onComplete: () => void;
}) {
  const { colors, radius, spacing } = useTheme();
  const result = mutation.data;
  return (
    <>
      {completed || result ? (
        <View
          accessibilityRole="alert"
          style={{
            backgroundColor: colors.successSoft,
            borderRadius: radius.lg,
            padding: spacing.lg,
            gap: spacing.xs,
          }}
        >
          <Text variant="bodyStrong" tone="success">
            {result?.pathFinished ? 'Path complete!' : 'Lesson complete'}
          </Text>
          <Text>
            {result && result.xpAwarded > 0
              ? `+${result.xpAwarded} XP · ${result.xp} XP in total`
              : 'You have finished this lesson.'}
          </Text>
        </View>
      ) : (
        <Button
          label={mutation.isPending ? 'Saving your progress…' : 'Mark lesson complete'}
          size="lg"
          loading={mutation.isPending}
          onPress={onComplete}
        />
      )}
      {mutation.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(mutation.error, 'The lesson was not marked complete')}
        </Text>
      ) : null}
    </>
  );
}
