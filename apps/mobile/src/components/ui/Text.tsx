import { Text as RNText, type TextProps as RNTextProps } from 'react-native';
import { useTheme, type TypographyVariant } from '@/theme';

export interface TextProps extends RNTextProps {
  variant?: TypographyVariant;
  tone?: 'default' | 'muted' | 'primary' | 'danger' | 'success' | 'inverse';
  align?: 'left' | 'center' | 'right';
}

/** Themed text: pick a typography variant and a colour tone. */
export function Text({ variant = 'body', tone = 'default', align, style, ...rest }: TextProps) {
  const { colors, typography } = useTheme();
  const color = {
    default: colors.text,
    muted: colors.textMuted,
    primary: colors.primary,
    danger: colors.danger,
    success: colors.success,
    inverse: colors.textInverse,
  }[tone];
  return <RNText {...rest} style={[typography[variant], { color }, align ? { textAlign: align } : null, style]} />;
}
