import { useContext, type ReactNode } from 'react';
// The context itself, not the navigation library's index (as in ui/Text and ui/Screen).
import { HeaderShownContext } from 'expo-router/build/react-navigation/elements/Header/HeaderShownContext';
import { Text } from '@/components/ui';

/**
 * A heading on a tutor screen, one level below the screen's title (`depth` 1) or below a section
 * (`depth` 2). Under a stack header the header's title is the h1 and the Screen's title an h2, so
 * sections are h3 there; without a header the Screen's title is the h1 and sections are h2.
 */
export function Heading({ children, depth = 1 }: { children: ReactNode; depth?: 1 | 2 }) {
  const underHeader = useContext(HeaderShownContext);
  return (
    <Text
      variant={depth === 1 ? 'heading' : 'bodyStrong'}
      accessibilityRole="header"
      aria-level={depth + (underHeader ? 2 : 1)}
    >
      {children}
    </Text>
  );
}
