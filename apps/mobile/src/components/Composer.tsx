import { useState } from 'react';
import { Pressable, StyleSheet, TextInput, View } from 'react-native';
import Ionicons from '@expo/vector-icons/Ionicons';
import { useTheme } from '@/theme';

export interface ComposerProps {
  onSend: (text: string) => void;
  /** Shown as a paperclip button when given (pick image/document). */
  onAttach?: () => void;
  /** While an answer streams: the send button becomes a stop button. */
  busy?: boolean;
  onStop?: () => void;
  placeholder?: string;
  disabled?: boolean;
}

export function Composer({ onSend, onAttach, busy, onStop, placeholder = 'Ask anything…', disabled }: ComposerProps) {
  const { colors, radius, spacing, typography } = useTheme();
  const [text, setText] = useState('');
  const canSend = text.trim().length > 0 && !disabled && !busy;

  const send = () => {
    if (!canSend) return;
    onSend(text.trim());
    setText('');
  };

  return (
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
          style={({ pressed }) => [styles.iconBtn, { borderRadius: radius.pill, backgroundColor: pressed ? colors.surfaceAlt : 'transparent' }]}
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
              backgroundColor: canSend ? (pressed ? colors.primaryPressed : colors.primary) : colors.surfaceAlt,
            },
          ]}
        >
          <Ionicons name="arrow-up" size={20} color={canSend ? colors.onPrimary : colors.textMuted} />
        </Pressable>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { flexDirection: 'row', alignItems: 'flex-end', borderWidth: 1 },
  input: { flex: 1, minHeight: 40, maxHeight: 160, paddingVertical: 8, outlineStyle: 'none' } as object,
  iconBtn: { width: 40, height: 40, alignItems: 'center', justifyContent: 'center' },
});
