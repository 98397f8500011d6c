import { describe, expect, it } from 'vitest';
import { feedbackAfterVerdict } from './reviewFeedback';

describe('feedbackAfterVerdict', () => {
  it('drops a "Not quite" that repeats the heading of a wrong answer', () => {
    expect(feedbackAfterVerdict('Not quite: the expected answer is “ATP”.', false)).toBe(
      'The expected answer is “ATP”.',
    );
    expect(feedbackAfterVerdict('Not quite — the answer is “Paris”.', false)).toBe('The answer is “Paris”.');
    expect(feedbackAfterVerdict('Not quite.', false)).toBeNull();
  });
  it('drops a bare or leading "Correct!" of a right answer', () => {
    expect(feedbackAfterVerdict('Correct!', true)).toBeNull();
    expect(feedbackAfterVerdict('Correct! Chlorophyll absorbs light.', true)).toBe(
      'Chlorophyll absorbs light.',
    );
  });
  it('keeps feedback that says something else, and a verdict word inside a sentence', () => {
    expect(feedbackAfterVerdict('Close: you named the organelle, not its job.', false)).toBe(
      'Close: you named the organelle, not its job.',
    );
    expect(feedbackAfterVerdict('Rightly so: light drives it.', true)).toBe('Rightly so: light drives it.');
    expect(feedbackAfterVerdict('   ', true)).toBeNull();
  });
});
