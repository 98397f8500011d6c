import { useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import Ionicons from '@expo/vector-icons/Ionicons';
import { useTheme } from '@/theme';

export interface ComposerAttachment {
  id: string;
  name: string;
  /** 0..1 while uploading. */
  progress?: number;
  status: 'uploading' | 'processing' | 'ready' | 'failed';
  /** Why it failed, shown under the name. */
  error?: string;
}

export interface ComposerProps {
  /** Files attached to the next message, with upload progress and processing status. */
  attachments?: ComposerAttachment[];
  onRemoveAttachment?: (id: string) => void;
  onSend: (text: string) => void;
  /** Shown as a paperclip button when given (pick image/document). */
  onAttach?: () => void;
  /** While an answer streams: the send button becomes a stop button. */
  busy?: boolean;
  onStop?: () => void;
  placeholder?: string;
  disabled?: boolean;
}

const STATUS_TEXT: Record<ComposerAttachment['status'], string> = {
  uploading: 'Uploading',
  processing: 'Reading the file…',
  ready: 'Ready',
  failed: 'Upload failed',
};

export function Composer({
  onSend,
  onAttach,
  busy,
  onStop,
  placeholder = 'Ask anything…',
  disabled,
  attachments = [],
  onRemoveAttachment,
}: ComposerProps) {
  const { colors, radius, spacing, typography } = useTheme();
  const [text, setText] = useState('');
  const waiting = attachments.some((a) => a.status === 'uploading' || a.status === 'processing');
  const canSend = text.trim().length > 0 && !disabled && !busy && !waiting;

  const send = () => {
    if (!canSend) return;
    onSend(text.trim());
    setText('');
  };

  return (
    <View style={{ gap: spacing.xs }}>
      {attachments.length > 0 ? (
        <View style={[styles.attachments, { gap: spacing.xs }]}>
          {attachments.map((a) => {
            const pct = Math.round((a.progress ?? 0) * 100);
            const label =
              a.status === 'uploading'
                ? `${STATUS_TEXT.uploading} ${pct}%`
                : a.status === 'failed' && a.error
                  ? `${STATUS_TEXT.failed}: ${a.error}`
                  : STATUS_TEXT[a.status];
            return (
              <View
                key={a.id}
                accessible
                accessibilityLabel={`${a.name}: ${label}`}
                style={[
                  styles.attachment,
                  {
                    backgroundColor: a.status === 'failed' ? colors.dangerSoft : colors.surface,
                    borderColor: colors.border,
                    borderRadius: radius.md,
                    padding: spacing.sm,
                    gap: 4,
                  },
                ]}
              >
                <View style={styles.attachmentRow}>
                  <Ionicons name="document-attach-outline" size={16} color={colors.primary} />
                  <Text numberOfLines={1} style={[typography.caption, styles.flex, { color: colors.text }]}>
                    {a.name}
                  </Text>
                  {onRemoveAttachment ? (
                    <Pressable
                      onPress={() => onRemoveAttachment(a.id)}
                      accessibilityRole="button"
                      accessibilityLabel={`Remove ${a.name}`}
                      hitSlop={8}
                    >
                      <Ionicons name="close-circle" size={16} color={colors.textMuted} />
                    </Pressable>
                  ) : null}
                </View>
                <Text
                  style={[
                    typography.small,
                    { color: a.status === 'failed' ? colors.danger : colors.textMuted },
                  ]}
                >
                  {label}
                </Text>
                {a.status === 'uploading' || a.status === 'processing' ? (
                  <View
                    accessibilityRole="progressbar"
                    accessibilityValue={a.status === 'uploading' ? { min: 0, max: 100, now: pct } : undefined}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={a.status === 'uploading' ? pct : undefined}
                    aria-label={a.status === 'uploading' ? `Uploading ${a.name}` : `Processing ${a.name}`}
                    style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}
                  >
                    <View
                      style={{
                        width: a.status === 'uploading' ? `${pct}%` : '100%',
                        height: '100%',
                        borderRadius: radius.pill,
                        backgroundColor: a.status === 'uploading' ? colors.primary : colors.accent,
                        opacity: a.status === 'processing' ? 0.6 : 1,
                      }}
                    />
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}
      <View
        style={[
          styles.wrap,
          {
            backgroundColor: colors.surface,
            borderColor: colors.border,
            borderRadius: radius.xl,
            padding: spacing.xs,
            gap: spacing.xs,
          },
        ]}
      >
        {onAttach ? (
          <Pressable
            onPress={onAttach}
            disabled={disabled}
            accessibilityRole="button"
            accessibilityLabel="Attach an image or document"
            style={({ pressed }) => [
              styles.iconBtn,
              { borderRadius: radius.pill, backgroundColor: pressed ? colors.surfaceAlt : 'transparent' },
            ]}
          >
            <Ionicons name="attach" size={22} color={colors.textMuted} />
          </Pressable>
        ) : null}
        <TextInput
          value={text}
          onChangeText={setText}
          placeholder={placeholder}
          placeholderTextColor={colors.textMuted}
          accessibilityLabel="Message"
          editable={!disabled}
          multiline
          onSubmitEditing={send}
          blurOnSubmit={false}
          onKeyPress={(e) => {
            // Enter sends on web; Shift+Enter makes a new line.
            const ne = e.nativeEvent as { key: string; shiftKey?: boolean };
            if (ne.key === 'Enter' && !ne.shiftKey) {
              (e as unknown as { preventDefault?: () => void }).preventDefault?.();
              send();
            }
          }}
          style={[typography.body, styles.input, { color: colors.text, paddingHorizontal: spacing.md }]}
        />
        {busy && onStop ? (
          <Pressable
            onPress={onStop}
            accessibilityRole="button"
            accessibilityLabel="Stop generating"
            style={[styles.iconBtn, { borderRadius: radius.pill, backgroundColor: colors.surfaceAlt }]}
          >
            <Ionicons name="stop" size={18} color={colors.text} />
          </Pressable>
        ) : (
          <Pressable
            onPress={send}
            disabled={!canSend}
            accessibilityRole="button"
            accessibilityLabel="Send message"
            accessibilityState={{ disabled: !canSend }}
            style={({ pressed }) => [
              styles.iconBtn,
              {
                borderRadius: radius.pill,
                backgroundColor: canSend
                  ? pressed
                    ? colors.primaryPressed
                    : colors.primary
                  : colors.surfaceAlt,
              },
            ]}
          >
            <Ionicons name="arrow-up" size={20} color={canSend ? colors.onPrimary : colors.textMuted} />
          </Pressable>
        )}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { flexDirection: 'row', alignItems: 'flex-end', borderWidth: 1 },
  input: { flex: 1, minHeight: 40, maxHeight: 160, paddingVertical: 8, outlineStyle: 'none' } as object,
  attachments: { flexDirection: 'row', flexWrap: 'wrap' },
  attachment: { borderWidth: 1, width: 220, maxWidth: '100%' },
  attachmentRow: { flexDirection: 'row', alignItems: 'center', gap: 6 },
  flex: { flex: 1 },
  track: { height: 4, overflow: 'hidden' },
  iconBtn: { width: 40, height: 40, alignItems: 'center', justifyContent: 'center' },
});
