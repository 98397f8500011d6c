import { StyleSheet, View } from 'react-native';
import { useTheme } from '@/theme';
import { Text } from './ui/Text';

export interface ChatBubbleProps {
  role: 'user' | 'assistant';
  content: string;
  /** e.g. "10:42" */
  timestamp?: string;
  /** Assistant message still streaming in. */
  pending?: boolean;
}

export function ChatBubble({ role, content, timestamp, pending }: ChatBubbleProps) {
  const { colors, radius, spacing } = useTheme();
  const mine = role === 'user';
  return (
    <View
      accessible
      accessibilityLabel={`${mine ? 'You' : 'ChitChat'}: ${content}`}
      style={[styles.row, { justifyContent: mine ? 'flex-end' : 'flex-start' }]}
    >
      <View
        style={[
          styles.bubble,
          {
            backgroundColor: mine ? colors.bubbleUser : colors.bubbleAssistant,
            borderColor: mine ? colors.bubbleUser : colors.border,
            borderRadius: radius.lg,
            borderBottomRightRadius: mine ? radius.sm / 2 : radius.lg,
            borderBottomLeftRadius: mine ? radius.lg : radius.sm / 2,
            paddingHorizontal: spacing.lg,
            paddingVertical: spacing.md,
            opacity: pending ? 0.85 : 1,
          },
        ]}
      >
        <Text style={{ color: mine ? colors.bubbleUserText : colors.bubbleAssistantText }} selectable>
          {content}
        </Text>
        {timestamp ? (
          <Text
            variant="small"
            style={{ color: mine ? colors.bubbleUserText : colors.textMuted, opacity: 0.75, marginTop: spacing.xs }}
          >
            {timestamp}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', width: '100%' },
  bubble: { maxWidth: '85%', borderWidth: StyleSheet.hairlineWidth },
});
