import { describe, expect, it } from 'vitest';
import { DocumentAnalysis } from '@chitchat/contracts';
import { analyzeText, keyphrases, splitSentences, summarize } from './textrank.ts';
import { normName } from '../concepts/names.ts';

const TEXT = `Photosynthesis is the process by which green plants turn light energy into chemical energy.
During photosynthesis, chlorophyll in the chloroplasts absorbs sunlight. The light reactions split water
and release oxygen. The Calvin cycle then fixes carbon dioxide into sugars. Chlorophyll absorbs mostly red
and blue light, which is why leaves look green. Photosynthesis supplies the oxygen in our atmosphere.
The weather was nice on the day the experiment began. Without photosynthesis, food chains would collapse.`;

describe('offline document analysis', () => {
  it('splits sentences and keeps readable ones', () => {
    const s = splitSentences(TEXT);
    expect(s[0]).toBe(
      'Photosynthesis is the process by which green plants turn light energy into chemical energy.',
    );
    expect(s).toHaveLength(8);
  });

  it('finds the repeated key terms as keyphrases', () => {
    const k = keyphrases(TEXT, 6).map((x) => x.phrase.toLowerCase());
    expect(k.some((p) => p.includes('photosynthesis'))).toBe(true);
    expect(k.some((p) => p.includes('chlorophyll'))).toBe(true);
    expect(k).not.toContain('the');
  });

  it('an extractive summary keeps the central sentences in order and drops the digression', () => {
    const s = summarize(TEXT, 3);
    expect(s).toHaveLength(3);
    expect(s[0]).toMatch(/^Photosynthesis is the process/);
    expect(s.join(' ')).not.toMatch(/weather/);
    const positions = s.map((x) => TEXT.replace(/\s+/g, ' ').indexOf(x));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('analysis validates against the contract and cites the text', () => {
    const a = DocumentAnalysis.parse(analyzeText(TEXT, 'biology.pdf'));
    expect(a.summary).toMatch(/Photosynthesis/);
    expect(a.keyConcepts.length).toBeGreaterThanOrEqual(3);
    for (const c of a.keyConcepts)
      expect(TEXT.replace(/\s+/g, ' ').toLowerCase()).toContain(c.name.toLowerCase());
    expect(a.suggestedQuestions.some((q) => q.startsWith('Fill in the blank'))).toBe(true);
    expect(a.suggestedQuestions.some((q) => /biology\.pdf/.test(q))).toBe(true);
  });

  it('empty or tiny text still gives a valid, honest analysis', () => {
    expect(DocumentAnalysis.parse(analyzeText('', 'empty.txt')).summary).toBe(
      'empty.txt contains no extractable text.',
    );
    expect(DocumentAnalysis.parse(analyzeText('hi', 'tiny.txt')).summary).toBe('hi');
  });

  const VOLCANOES = `# How Volcanoes Work

A volcano is an opening in the Earth's crust through which molten rock, called magma, escapes to the surface. Once magma reaches the surface it is called lava. Most volcanoes form at the boundaries of tectonic plates, where plates pull apart or one plate sinks beneath another in a process called subduction.

## Types of volcanoes

Shield volcanoes, such as Mauna Loa in Hawaii, have gentle slopes built from runny basaltic lava that flows a long way before cooling. Stratovolcanoes, such as Mount Fuji, are steep cones made of alternating layers of ash and sticky andesitic lava. Cinder cones are the smallest type and are built from loose fragments called tephra.

## Eruptions

The explosiveness of an eruption depends mainly on the viscosity of the magma and how much dissolved gas it holds. Viscous, gas-rich magma traps pressure until it bursts out violently, producing pyroclastic flows: fast avalanches of hot gas and rock. Runny magma lets gas escape easily, so eruptions are gentle and effusive.

Scientists measure the size of eruptions with the Volcanic Explosivity Index, a scale from 0 to 8. The 1980 eruption of Mount St. Helens scored 5.`;

  it('key concepts are nouns and noun phrases, each once: singular and plural are one, adjectives and generic nouns none', () => {
    const names = analyzeText(VOLCANOES, 'volcanoes.md').keyConcepts.map((c) => c.name.toLowerCase());
    // Each listed concept is one concept when saved: "Make cards" counts what the page lists.
    expect(new Set(names.map(normName)).size).toBe(names.length);
    expect(names).not.toContain('gentle');
    expect(names).not.toContain('surface');
    expect(names).toContain('shield volcanoes');
    for (const t of ['magma', 'lava', 'eruptions', 'volcanoes']) expect(names).toContain(t);
  });

  it('asks about a plural concept in the plural', () => {
    const q = analyzeText(VOLCANOES, 'volcanoes.md').suggestedQuestions;
    expect(q).toContain('What are volcanoes, and what does volcanoes.md say about them?');
    expect(q).toContain('What is magma, and what does volcanoes.md say about it?');
    expect(q.join(' ')).not.toMatch(/What is \w+s\b/);
  });
});
