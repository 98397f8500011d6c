import { QueryClientProvider } from '@tanstack/react-query';
import { DarkTheme, DefaultTheme, Stack, ThemeProvider, type Theme as NavTheme } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { useEffect, useRef } from 'react';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { Celebration } from '@/components/Celebration';
import { HeaderBack } from '@/components/HeaderBack';
import { PageHeaderTitle } from '@/components/PageHeaderTitle';
import { LoadingState } from '@/components/ui';
import { installFocusRing } from '@/components/ui/focusRing';
import { AuthProvider, useAuth } from '@/state/AuthContext';
import { queryClient } from '@/state/queryClient';
import { useTheme } from '@/theme';

export default function RootLayout() {
  return (
    <SafeAreaProvider>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ThemedNavigation />
        </AuthProvider>
      </QueryClientProvider>
    </SafeAreaProvider>
  );
}

function ThemedNavigation() {
  const theme = useTheme();
  const base = theme.scheme === 'dark' ? DarkTheme : DefaultTheme;
  useEffect(() => installFocusRing(theme.colors.focus), [theme.colors.focus]);
  const navTheme: NavTheme = {
    ...base,
    colors: {
      ...base.colors,
      primary: theme.colors.primary,
      background: theme.colors.background,
      card: theme.colors.surface,
      text: theme.colors.text,
      border: theme.colors.border,
      notification: theme.colors.accent,
    },
  };
  return (
    <ThemeProvider value={navTheme}>
      <StatusBar style={theme.scheme === 'dark' ? 'light' : 'dark'} />
      <RootNavigator />
      <Celebration />
    </ThemeProvider>
  );
}

function RootNavigator() {
  const { session, loading } = useAuth();
  const userId = session?.user.id ?? null;
  const previousUser = useRef<string | null>(null);

  // Never show one account's cached data to the next: drop the cache when a
  // signed-in user signs out or is replaced (not on the first sign-in, which
  // would cancel the queries the new screens have just started).
  useEffect(() => {
    if (loading) return;
    if (previousUser.current !== null && previousUser.current !== userId) queryClient.clear();
    previousUser.current = userId;
  }, [userId, loading]);

  if (loading) return <LoadingState label="Starting ChitChat…" />;

  const signedIn = session != null;
  return (
    <Stack
      screenOptions={{
        headerShown: false,
        headerLeft: () => <HeaderBack />,
        headerShadowVisible: false,
        // A screen with a header is named after it in the browser tab too ("Review · ChitChat").
        headerTitle: (props) => <PageHeaderTitle {...props} />,
      }}
    >
      <Stack.Protected guard={signedIn}>
        <Stack.Screen name="(tabs)" />
        <Stack.Screen name="onboarding" />
        <Stack.Screen name="session" options={{ headerShown: true, title: 'Conversation' }} />
        {/* Learning: my paths, tutors' paths from the catalog, my enrolments (each screen names itself). */}
        <Stack.Screen name="paths/index" options={{ headerShown: true, title: 'Learning paths' }} />
        <Stack.Screen name="paths/[id]/index" options={{ headerShown: true, title: 'Learning path' }} />
        <Stack.Screen name="paths/[id]/lessons/[lessonId]" options={{ headerShown: true, title: 'Lesson' }} />
        <Stack.Screen name="catalog/[id]" options={{ headerShown: true, title: 'Tutor’s path' }} />
        <Stack.Screen name="enrollments/index" options={{ headerShown: true, title: 'My enrolments' }} />
        <Stack.Screen name="enrollments/[id]/index" options={{ headerShown: true, title: 'Enrolment' }} />
        <Stack.Screen
          name="enrollments/[id]/lessons/[lessonId]"
          options={{ headerShown: true, title: 'Lesson' }}
        />
        {/* Old /learning-path?… links: redirected to the routes above. */}
        <Stack.Screen name="learning-path" />
        <Stack.Screen name="review" options={{ headerShown: true, title: 'Review' }} />
        <Stack.Screen name="knowledge/index" options={{ headerShown: true, title: 'Knowledge' }} />
        <Stack.Screen name="knowledge/[id]" options={{ headerShown: true, title: 'Concept' }} />
        <Stack.Screen name="uploads/[id]" options={{ headerShown: true, title: 'Document' }} />
        <Stack.Screen name="tutor/dashboard" options={{ headerShown: true, title: 'Tutor dashboard' }} />
        <Stack.Screen name="tutor/paths/[id]/index" options={{ headerShown: true, title: 'Your path' }} />
        <Stack.Screen name="tutor/paths/[id]/preview" options={{ headerShown: true, title: 'Preview' }} />
        <Stack.Screen
          name="tutor/paths/[id]/lessons/[lessonId]"
          options={{ headerShown: true, title: 'Edit lesson' }}
        />
        <Stack.Screen name="settings" options={{ headerShown: true, title: 'Settings and about' }} />
        <Stack.Screen name="xp" options={{ headerShown: true, title: 'XP history' }} />
      </Stack.Protected>
      <Stack.Protected guard={!signedIn}>
        <Stack.Screen name="login" />
      </Stack.Protected>
    </Stack>
  );
}
