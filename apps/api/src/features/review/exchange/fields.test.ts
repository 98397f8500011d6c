import { describe, expect, it } from 'vitest';
import { clozeToCard, fromFieldHtml, toFieldHtml } from './fields.ts';

describe('Anki field text', () => {
  it('round-trips text with markup-like characters and line breaks', () => {
    for (const text of ['a < b && c > d', 'Say "hi"\nthen <br> literally', 'x&nbsp;y', 'plain']) {
      expect(fromFieldHtml(toFieldHtml(text))).toBe(text);
    }
  });

  it('reads Anki HTML as text: tags dropped, blocks as lines, entities decoded, sounds removed', () => {
    expect(fromFieldHtml('<div>One</div><div>Two&nbsp;&amp; three</div>[sound:x.mp3]')).toBe(
      'One\nTwo & three',
    );
    expect(fromFieldHtml('<script>alert(1)</script><b>bold</b>')).toBe('bold');
  });

  it('makes cloze 1 the blank and answer, showing the other deletions', () => {
    expect(clozeToCard('{{c1::Paris}} is the capital of {{c2::France::country}}')).toEqual({
      question: '_____ is the capital of France',
      answer: 'Paris',
    });
    expect(clozeToCard('no deletions')).toBeNull();
  });
});
