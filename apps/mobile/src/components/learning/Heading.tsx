import { Text, type TextProps } from '@/components/ui';

/**
 * A heading below the screen's h1 (the Screen title): a real <h2>/<h3> on the web, a header to
 * screen readers on phones.
 */
export function Heading({ level = 2, variant = 'heading', ...rest }: TextProps & { level?: 2 | 3 }) {
  return <Text variant={variant} accessibilityRole="header" aria-level={level} {...rest} />;
}
