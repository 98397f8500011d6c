import { describe, expect, it } from 'vitest';
import { offlineTiles } from '../discover/offline.ts';
import { offlineLearningPath } from './offline.ts';

// The offline engine's outlines are read by learners: its templates must make grammatical English
// with any topic, including the phrases Discover's tiles pass on ("the key ideas of science").
describe('offline wording', () => {
  it('a path’s title takes the right article, and its lessons read well with a phrase as the topic', () => {
    const path = offlineLearningPath({ topic: 'the key ideas of science', difficulty: 'intermediate' });
    expect(path.title).toBe('The key ideas of science: an intermediate path');
    expect(offlineLearningPath({ topic: 'tides', difficulty: 'beginner' }).title).toBe(
      'Tides: a beginner path',
    );
    const text = [path.title, ...path.objectives, ...path.lessons.map((l) => l.title)].join('\n');
    expect(text).not.toMatch(/\ba [aeiou]|What the key ideas of science is|ideas of the key ideas/i);
  });

  it('a topic phrased “How …” is not doubled: no “How How plants make food works”', () => {
    const path = offlineLearningPath({ topic: 'How plants make food', difficulty: 'advanced' });
    const text = JSON.stringify(path);
    expect(text).not.toMatch(/How How/i);
    expect(path.lessons.map((l) => l.title)).toContain('How plants make food: first principles');
  });

  it('a path’s description does not count its lessons (a tutor may add or remove some later)', () => {
    const path = offlineLearningPath({ topic: 'tides', difficulty: 'beginner', hoursPerWeek: 2 });
    expect(path.description).toMatch(/^A path from beginner to \w+ level in tides\./);
    expect(path.description).not.toMatch(/lesson/i);
  });

  it('tiles name a challenge without running a phrase into it, and hand on the subject itself as their topic', () => {
    const tiles = offlineTiles({
      interests: ['the chemistry of cooking'],
      recent: [],
      date: '2026-11-30',
      count: 7,
    });
    for (const t of tiles) {
      expect(t.title).not.toMatch(/A 10-minute the /);
      expect(t.topic).toBe('the chemistry of cooking');
    }
  });

  it('agrees with a plural topic and writes a common noun in lower case inside a sentence', () => {
    const path = offlineLearningPath({ topic: 'Volcanoes', difficulty: 'beginner' });
    const text = JSON.stringify(path);
    expect(path.lessons.map((l) => l.title)).toEqual(
      expect.arrayContaining([
        'Volcanoes: what they are and why they matter',
        'How volcanoes work: first principles',
      ]),
    );
    expect(text).not.toMatch(/volcanoes (is|works|comes|connects)\b|what it is|heard of it/i);
    const photosynthesis = offlineLearningPath({ topic: 'Photosynthesis', difficulty: 'beginner' });
    expect(photosynthesis.objectives).toContain(
      'Apply photosynthesis to concrete problems and check your work',
    );
    expect(photosynthesis.lessons[0]!.title).toBe('Photosynthesis: what it is and why it matters');
    expect(photosynthesis.lessons[2]!.title).toBe('How photosynthesis works: first principles');
    // Names, acronyms and inner capitals keep theirs.
    for (const topic of ['French Revolution', 'DNA', 'JavaScript', 'Paris'])
      expect(offlineLearningPath({ topic, difficulty: 'beginner' }).objectives[0]).toBe(
        `Explain ${topic} in your own words`,
      );
    const [tile] = offlineTiles({ interests: ['tides'], recent: [], date: '2026-11-30', count: 7 }).filter(
      (t) => /origins|quietly/.test(t.description),
    );
    expect(tile?.description).toMatch(/shaped them\.|quietly show up/);
  });
});
