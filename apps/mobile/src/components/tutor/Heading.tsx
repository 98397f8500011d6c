import type { ReactNode } from 'react';
import { Text } from '@/components/ui';

/** A section heading on a tutor screen: a real heading (level 2 by default, 3 inside a section). */
export function Heading({ children, level = 2 }: { children: ReactNode; level?: 2 | 3 }) {
  return (
    <Text variant={level === 2 ? 'heading' : 'bodyStrong'} accessibilityRole="header" aria-level={level}>
      {children}
    </Text>
  );
}
