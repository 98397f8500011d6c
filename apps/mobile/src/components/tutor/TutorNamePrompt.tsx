import { useState } from 'react';
import { View } from 'react-native';
import { EditProfileModal } from '@/components/EditProfileModal';
import { Banner, Button, Text } from '@/components/ui';
import { useTheme } from '@/theme';

/**
 * For a tutor without a display name: learners see their paths as "By a tutor". Asks for one and
 * opens the profile's edit dialog right here; publishing works without it (nothing is blocked).
 */
export function TutorNamePrompt({ displayName, bio }: { displayName: string | null; bio: string | null }) {
  const { spacing } = useTheme();
  const [editing, setEditing] = useState(false);
  if (displayName?.trim()) return null;
  return (
    <>
      <Banner title="Learners see you as “a tutor”">
        <View style={{ gap: spacing.sm, alignItems: 'flex-start' }}>
          <Text tone="primary">
            Add a display name so they know who made your paths. You can publish without one.
          </Text>
          <Button label="Add a display name" size="sm" onPress={() => setEditing(true)} />
        </View>
      </Banner>
      {editing ? (
        <EditProfileModal visible initialName="" initialBio={bio ?? ''} onClose={() => setEditing(false)} />
      ) : null}
    </>
  );
}
