import { describe, expect, it } from 'vitest';
import { anyWordsTsQuery, keywords, offlineChatAnswer, offlineTitle } from './offline.ts';

describe('chat offline answers', () => {
  const passages = [
    {
      sourceType: 'document' as const,
      sourceId: 'u1',
      title: 'Biology notes.pdf',
      page: 3,
      text: 'Chlorophyll absorbs red and blue light.',
      score: 0.9,
    },
    {
      sourceType: 'lesson' as const,
      sourceId: 'p1',
      lessonId: 'l2',
      title: 'Light reactions',
      text: 'The light reactions make ATP.',
      score: 0.5,
    },
  ];

  it('discloses offline mode and quotes each passage with a numbered citation', () => {
    const text = offlineChatAnswer({ message: 'How does chlorophyll absorb light?', passages });
    expect(text).toMatch(/^\*\*Offline mode\*\*/);
    expect(text).toContain('> Chlorophyll absorbs red and blue light.');
    expect(text).toContain('[1] document "Biology notes.pdf", p. 3');
    expect(text).toContain('[2] lesson "Light reactions"');
    expect(text).toContain('“chlorophyll absorb light”');
  });

  it('quotes a long passage up to a sentence end, or a whole word and “…”, never cut inside a word', () => {
    const quoted = (text: string) =>
      offlineChatAnswer({ message: 'osmosis', passages: [{ ...passages[0]!, text }] })
        .split('\n')
        .find((l) => l.startsWith('> ') && !l.startsWith('> —'))!
        .slice(2);
    const sentence = 'Water moves across the membrane by osmosis. ';
    const text = `${sentence.repeat(13)}Semipermeable membranes allow solvent molecules through but not solutes.`;
    // The 600th character falls inside a word.
    expect(text.slice(599, 601)).toMatch(/^\p{L}{2}$/u);
    expect(quoted(text)).toBe(sentence.repeat(13).trim());
    // No sentence end to stop at: whole words, then an ellipsis.
    const runOn = 'osmosis moves water across membranes '.repeat(20);
    const cut = quoted(runOn);
    expect(cut.length).toBeLessThanOrEqual(600);
    expect(cut).toMatch(/ (osmosis|moves|water|across|membranes)…$/);
    expect(runOn.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('explains how to connect a model when nothing matches', () => {
    const text = offlineChatAnswer({ message: 'Tell me about quasars', passages: [], imageCount: 1 });
    expect(text).toContain('found nothing');
    expect(text).toContain('Settings and about');
    expect(text).not.toMatch(/GEMINI_API_KEY|AI_BASE_URL/);
    expect(text).toContain('attached image');
  });

  it('finds the content words of a question', () => {
    expect(keywords('What is the role of mitochondria in cells?')).toEqual(['role', 'mitochondria', 'cells']);
    expect(anyWordsTsQuery('Why do plants need light?')).toBe('plants | need | light');
    expect(anyWordsTsQuery('why is it so?')).toBeNull();
  });

  it('titles a session from its first question', () => {
    expect(offlineTitle('How does photosynthesis work in plants?')).toBe('Photosynthesis work in plants');
    expect(offlineTitle('Can you explain the French Revolution? I have a test.')).toBe('French Revolution');
    expect(offlineTitle('hi')).toBe('Hi');
    expect(offlineTitle('x'.repeat(100)).length).toBeLessThanOrEqual(60);
  });
});
