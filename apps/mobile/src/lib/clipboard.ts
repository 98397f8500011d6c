import { Platform, Share } from 'react-native';

/**
 * Copies text for the learner. Web: the Clipboard API (a hidden textarea and execCommand where it
 * is refused, e.g. over plain http). Native: expo-clipboard is not installed, so the share sheet
 * (which offers Copy) stands in. Resolves to what happened, so the screen can say so.
 */
export async function copyText(text: string): Promise<'copied' | 'shared' | 'failed'> {
  if (Platform.OS !== 'web') {
    try {
      await Share.share({ message: text });
      return 'shared';
    } catch {
      return 'failed';
    }
  }
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    try {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      return ok ? 'copied' : 'failed';
    } catch {
      return 'failed';
    }
  }
}
