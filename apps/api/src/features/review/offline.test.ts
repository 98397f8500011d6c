import { describe, expect, it } from 'vitest';
import { offlineQuestions } from './offline.ts';

const MATERIAL = `The light-dependent reactions.

Chlorophyll in the thylakoid membranes absorbs red and blue light and passes its energy to electrons.
Photolysis splits water molecules into oxygen, protons and electrons inside the thylakoid membranes.
The Calvin cycle fixes carbon dioxide into sugar in the stroma of the chloroplast using ATP and NADPH.
RuBisCO is the enzyme that fixes carbon dioxide at the start of the Calvin cycle in the stroma.
ATP synthase makes ATP as protons flow back across the thylakoid membranes into the stroma.`;

describe('offline review questions', () => {
  it('never blanks a heading: every question keeps a statement around its gap', () => {
    const questions = offlineQuestions('Photosynthesis', MATERIAL, 6);
    expect(questions.length).toBeGreaterThan(2);
    for (const q of questions) {
      expect(q.question).not.toMatch(/“The …”|^The _____\.?$/);
      const context = q.explanation.replace(/^From “[^”]*”: /, '');
      expect(context.split(/\s+/).length).toBeGreaterThanOrEqual(5);
    }
  });
});
