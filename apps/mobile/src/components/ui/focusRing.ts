import { Platform } from 'react-native';

const ID = 'chitchat-focus-ring';

/**
 * A visible keyboard focus ring on the web for every focusable element (Pressables render as
 * divs with tabindex, inputs as inputs): react-native-web draws none, and text fields turn the
 * browser's outline off. `:focus-visible` keeps it to keyboard focus, so taps and clicks stay
 * clean. Installed once; a later call (theme change) updates the colour.
 */
export function installFocusRing(color: string) {
  if (Platform.OS !== 'web' || typeof document === 'undefined') return;
  let style = document.getElementById(ID) as HTMLStyleElement | null;
  if (!style) {
    style = document.createElement('style');
    style.id = ID;
    document.head.appendChild(style);
  }
  style.textContent =
    `:focus-visible { outline: 3px solid ${color} !important; outline-offset: 2px !important; }\n` +
    `input:focus-visible, textarea:focus-visible { outline-offset: 0 !important; }`;
}
