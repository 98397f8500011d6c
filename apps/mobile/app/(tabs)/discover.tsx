import { useRouter } from 'expo-router';
import { StyleSheet, useWindowDimensions, View } from 'react-native';
import { CuriosityTile } from '@/components/CuriosityTile';
import { Screen, Text, type IconName } from '@/components/ui';
import { useTheme } from '@/theme';

// Placeholder topics until the discover feed comes from the API.
const TOPICS: { icon: IconName; title: string; subtitle: string }[] = [
  { icon: 'moon-outline', title: 'Why is the night sky dark?', subtitle: 'Olbers’ paradox in 5 minutes' },
  { icon: 'flask-outline', title: 'How does CRISPR edit genes?', subtitle: 'Molecular scissors explained' },
  { icon: 'business-outline', title: 'The fall of Rome', subtitle: 'Causes historians still argue about' },
  { icon: 'analytics-outline', title: 'What is a derivative?', subtitle: 'Calculus from first principles' },
  { icon: 'fish-outline', title: 'Are octopuses intelligent?', subtitle: 'Minds very unlike ours' },
  { icon: 'hardware-chip-outline', title: 'How do transistors work?', subtitle: 'The switch behind every computer' },
];

export default function DiscoverScreen() {
  const router = useRouter();
  const { spacing, maxContentWidth } = useTheme();
  const { width } = useWindowDimensions();
  const contentWidth = Math.min(width, maxContentWidth) - spacing.lg * 2;
  const columns = contentWidth >= 560 ? 3 : 2;
  const tileWidth = Math.floor((contentWidth - spacing.md * (columns - 1)) / columns);

  return (
    <Screen title="Discover" subtitle="Sparks of curiosity, picked for you">
      <Text variant="heading" accessibilityRole="header">
        Trending questions
      </Text>
      <View style={[styles.grid, { gap: spacing.md }]}>
        {TOPICS.map((t) => (
          <CuriosityTile
            key={t.title}
            icon={t.icon}
            title={t.title}
            subtitle={t.subtitle}
            style={{ width: tileWidth }}
            onPress={() => router.push({ pathname: '/session', params: { id: 'new', topic: t.title } })}
          />
        ))}
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  grid: { flexDirection: 'row', flexWrap: 'wrap' },
});
