import { useContext } from 'react';
import { Text as RNText, type TextProps as RNTextProps } from 'react-native';
// The context itself, not the navigation library's index (which the component tests cannot load).
import { HeaderShownContext } from 'expo-router/build/react-navigation/elements/Header/HeaderShownContext';
import { useTheme, type TypographyVariant } from '@/theme';

export interface TextProps extends RNTextProps {
  variant?: TypographyVariant;
  tone?: 'default' | 'muted' | 'primary' | 'danger' | 'success' | 'inverse';
  align?: 'left' | 'center' | 'right';
}

/**
 * The heading level of a header without an explicit `aria-level`: a screen's title (display or
 * title variant) is its h1, unless a navigation header above it already carries the page's h1;
 * section headings are h2, smaller ones h3. (react-native-web renders every unlevelled header
 * as an h1, which gave screens several.)
 */
function headingLevel(variant: TypographyVariant, underHeader: boolean): number {
  if (variant === 'display' || variant === 'title') return underHeader ? 2 : 1;
  if (variant === 'heading') return 2;
  return 3;
}

/** Themed text: pick a typography variant and a colour tone. */
export function Text({ variant = 'body', tone = 'default', align, style, ...rest }: TextProps) {
  const { colors, typography } = useTheme();
  const underHeader = useContext(HeaderShownContext);
  const color = {
    default: colors.text,
    muted: colors.textMuted,
    primary: colors.primary,
    danger: colors.danger,
    success: colors.success,
    inverse: colors.textInverse,
  }[tone];
  const isHeading = rest.accessibilityRole === 'header' || rest.role === 'heading';
  // JSX takes `aria-level` (react-native-web renders it) though React Native's types do not list it.
  const explicit = (rest as { 'aria-level'?: number })['aria-level'];
  const level = isHeading && explicit == null ? { 'aria-level': headingLevel(variant, underHeader) } : null;
  return (
    <RNText
      {...rest}
      {...level}
      style={[typography[variant], { color }, align ? { textAlign: align } : null, style]}
    />
  );
}
