import { describe, expect, it } from 'vitest';
import { eng } from 'stopword';
import { planText } from './material.ts';
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

describe('offline review questions: what is blanked and what is asked about', () => {
  it('blanks key terms only, never a filler word (with few nouns: fewer questions)', () => {
    const text = `Osmosis usually happens quickly, although it really depends on several conditions that vary.
Basically the chromosomes are copied and then they are split evenly between the two daughter cells.
Because, honestly, nobody really knows whether this always works here.`;
    const questions = offlineQuestions('Notes', text, 6);
    expect(questions.length).toBeGreaterThan(0);
    const answers = questions.map((q) => q.answer.toLowerCase());
    for (const filler of ['although', 'always', 'nobody', 'really', 'whether', 'several', 'usually'])
      expect(answers).not.toContain(filler);
    for (const a of answers)
      for (const w of a.split(' ')) {
        expect(eng).not.toContain(w);
        expect(w.length).toBeGreaterThanOrEqual(3);
      }
  });

  it('makes no card from a title or heading: a document’s, in a chunk where it runs on, or a lesson’s', () => {
    // A markdown document as its chunks store it: the headings run on into the next sentence.
    const chunk = `# Photosynthesis: how plants make their food ## The light-dependent reactions Chlorophyll in the thylakoid membranes absorbs red and blue light and passes its energy to electrons. Photolysis splits water molecules into oxygen, protons and electrons. ## The Calvin cycle The Calvin cycle fixes carbon dioxide into sugar in the stroma of the chloroplast using ATP and NADPH. RuBisCO is the enzyme that fixes carbon dioxide at the start of the Calvin cycle in the stroma.`;
    // A plain-text document whose first line is its title (also its file name).
    const plain = `How green plants capture the energy of light
${MATERIAL.split('\n').slice(2).join('\n')}`;
    // A tutor's lesson plan, as review material.
    const plan = planText({
      id: 'l1',
      title: 'Energy capture in the thylakoid membranes of leaves',
      objectives: ['Explain how chlorophyll absorbs red and blue light in the thylakoid membranes'],
      outline: ['Photolysis splits water molecules into oxygen, protons and electrons'],
      exercises: ['Draw the thylakoid membranes and label where ATP synthase makes ATP from protons.'],
      estimatedMinutes: 20,
      difficulty: 'beginner',
    });
    const cases: Array<[title: string, text: string, heading: RegExp]> = [
      [
        'photosynthesis.md',
        chunk,
        /how plants make their food|light-dependent reactions Chlorophyll|Calvin cycle The Calvin/i,
      ],
      ['How green plants capture the energy of light.txt', plain, /capture the energy of light/i],
      ['Energy capture', plan, /leaves/i],
    ];
    for (const [title, text, heading] of cases) {
      const questions = offlineQuestions(title, text, 6);
      expect(questions.length, title).toBeGreaterThan(0);
      for (const q of questions) {
        expect(q.question, title).not.toMatch(heading);
        expect(q.explanation.replace(/^From “[^”]*”: /, ''), title).not.toMatch(heading);
      }
    }
  });
});
