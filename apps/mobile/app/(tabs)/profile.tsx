import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Button, Card, Icon, Modal, Screen, Text, type IconName } from '@/components/ui';
import { useAuth } from '@/state/AuthContext';
import { useProfileQuery } from '@/state/queries/profile';
import { useTheme } from '@/theme';

const LINKS: { href: '/review' | '/tutor/dashboard'; title: string; description: string; icon: IconName }[] = [
  { href: '/review', title: 'Flashcard review', description: 'Practise the cards that are due today.', icon: 'layers-outline' },
  {
    href: '/tutor/dashboard',
    title: 'Tutor dashboard',
    description: 'Create learning paths and follow your learners.',
    icon: 'school-outline',
  },
];

/** Profile and settings. Shows name and XP from /api/v1/profile; editing comes later. */
export default function ProfileScreen() {
  const router = useRouter();
  const { user, signOut } = useAuth();
  const { colors, radius, spacing } = useTheme();
  const [confirming, setConfirming] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const profile = useProfileQuery();
  const email = profile.data?.email ?? user?.email ?? '';
  const name = profile.data?.displayName || email || 'Learner';
  const initial = (name[0] ?? '?').toUpperCase();
  const xp = profile.data?.xp ?? 0;

  return (
    <Screen title="Profile">
      <Card style={[styles.row, { gap: spacing.lg }]}>
        <View style={[styles.avatar, { backgroundColor: colors.primarySoft, borderRadius: radius.pill }]}>
          <Text variant="title" tone="primary">
            {initial}
          </Text>
        </View>
        <View style={styles.flex}>
          <Text variant="heading" numberOfLines={1}>
            {name}
          </Text>
          <Text tone="muted">
            {profile.isPending ? 'Loading profile…' : profile.isError ? 'Profile unavailable' : `${xp} XP${profile.data?.isTutor ? ' · Tutor' : ''}`}
          </Text>
        </View>
      </Card>

      {LINKS.map((link) => (
        <Card key={link.href} onPress={() => router.push(link.href)} accessibilityLabel={link.title}>
          <View style={[styles.row, { gap: spacing.md }]}>
            <View style={[styles.badge, { backgroundColor: colors.primarySoft, borderRadius: radius.md }]}>
              <Icon name={link.icon} color={colors.primary} />
            </View>
            <View style={styles.flex}>
              <Text variant="bodyStrong">{link.title}</Text>
              <Text tone="muted">{link.description}</Text>
            </View>
            <Icon name="chevron-forward" color={colors.textMuted} size={20} />
          </View>
        </Card>
      ))}

      <Button label="Sign out" variant="danger" onPress={() => setConfirming(true)} />

      <Modal
        visible={confirming}
        title="Sign out?"
        onClose={() => setConfirming(false)}
        footer={
          <>
            <Button label="Cancel" variant="ghost" size="sm" onPress={() => setConfirming(false)} />
            <Button
              label="Sign out"
              variant="danger"
              size="sm"
              loading={signingOut}
              onPress={async () => {
                setSigningOut(true);
                try {
                  await signOut();
                } finally {
                  setSigningOut(false);
                  setConfirming(false);
                }
              }}
            />
          </>
        }
      >
        <Text tone="muted">You can sign back in any time with your email and password.</Text>
      </Modal>
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  avatar: { width: 56, height: 56, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1 },
  badge: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
});
