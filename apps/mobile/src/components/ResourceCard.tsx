import { StyleSheet, View } from 'react-native';
import Ionicons from '@expo/vector-icons/Ionicons';
import { useTheme } from '@/theme';
import { Card } from './ui/Card';
import { Text } from './ui/Text';

export type ResourceKind = 'document' | 'image' | 'video' | 'link' | 'path' | 'note';

export interface ResourceCardProps {
  title: string;
  kind: ResourceKind;
  description?: string;
  meta?: string;
  onPress?: () => void;
}

const icons: Record<ResourceKind, keyof typeof Ionicons.glyphMap> = {
  document: 'document-text-outline',
  image: 'image-outline',
  video: 'play-circle-outline',
  link: 'link-outline',
  path: 'map-outline',
  note: 'bookmark-outline',
};

/** A saved learning resource in the Library. */
export function ResourceCard({ title, kind, description, meta, onPress }: ResourceCardProps) {
  const { colors, radius, spacing } = useTheme();
  return (
    <Card onPress={onPress} accessibilityLabel={`${kind}: ${title}`}>
      <View style={[styles.row, { gap: spacing.md }]}>
        <View style={[styles.icon, { backgroundColor: colors.primarySoft, borderRadius: radius.md }]}>
          <Ionicons name={icons[kind]} size={22} color={colors.primary} />
        </View>
        <View style={styles.body}>
          <Text variant="bodyStrong" numberOfLines={1}>
            {title}
          </Text>
          {description ? (
            <Text variant="caption" tone="muted" numberOfLines={2}>
              {description}
            </Text>
          ) : null}
          {meta ? (
            <Text variant="small" tone="primary" style={{ marginTop: spacing.xs }}>
              {meta}
            </Text>
          ) : null}
        </View>
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  icon: { width: 44, height: 44, alignItems: 'center', justifyContent: 'center' },
  body: { flex: 1, gap: 2 },
});
