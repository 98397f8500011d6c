import type { TutorPathSummary } from '@chitchat/contracts';
import { StyleSheet, View } from 'react-native';
import { Button, Card, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { STATUS_LABEL } from './lines';
import { plural } from '@/lib/plural';

/** One of the tutor's paths in a list (drafts, archived): what it is, and a way in to manage it. */
export function TutorPathCard({
  path,
  onOpen,
  testID,
}: {
  path: TutorPathSummary;
  onOpen: () => void;
  testID?: string;
}) {
  const { spacing } = useTheme();
  return (
    <Card style={{ gap: spacing.sm }} testID={testID}>
      <Text variant="bodyStrong">{path.title}</Text>
      <Text variant="caption" tone="muted">
        {STATUS_LABEL[path.status]} · {plural(path.lessonCount, 'lesson')} · {path.difficulty}
        {path.status !== 'draft' ? ` · ${plural(path.learnerCount, 'learner')}` : ''}
      </Text>
      {path.description ? (
        <Text tone="muted" numberOfLines={3}>
          {path.description}
        </Text>
      ) : null}
      <View style={styles.row}>
        <Button
          label="Open"
          accessibilityLabel={`Open ${path.title}`}
          size="sm"
          variant="secondary"
          onPress={onOpen}
        />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({ row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' } });
