import { ActivityIndicator, Pressable, StyleSheet, View } from 'react-native';
import type { ComponentProps } from 'react';
import { useTheme } from '@/theme';
import { Markdown } from './Markdown';
import { Icon } from './ui/Icon';
import { Text } from './ui/Text';

export interface Citation {
  id: string;
  /** e.g. "Biology notes.pdf, p. 3" */
  label: string;
}

export interface ChatBubbleProps {
  role: 'user' | 'assistant';
  content: string;
  /** e.g. "10:42" */
  timestamp?: string;
  /** Assistant message still streaming in. */
  pending?: boolean;
  /** Sources the answer used; each opens the cited page. */
  citations?: Citation[];
  onCitationPress?: (citation: Citation) => void;
  /** The message failed (e.g. the model was unavailable). */
  error?: string | null;
  onRetry?: () => void;
  /** Extra actions under an assistant answer (e.g. save to library). */
  onSave?: () => void;
  saved?: boolean;
  /** A neutral note under the message (e.g. an answer stopped before the end). */
  note?: string | null;
  /** An action on this message is under way (e.g. "Writing a new answer…"). */
  working?: string | null;
  /** An action on this message failed; the message itself is unchanged. */
  actionError?: string | null;
  /** Assistant messages: copy the answer's text; `copied` shows the confirmation. */
  onCopy?: () => void;
  copied?: boolean;
  /** The latest answer: write it again. */
  onRegenerate?: () => void;
  /** The last question: edit it and ask again. */
  onEdit?: () => void;
}

type IconName = ComponentProps<typeof Icon>['name'];

/** A small action under a message: icon and word, a button for screen readers. */
function Action({
  icon,
  label,
  a11y,
  onPress,
  disabled,
}: {
  icon: IconName;
  label: string;
  a11y: string;
  onPress: () => void;
  disabled?: boolean;
}) {
  const { colors, radius, spacing } = useTheme();
  return (
    <Pressable
      onPress={onPress}
      disabled={disabled}
      accessibilityRole="button"
      accessibilityLabel={a11y}
      accessibilityState={{ disabled: !!disabled }}
      hitSlop={6}
      style={({ pressed }) => [
        styles.chip,
        {
          borderRadius: radius.pill,
          paddingHorizontal: spacing.sm,
          paddingVertical: 4,
          backgroundColor: pressed ? colors.surfaceAlt : 'transparent',
        },
      ]}
    >
      <Icon name={icon} size={14} color={colors.textMuted} />
      <Text variant="small" tone="muted">
        {label}
      </Text>
    </Pressable>
  );
}

/**
 * One chat message. Assistant text is Markdown rendered natively (code blocks, maths as Unicode,
 * raw HTML shown as text — never injected); user text is shown as typed.
 */
export function ChatBubble({
  role,
  content,
  timestamp,
  pending,
  citations,
  onCitationPress,
  error,
  onRetry,
  onSave,
  saved,
  note,
  working,
  actionError,
  onCopy,
  copied,
  onRegenerate,
  onEdit,
}: ChatBubbleProps) {
  const { colors, radius, spacing } = useTheme();
  const mine = role === 'user';
  const fg = mine ? colors.bubbleUserText : colors.bubbleAssistantText;
  return (
    <View
      style={[styles.row, { justifyContent: mine ? 'flex-end' : 'flex-start' }]}
      testID={`bubble-${role}`}
    >
      <View style={[styles.column, { alignItems: mine ? 'flex-end' : 'flex-start', gap: spacing.xs }]}>
        <View
          accessible={mine}
          accessibilityLabel={mine ? `You: ${content}` : undefined}
          style={[
            styles.bubble,
            {
              backgroundColor: mine ? colors.bubbleUser : colors.bubbleAssistant,
              borderColor: error ? colors.danger : mine ? colors.bubbleUser : colors.border,
              borderRadius: radius.lg,
              borderBottomRightRadius: mine ? radius.sm / 2 : radius.lg,
              borderBottomLeftRadius: mine ? radius.lg : radius.sm / 2,
              paddingHorizontal: spacing.lg,
              paddingVertical: spacing.md,
              opacity: pending ? 0.92 : 1,
            },
          ]}
        >
          {mine ? (
            <Text style={{ color: fg }} selectable>
              {content}
            </Text>
          ) : (
            <View
              accessibilityLabel="ChitChat's answer"
              accessibilityLiveRegion={pending ? 'polite' : 'none'}
            >
              <Markdown content={content} color={fg} />
            </View>
          )}
          {timestamp ? (
            <Text
              variant="small"
              style={{
                color: mine ? colors.bubbleUserText : colors.textMuted,
                opacity: 0.75,
                marginTop: spacing.xs,
              }}
            >
              {timestamp}
            </Text>
          ) : null}
        </View>

        {citations && citations.length > 0 ? (
          <View style={[styles.chips, { gap: spacing.xs }]}>
            {citations.map((c, i) => (
              <Pressable
                key={c.id}
                onPress={onCitationPress ? () => onCitationPress(c) : undefined}
                accessibilityRole="link"
                accessibilityLabel={`Source ${i + 1}: ${c.label}`}
                style={({ pressed }) => [
                  styles.chip,
                  {
                    backgroundColor: pressed ? colors.surfaceAlt : colors.primarySoft,
                    borderRadius: radius.pill,
                    paddingHorizontal: spacing.sm,
                    paddingVertical: 4,
                  },
                ]}
              >
                <Icon name="document-text-outline" size={14} color={colors.primary} />
                <Text variant="small" tone="primary" numberOfLines={1}>
                  [{i + 1}] {c.label}
                </Text>
              </Pressable>
            ))}
          </View>
        ) : null}

        {error ? (
          <View accessibilityRole="alert" style={[styles.chips, { gap: spacing.sm, alignItems: 'center' }]}>
            <Icon name="alert-circle-outline" size={16} color={colors.danger} />
            <Text variant="caption" tone="danger">
              {error}
            </Text>
            {onRetry ? (
              <Pressable
                onPress={onRetry}
                accessibilityRole="button"
                accessibilityLabel="Retry this message"
                style={({ pressed }) => [
                  styles.chip,
                  {
                    borderRadius: radius.pill,
                    paddingHorizontal: spacing.md,
                    paddingVertical: 4,
                    backgroundColor: pressed ? colors.surfaceAlt : colors.dangerSoft,
                  },
                ]}
              >
                <Icon name="refresh" size={14} color={colors.danger} />
                <Text variant="small" tone="danger">
                  Retry
                </Text>
              </Pressable>
            ) : null}
          </View>
        ) : null}

        {note ? (
          <View style={[styles.line, { gap: spacing.xs }]}>
            <Icon name="stop-circle-outline" size={14} color={colors.textMuted} />
            <Text variant="caption" tone="muted" style={styles.shrink}>
              {note}
            </Text>
          </View>
        ) : null}

        {working ? (
          <View
            accessibilityLiveRegion="polite"
            style={[styles.chips, { gap: spacing.sm, alignItems: 'center' }]}
          >
            <ActivityIndicator size="small" color={colors.primary} />
            <Text variant="caption" tone="muted">
              {working}
            </Text>
          </View>
        ) : null}

        {actionError ? (
          <View accessibilityRole="alert" style={[styles.line, { gap: spacing.sm }]}>
            <Icon name="alert-circle-outline" size={16} color={colors.danger} />
            <Text variant="caption" tone="danger" style={styles.shrink}>
              {actionError}
            </Text>
          </View>
        ) : null}

        {!pending && !working && !error && (onCopy || onRegenerate || onEdit || (!mine && onSave)) ? (
          <View style={[styles.chips, { gap: spacing.xs }]}>
            {onCopy ? (
              <Action
                icon={copied ? 'checkmark' : 'copy-outline'}
                label={copied ? 'Copied' : 'Copy'}
                a11y={copied ? 'Copied' : 'Copy answer'}
                onPress={onCopy}
              />
            ) : null}
            {onRegenerate ? (
              <Action icon="refresh" label="Regenerate" a11y="Regenerate answer" onPress={onRegenerate} />
            ) : null}
            {onEdit ? (
              <Action icon="create-outline" label="Edit" a11y="Edit question" onPress={onEdit} />
            ) : null}
            {!mine && onSave ? (
              <Action
                icon={saved ? 'bookmark' : 'bookmark-outline'}
                label={saved ? 'Saved' : 'Save'}
                a11y={saved ? 'Saved to library' : 'Save to library'}
                onPress={onSave}
                disabled={saved}
              />
            ) : null}
          </View>
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', width: '100%' },
  column: { maxWidth: '88%' },
  bubble: { borderWidth: StyleSheet.hairlineWidth, maxWidth: '100%' },
  chips: { flexDirection: 'row', flexWrap: 'wrap' },
  chip: { flexDirection: 'row', alignItems: 'center', gap: 4 },
  shrink: { flexShrink: 1 },
  line: { flexDirection: 'row', alignItems: 'flex-start' },
});
