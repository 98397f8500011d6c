import { useRouter, type Href } from 'expo-router';
import { Pressable } from 'react-native';
import { useTheme } from '@/theme';
import { Icon } from './ui/Icon';

/**
 * Stack header back button that also works after a deep link or a page
 * reload on web (no history): it then goes to `fallback` (Home unless the
 * screen names its parent, e.g. a lesson its path).
 */
export function HeaderBack({ fallback = '/' }: { fallback?: Href } = {}) {
  const router = useRouter();
  const { colors, radius } = useTheme();
  return (
    <Pressable
      onPress={() => (router.canGoBack() ? router.back() : router.replace(fallback))}
      accessibilityRole="button"
      accessibilityLabel="Go back"
      hitSlop={8}
      style={({ pressed }) => ({
        width: 40,
        height: 40,
        marginLeft: 4,
        alignItems: 'center',
        justifyContent: 'center',
        borderRadius: radius.pill,
        backgroundColor: pressed ? colors.surfaceAlt : 'transparent',
      })}
    >
      <Icon name="chevron-back" size={24} color={colors.text} />
    </Pressable>
  );
}
