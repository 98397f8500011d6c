import { describe, expect, it } from 'vitest';
import { isRightChoice, isRightFreeText } from './answers.ts';

// [learner's answer, expected answer, accepted?]
const FREE_TEXT: [string, string, boolean][] = [
  // Exact, and what normalising forgives: case, accents, punctuation, spacing, articles.
  ['mitosis', 'mitosis', true],
  ['  MITOSIS!  ', 'mitosis', true],
  ['Photosynthesís.', 'photosynthesis', true],
  ['the Calvin cycle', 'Calvin cycle', true],
  ['Calvin cycle', 'The Calvin cycle', true],
  ['an enzyme', 'enzyme', true],
  ['Café au lait', 'cafe au lait', true],
  ['carbon-dioxide', 'carbon dioxide', true],
  // Filler around a single answer.
  ['it is photosynthesis', 'photosynthesis', true],
  ["It's the mitochondria", 'mitochondria', true],
  ['I think osmosis', 'osmosis', true],
  // Typos, scaled to the word's length.
  ['Modle', 'model', true],
  ['nueron', 'neuron', true],
  ['mitosus', 'mitosis', true],
  ['fotosynthesis', 'photosynthesis', true],
  ['photosynthesys', 'photosynthesis', true],
  ['chlorophyl', 'chlorophyll', true],
  ['mitocondria', 'mitochondria', true],
  ['Calvin cycel', 'Calvin cycle', true],
  ['carbon dioxid', 'carbon dioxide', true],
  ['cells', 'cell', true],
  ['atom', 'atoms', true],
  // Words run together or split apart.
  ['carbondioxide', 'carbon dioxide', true],
  ['photo synthesis', 'photosynthesis', true],
  // Short words need exact (or plural) matches: a one-letter change is another word.
  ['call', 'cell', false],
  ['cat', 'car', false],
  ['form', 'from', false],
  ['photon', 'proton', false],
  ['cation', 'nation', false],
  ['meiosis', 'mitosis', false],
  ['respiration', 'photosynthesis', false],
  ['fotosintesis', 'photosynthesis', false],
  // Numbers are exact.
  ['1946', '1945', false],
  ['1945', '1945', true],
  // Negation is refused.
  ['not mitosis', 'mitosis', false],
  ["it isn't mitosis", 'mitosis', false],
  ['isnt mitosis', 'mitosis', false],
  ['no osmosis', 'osmosis', false],
  ['never photosynthesis', 'photosynthesis', false],
  ['not soluble', 'not soluble', true],
  // Listing several candidates is refused.
  ['meiosis mitosis osmosis', 'mitosis', false],
  ['mitosis or meiosis', 'mitosis', false],
  ['mitosis, meiosis', 'mitosis', false],
  ['osmosis/diffusion', 'osmosis', false],
  ['glucose and oxygen', 'glucose', false],
  // Multi-word answers are compared word by word.
  ['red call', 'red cell', false],
  ['Calvin', 'Calvin cycle', false],
  ['cycle Calvin', 'Calvin cycle', false],
  ['light reactions', 'light-dependent reactions', false],
  // Nothing is not an answer.
  ['', 'mitosis', false],
  ['!!!', 'mitosis', false],
  ['the', 'mitosis', false],
  // The expected answer itself is always right, even when normalising would leave nothing of it.
  [']', ']', true],
  [' → ', '→', true],
  ['A', 'A', true],
  ['it is a', 'a', true],
  ['The', 'the', true],
  ['the', 'a', false],
  [']]', ']', false],
  ['?', ']', false],
];

describe('free-text answers', () => {
  it.each(FREE_TEXT)('%j for %j → %s', (answer, expected, accepted) => {
    expect(isRightFreeText(answer, expected)).toBe(accepted);
  });
});

describe('multiple-choice answers among their choices', () => {
  it.each([
    // The choice as written, or the only one it equals with case, spacing, accents or punctuation aside.
    ['Mitochondria', 'mitochondria', ['mitochondria', 'nucleus', 'ribosome'], true],
    ['ribosome', 'mitochondria', ['mitochondria', 'nucleus', 'ribosome'], false],
    // Choices that differ only in punctuation or case are told apart: the one picked is the one written.
    [']]', ']', [']', ']]', '[]'], false],
    [']', ']', [']', ']]', '[]'], true],
    ['C++', 'C', ['C', 'C++', 'C#'], false],
    ['c', 'C', ['C', 'C++', 'C#'], true],
    ['ab', 'AB', ['AB', 'Ab', 'A-B'], false],
    // Not one choice, or several at once: wrong.
    [' ', ']', [']', ']]', '[]'], false],
    ['[ ]', ']', [']', ']]', '[]'], false],
  ] as const)('%j for %j among %j → %s', (answer, expected, choices, accepted) => {
    expect(isRightChoice(answer, expected, choices)).toBe(accepted);
  });
});

describe('multiple-choice answers', () => {
  it.each([
    ['Mitochondria', 'mitochondria', true],
    [' the  nucleus. ', 'The nucleus', true],
    ['nucleolus', 'nucleus', false],
    ['B', 'nucleus', false],
  ] as const)('%j for %j → %s', (answer, expected, accepted) => {
    expect(isRightChoice(answer, expected)).toBe(accepted);
  });
});
