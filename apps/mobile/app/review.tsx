import { useRouter } from 'expo-router';
import { EmptyState, Screen } from '@/components/ui';

/** Flashcard review (spaced repetition). Placeholder: no cards are loaded yet. */
export default function ReviewScreen() {
  const router = useRouter();
  return (
    <Screen edges={[]} subtitle="A few minutes a day keeps forgetting away.">
      <EmptyState
        icon="checkmark-done-outline"
        title="You’re all caught up"
        message="No cards are due right now. Cards from your chats and documents will appear here when it’s time to review them."
        actionLabel="Back to Home"
        onAction={() => router.replace('/')}
      />
    </Screen>
  );
}
