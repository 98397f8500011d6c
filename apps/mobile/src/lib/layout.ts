import { useWindowDimensions } from 'react-native';

/** From this window width the app uses its wide layout: side navigation, list beside detail, columns. */
export const WIDE_MIN_WIDTH = 1024;

export function isWide(width: number): boolean {
  return width >= WIDE_MIN_WIDTH;
}

/** True on a desktop-sized window (≥ 1,024 px), re-evaluated when the window is resized. */
export function useIsWide(): boolean {
  return isWide(useWindowDimensions().width);
}
