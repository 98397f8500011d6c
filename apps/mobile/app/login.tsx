import { useRouter } from 'expo-router';
import { useEffect, useRef, useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, View, type TextInput } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { Button, Card, Icon, Input, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { usePageTitle } from '@/lib/pageTitle';
import { useAuth } from '@/state/AuthContext';
import { peekLoginNotice, setLoginNotice } from '@/state/loginNotice';
import { useTheme } from '@/theme';

type Busy = 'signIn' | 'signUp' | null;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;

export default function LoginScreen() {
  const { colors, radius, spacing } = useTheme();
  const { signIn, signUp } = useAuth();
  usePageTitle('Sign in');
  const router = useRouter();
  const passwordRef = useRef<TextInput>(null);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(peekLoginNotice);
  // Shown once: a later visit to this screen starts clean.
  useEffect(() => setLoginNotice(null), []);
  const [busy, setBusy] = useState<Busy>(null);

  function validate(mode: 'signIn' | 'signUp'): string | null {
    if (!EMAIL_RE.test(email.trim())) return 'Enter a valid email address.';
    if (!password) return 'Enter your password.';
    if (mode === 'signUp' && password.length < MIN_PASSWORD) {
      return `Use at least ${MIN_PASSWORD} characters for your password.`;
    }
    return null;
  }

  async function submit(mode: 'signIn' | 'signUp') {
    if (busy) return;
    const problem = validate(mode);
    setNotice(null);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setBusy(mode);
    try {
      if (mode === 'signIn') {
        await signIn(email, password);
      } else {
        const { signedIn } = await signUp(email, password);
        if (signedIn) router.replace('/onboarding');
        else setNotice('Account created. Check your inbox to confirm your email, then sign in.');
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <SafeAreaView style={[styles.fill, { backgroundColor: colors.background }]}>
      <KeyboardAvoidingView style={styles.fill} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
        <ScrollView
          contentContainerStyle={[styles.scroll, { padding: spacing.lg }]}
          keyboardShouldPersistTaps="handled"
        >
          <View style={[styles.column, { gap: spacing.xl }]}>
            <View style={[styles.brand, { gap: spacing.md }]}>
              <View style={[styles.logo, { backgroundColor: colors.primary, borderRadius: radius.lg }]}>
                <Icon name="chatbubbles" size={32} color={colors.onPrimary} />
              </View>
              <Text variant="display" align="center" accessibilityRole="header">
                ChitChat
              </Text>
              <Text tone="muted" align="center" style={styles.tagline}>
                Your AI study buddy. Ask questions, turn notes into flashcards and follow learning paths made
                for you.
              </Text>
            </View>

            <Card style={{ padding: spacing.xl, gap: spacing.lg }}>
              <View style={{ gap: spacing.xxs }}>
                <Text variant="heading">Welcome</Text>
                <Text variant="caption" tone="muted">
                  Sign in, or create a free account to get started.
                </Text>
              </View>
              <Input
                label="Email"
                accessibilityLabel="Email"
                value={email}
                onChangeText={(v) => {
                  setEmail(v);
                  if (error) setError(null);
                }}
                placeholder="you@example.com"
                autoCapitalize="none"
                autoCorrect={false}
                autoComplete="email"
                keyboardType="email-address"
                textContentType="emailAddress"
                inputMode="email"
                returnKeyType="next"
                onSubmitEditing={() => passwordRef.current?.focus()}
                testID="login-email"
              />
              <Input
                ref={passwordRef}
                label="Password"
                accessibilityLabel="Password"
                value={password}
                onChangeText={(v) => {
                  setPassword(v);
                  if (error) setError(null);
                }}
                placeholder="At least 8 characters"
                secureTextEntry
                autoCapitalize="none"
                autoComplete={Platform.OS === 'web' ? 'current-password' : 'password'}
                textContentType="password"
                returnKeyType="go"
                onSubmitEditing={() => void submit('signIn')}
                testID="login-password"
              />

              <View
                accessibilityLiveRegion="polite"
                accessibilityRole={error ? 'alert' : undefined}
                testID="login-error"
                style={[
                  styles.message,
                  error
                    ? { backgroundColor: colors.dangerSoft, borderRadius: radius.md, padding: spacing.md }
                    : null,
                  notice
                    ? { backgroundColor: colors.successSoft, borderRadius: radius.md, padding: spacing.md }
                    : null,
                ]}
              >
                {error ? (
                  <Text variant="caption" tone="danger">
                    {error}
                  </Text>
                ) : notice ? (
                  <Text variant="caption" tone="success">
                    {notice}
                  </Text>
                ) : null}
              </View>

              <View style={{ gap: spacing.sm }}>
                <Button
                  label="Sign in"
                  accessibilityLabel="Sign in"
                  size="lg"
                  fullWidth
                  loading={busy === 'signIn'}
                  disabled={busy !== null}
                  onPress={() => void submit('signIn')}
                  testID="login-sign-in"
                />
                <Button
                  label="Create account"
                  accessibilityLabel="Create account"
                  accessibilityHint="Creates a new ChitChat account with this email and password"
                  variant="secondary"
                  size="lg"
                  fullWidth
                  loading={busy === 'signUp'}
                  disabled={busy !== null}
                  onPress={() => void submit('signUp')}
                  testID="login-sign-up"
                />
              </View>
            </Card>

            <Text variant="caption" tone="muted" align="center">
              Learn anything, one conversation at a time.
            </Text>
          </View>
        </ScrollView>
      </KeyboardAvoidingView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  scroll: { flexGrow: 1, justifyContent: 'center' },
  column: { width: '100%', maxWidth: 420, alignSelf: 'center' },
  brand: { alignItems: 'center' },
  logo: { width: 64, height: 64, alignItems: 'center', justifyContent: 'center' },
  tagline: { maxWidth: 340 },
  message: { minHeight: 0 },
});
