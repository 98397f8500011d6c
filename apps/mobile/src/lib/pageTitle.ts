import { useContext, useEffect } from 'react';
import { Platform } from 'react-native';
// The contexts themselves, not the navigation library's index (which the component tests cannot load).
import { NavigationContext } from 'expo-router/build/react-navigation/core/NavigationContext';

export const APP_NAME = 'ChitChat';

/** "Library · ChitChat": the browser tab's title for a screen (the app's name alone without one). */
export function pageTitle(title?: string | null): string {
  const t = title?.trim();
  return t ? `${t} · ${APP_NAME}` : APP_NAME;
}

/**
 * Sets the web page's title (document.title) while this screen is the one in front: Expo Router
 * leaves it at the app's name on every screen. Tabs stay mounted when left, so the title is set
 * again each time the screen comes into focus, not only on mount. Does nothing off the web.
 */
export function usePageTitle(title?: string | null) {
  const navigation = useContext(NavigationContext);
  useEffect(() => {
    if (Platform.OS !== 'web' || typeof document === 'undefined' || !title) return;
    const apply = () => {
      document.title = pageTitle(title);
    };
    if (!navigation) {
      apply();
      return;
    }
    if (navigation.isFocused()) apply();
    return navigation.addListener('focus', apply);
  }, [navigation, title]);
}
