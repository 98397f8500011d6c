import { Stack, useRouter, type Href } from 'expo-router';
import { EmptyState, Screen } from '@/components/ui';
import { ApiError } from '@/lib/api';

/** A 404 from the API (the item was deleted, or was never mine). */
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** A missing or malformed item (a conversation, path, lesson, enrolment…): what happened in words, and a way on. */
export function NotFound({ what, back, backLabel }: { what: string; back: Href; backLabel: string }) {
  const router = useRouter();
  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: 'Not found' }} />
      <EmptyState
        icon="help-circle-outline"
        title={`This ${what} isn’t here`}
        message={`The ${what} may have been deleted, perhaps on another device, or the link is wrong.`}
        actionLabel={backLabel}
        onAction={() => router.replace(back)}
      />
    </Screen>
  );
}
