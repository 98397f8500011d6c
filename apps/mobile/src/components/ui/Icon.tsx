import Ionicons from '@expo/vector-icons/Ionicons';
import type { ComponentProps } from 'react';
import type { ColorValue } from 'react-native';

export type IconName = ComponentProps<typeof Ionicons>['name'];

export interface IconProps {
  name: IconName;
  size?: number;
  color: ColorValue;
}

/**
 * Decorative icon (Ionicons, bundled with the app so it renders the same
 * everywhere, unlike emoji). Hidden from screen readers: label the control.
 */
export function Icon({ name, size = 22, color }: IconProps) {
  return (
    <Ionicons
      name={name}
      size={size}
      color={color}
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
      aria-hidden
    />
  );
}
