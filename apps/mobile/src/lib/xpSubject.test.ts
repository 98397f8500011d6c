import { describe, expect, it } from 'vitest';
import { subjectText } from './xpSubject';

describe('subjectText', () => {
  it('names the lesson and its path, the path, the card and its concept', () => {
    expect(subjectText({ kind: 'lesson', title: 'Light reactions', within: 'Photosynthesis' })).toBe(
      '“Light reactions” in Photosynthesis',
    );
    expect(subjectText({ kind: 'path', title: 'Photosynthesis', within: null })).toBe('“Photosynthesis”');
    expect(subjectText({ kind: 'card', title: 'What sugar do plants make?', within: 'Glucose' })).toBe(
      '“What sugar do plants make?” · Glucose',
    );
  });
  it('says plainly what has been deleted since, and nothing for an award about no one thing', () => {
    expect(subjectText({ kind: 'lesson', title: null, within: null })).toBe('A lesson since deleted');
    expect(subjectText({ kind: 'lesson', title: null, within: 'Acids' })).toBe(
      'A lesson since removed from Acids',
    );
    expect(subjectText({ kind: 'card', title: null, within: null })).toBe('A review card since deleted');
    expect(subjectText(null)).toBeNull();
  });
});
