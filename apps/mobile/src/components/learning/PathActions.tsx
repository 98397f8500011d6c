import type { LearningPath } from '@chitchat/contracts';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Button, ConfirmDialog, Icon, Input, Modal, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useDeletePathMutation, useRenamePathMutation } from '@/state/queries/learning';
import { useTheme } from '@/theme';

/** "Rename" and "Delete" for one of my paths; each opens a dialog, and delete says what goes first. */
export function PathActions({
  path,
  onDeleted,
}: {
  path: Pick<LearningPath, 'id' | 'title'>;
  onDeleted: () => void;
}) {
  const { colors, spacing } = useTheme();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  return (
    <View style={[styles.row, { gap: spacing.sm }]}>
      <Button
        label="Rename"
        accessibilityLabel="Rename this path"
        variant="ghost"
        size="sm"
        icon={<Icon name="create-outline" size={16} color={colors.primary} />}
        onPress={() => setDialog('rename')}
      />
      <Button
        label="Delete"
        accessibilityLabel="Delete this path"
        variant="ghost"
        size="sm"
        icon={<Icon name="trash-outline" size={16} color={colors.danger} />}
        onPress={() => setDialog('delete')}
      />
      {dialog === 'rename' ? <RenameDialog path={path} onClose={() => setDialog(null)} /> : null}
      {dialog === 'delete' ? (
        <DeleteDialog path={path} onClose={() => setDialog(null)} onDeleted={onDeleted} />
      ) : null}
    </View>
  );
}

function RenameDialog({ path, onClose }: { path: Pick<LearningPath, 'id' | 'title'>; onClose: () => void }) {
  const { spacing } = useTheme();
  const [title, setTitle] = useState(path.title);
  const rename = useRenamePathMutation();
  const trimmed = title.trim();
  const submit = () => {
    if (trimmed && trimmed !== path.title && !rename.isPending)
      rename.mutate({ id: path.id, title: trimmed }, { onSuccess: onClose });
  };
  return (
    <Modal visible title="Rename this path" onClose={onClose}>
      <View style={{ gap: spacing.md }}>
        <Input
          label="Path name"
          value={title}
          onChangeText={setTitle}
          maxLength={200}
          autoFocus
          returnKeyType="done"
          onSubmitEditing={submit}
        />
        {rename.isError ? (
          <Text variant="caption" tone="danger" accessibilityRole="alert">
            {failureMessage(rename.error, 'The path was not renamed')}
          </Text>
        ) : null}
        <View style={[styles.row, { gap: spacing.sm, justifyContent: 'flex-end' }]}>
          <Button label="Cancel" variant="ghost" size="sm" onPress={onClose} disabled={rename.isPending} />
          <Button
            label={rename.isPending ? 'Saving…' : 'Save name'}
            size="sm"
            loading={rename.isPending}
            disabled={!trimmed || trimmed === path.title}
            onPress={submit}
          />
        </View>
      </View>
    </Modal>
  );
}

function DeleteDialog({
  path,
  onClose,
  onDeleted,
}: {
  path: Pick<LearningPath, 'id' | 'title'>;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = useDeletePathMutation();
  return (
    <ConfirmDialog
      visible
      title="Delete this path?"
      message={`“${path.title}”, its lessons and your progress in it will be deleted for good. XP you earned stays yours; review cards made from its lessons stay in your review queue.`}
      cancelLabel="Keep it"
      confirmLabel="Delete"
      busyLabel="Deleting…"
      confirmAccessibilityLabel="Delete for good"
      danger
      busy={remove.isPending}
      problem={remove.isError ? failureMessage(remove.error, 'The path was not deleted') : null}
      onCancel={onClose}
      onConfirm={() => remove.mutate(path.id, { onSuccess: onDeleted })}
    />
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' },
});
