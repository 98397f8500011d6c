import { describe, expect, it } from 'vitest';
import { previewText } from './ConversationList';

describe('previewText', () => {
  it('drops Markdown marks so a preview reads as plain words', () => {
    expect(previewText('**Offline mode**: no AI model is _connected_.')).toBe(
      'Offline mode: no AI model is connected.',
    );
    expect(previewText('# Cells\n- the `membrane`\n- [a link](https://x.org)')).toBe(
      'Cells the membrane a link',
    );
    expect(previewText('Use ```js\nlet x = 1\n``` here')).toBe('Use here');
    expect(previewText('2 * 3 = 6 and snake_case stays')).toBe('2 * 3 = 6 and snake_case stays');
  });
});
