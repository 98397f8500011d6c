import { describe, expect, it } from 'vitest';
import { blankOut, keyphrases, keySentences, normalize } from './text.ts';
import { clip, excerpt, focusedExcerpt } from './quote.ts';
import { contentWords, foldWord, sharedWords } from './words.ts';
import { isInstruction, withoutInstructions } from './instructions.ts';

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

  it('never takes an auxiliary from a question as a key term', () => {
    const terms = keyphrases('How does the light-dependent stage of photosynthesis make ATP?', 6);
    expect(terms.map((t) => t.toLowerCase())).toContain('photosynthesis');
    expect(terms.map((t) => t.toLowerCase())).not.toContain('does');
  });

  it('picks informative sentences in their original order', () => {
    const s = keySentences(TEXT, 3);
    expect(s).toHaveLength(3);
    expect(s.map((x) => TEXT.indexOf(x))).toEqual([...s.map((x) => TEXT.indexOf(x))].sort((a, b) => a - b));
  });

  it('normalises case, accents, punctuation and spacing', () => {
    expect(normalize('  Ça, c’est BON!  ')).toBe('ca c est bon');
  });

  it('blanks whole words only', () => {
    expect(blankOut('Chlorophyll absorbs light in chloroplasts.', 'chlorophyll')).toBe(
      '_____ absorbs light in chloroplasts.',
    );
    expect(blankOut('Plants make glucose.', 'plan')).toBeNull();
  });

  it('clips and quotes at whole words: a title, a citation, never half a word', () => {
    expect(clip('Photosynthesis in plants', 40)).toBe('Photosynthesis in plants');
    expect(clip('Photosynthesis in green plants, step by step', 26)).toBe('Photosynthesis in green…');
    expect(clip('Photosynthesis in green plants, step by step', 32)).toBe('Photosynthesis in green plants…');
    const passage =
      'Chlorophyll absorbs light. ' + 'The Calvin cycle fixes carbon dioxide into sugar '.repeat(3);
    expect(excerpt(passage, 50)).toBe('Chlorophyll absorbs light.');
    expect(excerpt(passage.slice(27), 60)).toBe(
      'The Calvin cycle fixes carbon dioxide into sugar The Calvin…',
    );
  });

  it('folds plurals and -ness so a question matches a passage worded differently', () => {
    expect(
      ['Eruptions', 'eruption', 'volcanoes', 'processes', 'theories', 'explosiveness', 'gas', 'analysis'].map(
        foldWord,
      ),
    ).toEqual(['eruption', 'eruption', 'volcano', 'process', 'theory', 'explosive', 'gas', 'analysis']);
    const words = contentWords('Why are some eruptions explosive?', new Set(['why', 'are', 'some']));
    expect([...words]).toEqual(['eruption', 'explosive']);
    expect(sharedWords(words, 'The explosiveness of an eruption depends on gas.')).toBe(2);
    expect(sharedWords(words, 'Chlorophyll absorbs light.')).toBe(0);
  });

  it('excerpts a long text from the sentence sharing most words with the question', () => {
    const text = `${'Plants are green. '.repeat(40)}Glucose stores energy. The end.`;
    expect(focusedExcerpt(text, new Set(['glucose']), 100)).toBe('… Glucose stores energy. The end.');
    expect(focusedExcerpt(text, new Set(['plant']), 100)).toBe(excerpt(text, 100));
    expect(focusedExcerpt('Short. Glucose.', new Set(['glucose']), 100)).toBe('Short. Glucose.');
  });
});

describe('instructions', () => {
  it('tells what a lesson asks the learner to do from what it states', () => {
    for (const s of [
      'Explain where most volcanoes form.',
      'Predict the outcome of a simple case',
      'Describe the mechanism behind Volcanoes step by step.',
      'Exercise 2: the map of plates',
      '1. Draw a diagram of a volcano and label each part',
      'Work through the example by hand.',
      'Then list three places you have met volcanoes.',
      'Be able to name the layers of the Earth',
    ])
      expect(isInstruction(s), s).toBe(true);
    for (const s of [
      'Most volcanoes form where tectonic plates meet.',
      'Work is force times distance.',
      'State capitals are chosen by law.',
      'Complete combustion produces carbon dioxide and water.',
      '1. The mantle lies beneath the crust.',
      'Learning curves flatten with practice.',
      'Present-day volcanoes cluster around the Pacific.',
    ])
      expect(isInstruction(s), s).toBe(false);
    expect(
      withoutInstructions(
        '# Volcanoes\nLava is molten rock. Explain where it comes from. Magma cools into basalt.\nPredict the next eruption.',
      ),
    ).toBe('# Volcanoes\nLava is molten rock. Magma cools into basalt.');
  });
});
