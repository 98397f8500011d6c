import type { ReactNode } from 'react';
import { View, type StyleProp, type ViewProps, type ViewStyle } from 'react-native';
import { useTheme } from '@/theme';

type Gap = 'none' | 'xxs' | 'xs' | 'sm' | 'md' | 'lg' | 'xl' | 'xxl';

export interface StackProps extends Omit<ViewProps, 'style'> {
  children?: ReactNode;
  /** Space between children, from the theme's spacing scale. */
  gap?: Gap;
  align?: ViewStyle['alignItems'];
  justify?: ViewStyle['justifyContent'];
  /** Take the remaining space of the parent (flex: 1). */
  fill?: boolean;
  wrap?: boolean;
  style?: StyleProp<ViewStyle>;
}

function useLayoutStyle(
  direction: 'row' | 'column',
  { gap = 'none', align, justify, fill, wrap }: StackProps,
): ViewStyle {
  const { spacing } = useTheme();
  return {
    flexDirection: direction,
    gap: gap === 'none' ? 0 : spacing[gap],
    alignItems: align ?? (direction === 'row' ? 'center' : undefined),
    justifyContent: justify,
    flex: fill ? 1 : undefined,
    flexWrap: wrap ? 'wrap' : undefined,
    minWidth: fill ? 0 : undefined,
  };
}

/** Children one under the other with a theme gap: the column every screen is built from. */
export function Stack({ children, style, gap, align, justify, fill, wrap, ...rest }: StackProps) {
  const base = useLayoutStyle('column', { gap, align, justify, fill, wrap });
  return (
    <View {...rest} style={[base, style]}>
      {children}
    </View>
  );
}

/** Children side by side (vertically centred unless `align` says otherwise) with a theme gap. */
export function Row({ children, style, gap, align, justify, fill, wrap, ...rest }: StackProps) {
  const base = useLayoutStyle('row', { gap, align, justify, fill, wrap });
  return (
    <View {...rest} style={[base, style]}>
      {children}
    </View>
  );
}
