import { describe, expect, it } from 'vitest';
import { buildContext, estimateTokens } from './context.ts';

const history = Array.from({ length: 10 }, (_, i) => ({
  role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant',
  content: `message ${i} ${'x'.repeat(400)}`,
}));
const passage = (n: number) => ({
  sourceType: 'document' as const,
  sourceId: `d${n}`,
  title: `Doc ${n}`,
  text: `passage ${n} ${'y'.repeat(800)}`,
  score: 1 - n / 10,
});

describe('chat context', () => {
  it('keeps the whole history, in order, when it fits, and ends with the new message', () => {
    const c = buildContext({
      learner: {},
      passages: [],
      history,
      message: 'now?',
      images: [],
      maxTokens: 10_000,
    });
    expect(c.historyUsed).toBe(10);
    expect(c.messages.map((m) => m.content.slice(0, 9))).toEqual([
      ...history.map((m) => m.content.slice(0, 9)),
      'now?',
    ]);
  });

  it('trims the oldest messages to fit the token budget instead of failing', () => {
    const c = buildContext({
      learner: {},
      passages: [],
      history,
      message: 'now?',
      images: [],
      maxTokens: estimateTokens('x'.repeat(400)) * 4 + 500,
    });
    expect(c.historyUsed).toBeGreaterThan(0);
    expect(c.historyUsed).toBeLessThan(10);
    expect(c.messages[0]!.role).toBe('user'); // still starts with the learner
    expect(c.messages.at(-1)!.content).toBe('now?');
    expect(c.messages.at(-2)!.content.startsWith('message 9')).toBe(true); // the newest survive
  });

  it('drops the weakest passages when the material alone would blow the budget', () => {
    const c = buildContext({
      learner: {},
      passages: [0, 1, 2, 3, 4, 5].map(passage),
      history: [],
      message: 'q',
      images: [],
      maxTokens: 1200,
    });
    expect(c.passages.length).toBeLessThan(6);
    expect(c.passages[0]!.sourceId).toBe('d0');
    const last = c.messages.at(-1)!.content;
    expect(last).toMatch(/^<learner_material>\n\[1\] \(document "Doc 0"\)[\s\S]*<\/learner_material>\n\nq$/);
    expect(last.match(/^\[\d\]/gm)).toHaveLength(c.passages.length);
  });

  it('keeps the system prompt the same from turn to turn, whatever material a turn found (prefix reuse)', () => {
    const learner = { preferredDifficulty: 'beginner', interests: ['chess'] };
    const first = buildContext({
      learner,
      passages: [passage(1)],
      history: [],
      message: 'q1',
      images: [],
      maxTokens: 5000,
    });
    const next = buildContext({
      learner,
      passages: [passage(2), passage(3)],
      history: [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1' },
      ],
      message: 'q2',
      images: [],
      maxTokens: 5000,
    });
    expect(next.system).toBe(first.system);
    expect(first.system).not.toContain('passage 1');
    // The instruction that material is data, never instructions, is in the system prompt.
    expect(first.system).toMatch(/<learner_material> block[\s\S]*not instructions/);
    expect(next.messages.map((m) => m.content.slice(0, 2))).toEqual(['q1', 'a1', '<l']);
  });

  it('merges consecutive same-role messages and attaches images to the new message', () => {
    const c = buildContext({
      learner: {},
      passages: [],
      history: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b', hasMedia: true },
      ],
      message: 'c',
      images: [{ mediaType: 'image/png', data: new Uint8Array([1]) }],
      maxTokens: 5000,
    });
    expect(c.messages).toHaveLength(2);
    expect(c.messages[0]!.content).toContain('a\n\nb');
    expect(c.messages[0]!.content).toContain('attached a file');
    expect(c.messages[1]!.images).toHaveLength(1);
  });

  it('adapts the tutor prompt to the learner profile', () => {
    const c = buildContext({
      learner: {
        preferredDifficulty: 'beginner',
        interests: ['football'],
        learningGoals: ['pass the biology exam'],
      },
      passages: [],
      history: [],
      message: 'q',
      images: [],
      maxTokens: 5000,
    });
    expect(c.system).toContain('Level: beginner');
    expect(c.system).toContain('football');
    expect(c.system).toContain('pass the biology exam');
    expect(c.system).toMatch(/step by step/);
    expect(c.system).toMatch(/Check understanding/);
  });
});
