import Ionicons from '@expo/vector-icons/Ionicons';
import { Tabs } from 'expo-router/js-tabs';
import type { ComponentProps } from 'react';
import { Platform, useWindowDimensions, type ColorValue } from 'react-native';
import { isWide } from '@/lib/layout';
import { useTheme } from '@/theme';

type IconName = ComponentProps<typeof Ionicons>['name'];

function tabIcon(name: IconName, focusedName: IconName) {
  return ({ color, size, focused }: { color: ColorValue; size: number; focused: boolean }) => (
    <Ionicons name={focused ? focusedName : name} color={color} size={size} />
  );
}

export default function TabsLayout() {
  const { colors, typography, scheme } = useTheme();
  // From 1,024 px the tabs become a side navigation (the navigator's own sidebar: labels beside
  // icons), so a desktop window gets a real wide layout instead of a stretched phone.
  const wide = isWide(useWindowDimensions().width);
  return (
    <Tabs
      screenOptions={{
        headerShown: false,
        tabBarPosition: wide ? 'left' : 'bottom',
        tabBarVariant: wide ? 'material' : 'uikit',
        // The sidebar tints its active item's background (lighter still under the pointer): the
        // darker primary (light theme) or the text colour (dark theme) keeps its label ≥ 4.5:1.
        tabBarActiveTintColor: wide
          ? scheme === 'dark'
            ? colors.text
            : colors.primaryPressed
          : colors.primary,
        tabBarInactiveTintColor: colors.textMuted,
        tabBarActiveBackgroundColor: wide ? colors.primarySoft : undefined,
        tabBarStyle: wide
          ? { backgroundColor: colors.surface, borderRightColor: colors.border, minWidth: 220 }
          : [
              { backgroundColor: colors.surface, borderTopColor: colors.border },
              // The default 49pt bar clips labels with some web fonts; give it room on web.
              Platform.OS === 'web' ? { height: 64 } : null,
            ],
        tabBarItemStyle: Platform.OS === 'web' && !wide ? { paddingVertical: 6 } : undefined,
        tabBarLabelStyle: wide
          ? { fontSize: typography.bodyStrong.fontSize, fontWeight: '600' }
          : { fontSize: typography.small.fontSize, fontWeight: '600' },
      }}
    >
      <Tabs.Screen
        name="index"
        options={{
          title: 'Home',
          tabBarAccessibilityLabel: 'Home',
          tabBarIcon: tabIcon('home-outline', 'home'),
        }}
      />
      <Tabs.Screen
        name="chat"
        options={{
          title: 'Chat',
          tabBarAccessibilityLabel: 'Chat',
          tabBarIcon: tabIcon('chatbubbles-outline', 'chatbubbles'),
        }}
      />
      <Tabs.Screen
        name="discover"
        options={{
          title: 'Discover',
          tabBarAccessibilityLabel: 'Discover',
          tabBarIcon: tabIcon('compass-outline', 'compass'),
        }}
      />
      <Tabs.Screen
        name="library"
        options={{
          title: 'Library',
          tabBarAccessibilityLabel: 'Library',
          tabBarIcon: tabIcon('library-outline', 'library'),
        }}
      />
      <Tabs.Screen
        name="profile"
        options={{
          title: 'Profile',
          tabBarAccessibilityLabel: 'Profile',
          tabBarIcon: tabIcon('person-circle-outline', 'person-circle'),
        }}
      />
    </Tabs>
  );
}
