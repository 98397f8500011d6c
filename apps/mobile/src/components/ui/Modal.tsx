import type { ReactNode } from 'react';
import { Modal as RNModal, Pressable, StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Text } from './Text';

export interface ModalProps {
  visible: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}

/** Centered dialog with a title, a close control and optional footer actions. */
export function Modal({ visible, title, onClose, children, footer }: ModalProps) {
  const { colors, radius, spacing } = useTheme();
  return (
    <RNModal visible={visible} transparent animationType="fade" onRequestClose={onClose}>
      <View style={[styles.backdrop, { backgroundColor: colors.overlay, padding: spacing.lg }]}>
        <Pressable
          style={StyleSheet.absoluteFill}
          onPress={onClose}
          accessibilityRole="button"
          accessibilityLabel="Close dialog"
        />
        <View
          accessibilityViewIsModal
          role="dialog"
          aria-modal
          aria-label={title}
          style={[
            styles.sheet,
            {
              backgroundColor: colors.surface,
              borderRadius: radius.xl,
              padding: spacing.xl,
              gap: spacing.lg,
            },
          ]}
        >
          <View style={styles.header}>
            <Text variant="heading" accessibilityRole="header" style={styles.title}>
              {title}
            </Text>
            <Pressable
              onPress={onClose}
              accessibilityRole="button"
              accessibilityLabel="Close"
              hitSlop={12}
              style={({ pressed }) => [
                styles.close,
                { backgroundColor: pressed ? colors.surfaceAlt : 'transparent', borderRadius: radius.pill },
              ]}
            >
              <Text variant="heading" tone="muted">
                ×
              </Text>
            </Pressable>
          </View>
          <View>{children}</View>
          {footer ? <View style={[styles.footer, { gap: spacing.sm }]}>{footer}</View> : null}
        </View>
      </View>
    </RNModal>
  );
}

const styles = StyleSheet.create({
  backdrop: { flex: 1, alignItems: 'center', justifyContent: 'center' },
  sheet: { width: '100%', maxWidth: 480 },
  header: { flexDirection: 'row', alignItems: 'center' },
  title: { flex: 1 },
  close: { width: 32, height: 32, alignItems: 'center', justifyContent: 'center' },
  footer: { flexDirection: 'row', justifyContent: 'flex-end' },
});
