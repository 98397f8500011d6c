import { describe, expect, it } from 'vitest';
import { cosine } from './grounding.ts';

describe('cosine', () => {
  it('measures direction, not length', () => {
    expect(cosine([1, 0], [3, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 2])).toBeCloseTo(0);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1);
  });

  it('does not compare vectors of different models (different lengths)', () => {
    // A prefix of the longer vector points the same way; it must still count for nothing.
    expect(cosine([1, 2, 3], [1, 2, 3, 4])).toBe(0);
    expect(cosine([0, 0], [0, 0])).toBe(0);
  });
});
