import { useRouter } from 'expo-router';
import { EmptyState, Screen } from '@/components/ui';

export default function NotFoundScreen() {
  const router = useRouter();
  return (
    <Screen title="Page not found">
      <EmptyState
        icon="help-circle-outline"
        title="This page doesn’t exist"
        message="The link may be broken or the page may have moved."
        actionLabel="Go home"
        onAction={() => router.replace('/')}
      />
    </Screen>
  );
}
