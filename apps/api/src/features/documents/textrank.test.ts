import { describe, expect, it } from 'vitest';
import { DocumentAnalysis } from '@chitchat/contracts';
import { analyzeText, keyphrases, splitSentences, summarize } from './textrank.ts';

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
});
