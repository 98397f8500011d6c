import { Platform, type TextStyle } from 'react-native';

const fontFamily = Platform.select({
  web: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  default: undefined,
});

function style(fontSize: number, lineHeight: number, fontWeight: TextStyle['fontWeight']): TextStyle {
  return fontFamily ? { fontFamily, fontSize, lineHeight, fontWeight } : { fontSize, lineHeight, fontWeight };
}

export const typography = {
  display: style(32, 40, '800'),
  title: style(24, 32, '700'),
  heading: style(18, 26, '700'),
  body: style(16, 24, '400'),
  bodyStrong: style(16, 24, '600'),
  label: style(14, 20, '600'),
  caption: style(13, 18, '400'),
  small: style(12, 16, '500'),
} as const;

export type TypographyVariant = keyof typeof typography;
