import type { ReactNode } from 'react';
import { Button } from './Button';
import { InlineError } from './Banner';
import { Stack } from './Layout';
import { Modal } from './Modal';
import { Text } from './Text';

export interface ConfirmDialogProps {
  visible: boolean;
  title: string;
  /** What will happen, in full (what is deleted, what is kept). */
  message: ReactNode;
  confirmLabel: string;
  /** The confirm button's words while the action runs (e.g. "Deleting…"). */
  busyLabel?: string;
  /** A fuller name for assistive technology (e.g. "Delete for good"). */
  confirmAccessibilityLabel?: string;
  /** The way out, in words that say what stays (e.g. "Keep it"). */
  cancelLabel?: string;
  /** While the action runs: the confirm button shows progress, and both stay in place. */
  busy: boolean;
  /** The failure in words, shown in the dialog (it stays open to try again). */
  problem: string | null;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before an action that cannot be undone (deleting) or that others notice (archiving, leaving). */
export function ConfirmDialog({
  visible,
  title,
  message,
  confirmLabel,
  busyLabel,
  confirmAccessibilityLabel,
  cancelLabel = 'Cancel',
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
          <Button label={cancelLabel} variant="ghost" onPress={onCancel} disabled={busy} />
          <Button
            label={busy && busyLabel ? busyLabel : confirmLabel}
            accessibilityLabel={confirmAccessibilityLabel}
            variant={danger ? 'danger' : 'primary'}
            loading={busy}
            onPress={onConfirm}
          />
        </>
      }
    >
      <Stack gap="md">
        <Text>{message}</Text>
        <InlineError>{problem}</InlineError>
      </Stack>
    </Modal>
  );
}
