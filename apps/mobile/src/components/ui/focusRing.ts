import { Platform } from 'react-native';

const ID = 'chitchat-focus-ring';

/**
 * A visible keyboard focus ring on the web for every focusable element (Pressables render as
 * divs with tabindex, inputs as inputs): react-native-web draws none, and text fields turn the
 * browser's outline off. `:focus-visible` keeps it to keyboard focus, so taps and clicks stay
 * clean. Tabs get the ring inside their edge: their container clips anything outside it.
 * Installed once; a later call (theme change) updates the colour.
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
    `input:focus-visible, textarea:focus-visible { outline-offset: 0 !important; }\n` +
    // Tabs (the side navigation's items) sit in a container that clips what lies outside them.
    `[role="tab"]:focus-visible { outline-offset: -3px !important; }`;
}
