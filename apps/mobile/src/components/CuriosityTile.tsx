import { StyleSheet, View, type StyleProp, type ViewStyle } from 'react-native';
import { useTheme } from '@/theme';
import { Card } from './ui/Card';
import { Icon, type IconName } from './ui/Icon';
import { Text } from './ui/Text';

export interface CuriosityTileProps {
  icon: IconName;
  title: string;
  subtitle?: string;
  onPress?: () => void;
  style?: StyleProp<ViewStyle>;
}

/** A topic prompt on the Discover feed: tap to preview it, then chat about it or start a path. */
export function CuriosityTile({ icon, title, subtitle, onPress, style }: CuriosityTileProps) {
  const { colors, radius, spacing } = useTheme();
  return (
    <Card
      onPress={onPress}
      accessibilityLabel={subtitle ? `${title}. ${subtitle}` : title}
      accessibilityHint="Shows what you would learn, then asks ChitChat or starts a learning path"
      style={[styles.tile, style]}
    >
      <View
        style={[
          styles.badge,
          { backgroundColor: colors.accentSoft, borderRadius: radius.md, marginBottom: spacing.md },
        ]}
      >
        <Icon name={icon} size={22} color={colors.accent} />
      </View>
      <Text variant="bodyStrong" numberOfLines={2}>
        {title}
      </Text>
      {subtitle ? (
        <Text variant="caption" tone="muted" numberOfLines={2} style={{ marginTop: spacing.xs }}>
          {subtitle}
        </Text>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  tile: { minHeight: 150 },
  badge: { width: 40, height: 40, alignItems: 'center', justifyContent: 'center' },
});
