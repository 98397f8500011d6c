import { Button, Modal, Text } from '@/components/ui';

export interface ConfirmDialogProps {
  visible: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  /** While the action runs: the confirm button shows progress, and both stay in place. */
  busy: boolean;
  /** The failure in words, shown in the dialog (it stays open to try again). */
  problem: string | null;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before an action that cannot be undone (deleting a draft) or that learners notice (archiving). */
export function ConfirmDialog({
  visible,
  title,
  message,
  confirmLabel,
  busy,
  problem,
  danger,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <Modal
      visible={visible}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button label="Cancel" variant="ghost" onPress={onCancel} disabled={busy} />
          <Button
            label={confirmLabel}
            variant={danger ? 'danger' : 'primary'}
            loading={busy}
            onPress={onConfirm}
          />
        </>
      }
    >
      <Text>{message}</Text>
      {problem ? (
        <Text tone="danger" accessibilityRole="alert" style={{ marginTop: 12 }}>
          {problem}
        </Text>
      ) : null}
    </Modal>
  );
}
