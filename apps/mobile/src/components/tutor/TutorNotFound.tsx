import { Stack, useRouter } from 'expo-router';
import { EmptyState, Screen } from '@/components/ui';

/** A tutor path (or lesson) that is not the caller's, was deleted, or never existed. */
export function TutorNotFound({ what = 'path' }: { what?: 'path' | 'lesson' }) {
  const router = useRouter();
  const title = what === 'path' ? 'Path not found' : 'Lesson not found';
  return (
    <Screen edges={[]} title={title}>
      <Stack.Screen options={{ title }} />
      <EmptyState
        icon="help-circle-outline"
        title={what === 'path' ? 'This path isn’t here' : 'This lesson isn’t here'}
        message={
          what === 'path'
            ? 'It may have been deleted, or it belongs to another tutor. Your own paths are on your tutor dashboard.'
            : 'It may have been removed from the path. The path’s lessons are on its page.'
        }
        actionLabel="Go to my tutor dashboard"
        onAction={() => router.dismissTo('/tutor/dashboard')}
      />
    </Screen>
  );
}
