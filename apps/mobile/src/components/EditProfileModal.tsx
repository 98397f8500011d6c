import { useState } from 'react';
import { View } from 'react-native';
import { Button, Input, Modal, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useUpdateProfileMutation } from '@/state/queries/profile';
import { useTheme } from '@/theme';

/** Edit profile: display name and bio (Profile's "Edit profile", and a tutor's "Add a display name"). */
export function EditProfileModal({
  visible,
  initialName,
  initialBio,
  onClose,
}: {
  visible: boolean;
  initialName: string;
  initialBio: string;
  onClose: () => void;
}) {
  const [name, setName] = useState(initialName);
  const [bio, setBio] = useState(initialBio);
  const update = useUpdateProfileMutation();
  const { spacing } = useTheme();
  const save = () =>
    update.mutate({ displayName: name.trim() || null, bio: bio.trim() || null }, { onSuccess: onClose });
  return (
    <Modal
      visible={visible}
      title="Edit profile"
      onClose={onClose}
      footer={
        <>
          <Button label="Cancel" variant="ghost" size="sm" onPress={onClose} />
          <Button label="Save" size="sm" loading={update.isPending} onPress={save} />
        </>
      }
    >
      <View style={{ gap: spacing.md }}>
        <Input label="Display name" value={name} onChangeText={setName} maxLength={80} />
        <Input
          label="Bio"
          value={bio}
          onChangeText={setBio}
          multiline
          maxLength={1000}
          placeholder="What are you learning and why?"
        />
        {update.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(update.error, 'Your profile was not saved')}
          </Text>
        ) : null}
      </View>
    </Modal>
  );
}
