import { StyleSheet, View } from 'react-native';
import { Card, Icon, Text } from '@/components/ui';
import { useTheme } from '@/theme';
import { Heading } from './Heading';

/** "You will be able to" and the path's objectives; nothing when it has none. */
export function Objectives({ items }: { items: string[] }) {
  const { colors, spacing } = useTheme();
  if (!items.length) return null;
  return (
    <Card style={{ gap: spacing.xs }}>
      <Heading variant="bodyStrong">You will be able to</Heading>
      {items.map((o, i) => (
        <View key={i} style={[styles.row, { gap: spacing.sm }]}>
          <Icon name="checkmark-circle-outline" size={18} color={colors.success} />
          <Text style={styles.flex}>{o}</Text>
        </View>
      ))}
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  flex: { flex: 1 },
});
