import { describe, expect, it } from 'vitest';
import { blankOut, keyphrases, keySentences, matches, normalize } from './text.ts';

const TEXT = `Photosynthesis is the process by which green plants use sunlight to make glucose. Chlorophyll absorbs light energy in the chloroplasts. The light reactions split water and release oxygen. The Calvin cycle uses carbon dioxide to build glucose. Chlorophyll gives plants their green colour. Glucose stores chemical energy for the plant. Carbon dioxide enters through the stomata.`;

describe('offline text processing', () => {
  it('finds key terms that are nouns, phrases included', () => {
    const terms = keyphrases(TEXT, 8).map((t) => t.toLowerCase());
    expect(terms).toContain('glucose');
    expect(terms).toContain('chlorophyll');
    expect(terms).toContain('carbon dioxide');
    expect(terms).not.toContain('green');
    expect(terms).not.toContain('absorbs');
  });

  it('picks informative sentences in their original order', () => {
    const s = keySentences(TEXT, 3);
    expect(s).toHaveLength(3);
    expect(s.map((x) => TEXT.indexOf(x))).toEqual([...s.map((x) => TEXT.indexOf(x))].sort((a, b) => a - b));
  });

  it('matches answers ignoring case, accents, punctuation, articles and small typos, but not other words', () => {
    expect(normalize('  Ça, c’est BON!  ')).toBe('ca c est bon');
    expect(matches('Photosynthesís!', 'photosynthesis')).toBe(true);
    expect(matches('fotosynthesis', 'photosynthesis')).toBe(true);
    expect(matches('the Calvin cycle', 'Calvin cycle')).toBe(true);
    expect(matches('it is photosynthesis', 'photosynthesis')).toBe(true);
    expect(matches('respiration', 'photosynthesis')).toBe(false);
    expect(matches('cat', 'car')).toBe(false); // short answers need to be exact
    expect(matches('', 'x')).toBe(false);
  });

  it('blanks whole words only', () => {
    expect(blankOut('Chlorophyll absorbs light in chloroplasts.', 'chlorophyll')).toBe('_____ absorbs light in chloroplasts.');
    expect(blankOut('Plants make glucose.', 'plan')).toBeNull();
  });
});
