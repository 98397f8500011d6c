import { useContext, type ReactNode } from 'react';
// The context itself, not the navigation library's index (which the component tests cannot load).
import { HeaderShownContext } from 'expo-router/build/react-navigation/elements/Header/HeaderShownContext';
import { ScrollView, StyleSheet, View, type StyleProp, type ViewStyle } from 'react-native';
import { SafeAreaView, type Edge } from 'react-native-safe-area-context';
import { usePageTitle } from '@/lib/pageTitle';
import { useTheme } from '@/theme';
import { Text } from './Text';

export interface ScreenProps {
  children: ReactNode;
  title?: string;
  /**
   * The browser tab's title on the web ("Library · ChitChat"). Defaults to `title` on screens
   * without a navigation header; a header names the tab itself (PageHeaderTitle).
   */
  pageTitle?: string;
  subtitle?: string;
  /** Rendered at the right of the title row. */
  headerRight?: ReactNode;
  /** Set false for screens that manage their own scrolling (chat lists). */
  scroll?: boolean;
  edges?: Edge[];
  contentStyle?: StyleProp<ViewStyle>;
}

/**
 * Page frame: safe areas, theme background, and a centred column that
 * never grows wider than the theme's maxContentWidth (phone and desktop).
 */
export function Screen({
  children,
  title,
  pageTitle,
  subtitle,
  headerRight,
  scroll = true,
  edges = ['top'],
  contentStyle,
}: ScreenProps) {
  const { colors, spacing, maxContentWidth } = useTheme();
  const underHeader = useContext(HeaderShownContext);
  usePageTitle(pageTitle ?? (underHeader ? undefined : title));
  const column: ViewStyle = {
    width: '100%',
    maxWidth: maxContentWidth,
    alignSelf: 'center',
    paddingHorizontal: spacing.lg,
    paddingTop: spacing.xl,
    paddingBottom: spacing.xxl,
    gap: spacing.lg,
  };

  const header =
    title || subtitle || headerRight ? (
      <View style={styles.headerRow}>
        <View style={styles.headerText}>
          {title ? (
            <Text variant="title" accessibilityRole="header">
              {title}
            </Text>
          ) : null}
          {subtitle ? <Text tone="muted">{subtitle}</Text> : null}
        </View>
        {headerRight}
      </View>
    ) : null;

  return (
    <SafeAreaView edges={edges} style={[styles.fill, { backgroundColor: colors.background }]}>
      {scroll ? (
        <ScrollView contentContainerStyle={[column, contentStyle]} keyboardShouldPersistTaps="handled">
          {header}
          {children}
        </ScrollView>
      ) : (
        <View style={[styles.fill, column, contentStyle]}>
          {header}
          {children}
        </View>
      )}
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  headerRow: { flexDirection: 'row', alignItems: 'center', gap: 12 },
  headerText: { flex: 1, gap: 4 },
});
