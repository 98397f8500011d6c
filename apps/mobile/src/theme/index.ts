import { useColorScheme } from 'react-native';
import { darkColors, lightColors, type ColorPalette } from './colors';
import { maxContentWidth, radius, spacing } from './spacing';
import { typography } from './typography';

export interface Theme {
  scheme: 'light' | 'dark';
  colors: ColorPalette;
  spacing: typeof spacing;
  radius: typeof radius;
  typography: typeof typography;
  maxContentWidth: number;
}

export function getTheme(scheme: 'light' | 'dark'): Theme {
  return {
    scheme,
    colors: scheme === 'dark' ? darkColors : lightColors,
    spacing,
    radius,
    typography,
    maxContentWidth,
  };
}

const light = getTheme('light');
const dark = getTheme('dark');

/** The current theme, following the device's light/dark setting. */
export function useTheme(): Theme {
  return useColorScheme() === 'dark' ? dark : light;
}

export { darkColors, lightColors, maxContentWidth, radius, spacing, typography };
export type { ColorPalette };
export type { TypographyVariant } from './typography';
