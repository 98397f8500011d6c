import { Redirect, useLocalSearchParams } from 'expo-router';
import { legacyLearningHref } from '@/components/learning';

/**
 * Old links (`/learning-path?id=…&lesson=…`, `?catalog=`, `?enrollment=`, `?topic=`), from before
 * each screen had its own route: sent on to the route that shows the same thing.
 */
export default function LegacyLearningPathRedirect() {
  const params = useLocalSearchParams<{
    id?: string;
    lesson?: string;
    topic?: string;
    catalog?: string;
    enrollment?: string;
  }>();
  return <Redirect href={legacyLearningHref(params)} />;
}
