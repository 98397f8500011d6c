import { Redirect, useLocalSearchParams, type Href } from 'expo-router';

/**
 * Old links (`/learning-path?id=…&lesson=…`, `?catalog=`, `?enrollment=`, `?topic=`), from before
 * each screen had its own route: sent on to the route that shows the same thing.
 */
export default function LegacyLearningPathRedirect() {
  const { id, lesson, topic, catalog, enrollment } = useLocalSearchParams<{
    id?: string;
    lesson?: string;
    topic?: string;
    catalog?: string;
    enrollment?: string;
  }>();
  return <Redirect href={legacyHref({ id, lesson, topic, catalog, enrollment })} />;
}

function legacyHref(q: { id?: string; lesson?: string; topic?: string; catalog?: string; enrollment?: string }): Href {
  if (q.catalog) return { pathname: '/catalog/[id]', params: { id: q.catalog } };
  if (q.enrollment && q.lesson) return { pathname: '/enrollments/[id]/lessons/[lessonId]', params: { id: q.enrollment, lessonId: q.lesson } };
  if (q.enrollment) return { pathname: '/enrollments/[id]', params: { id: q.enrollment } };
  if (q.id && q.lesson) return { pathname: '/paths/[id]/lessons/[lessonId]', params: { id: q.id, lessonId: q.lesson } };
  if (q.id) return { pathname: '/paths/[id]', params: { id: q.id } };
  return q.topic ? { pathname: '/paths', params: { topic: q.topic } } : '/paths';
}
