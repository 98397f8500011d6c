import { describe, expect, it } from 'vitest';
import { GeneratedQuestion } from '@chitchat/contracts';
import { repairQuestion } from './questions.ts';

const mc = (choices: string[], answer: string) => ({
  type: 'multiple_choice',
  question: 'Which?',
  choices,
  answer,
  hints: ['h'],
  explanation: 'e',
  difficulty: 'easy',
});
const answerOf = (q: unknown) => (q as { answer: unknown }).answer;

describe('repairing a generated multiple-choice answer', () => {
  it('matches the answer to the one choice it means: same text with case and punctuation aside, or its letter', () => {
    expect(answerOf(repairQuestion(mc(['water', 'salt', 'sugar'], ' Water. ')))).toBe('water');
    expect(answerOf(repairQuestion(mc(['dilute', 'concentrated', 'neither'], 'B')))).toBe('concentrated');
  });

  it('never turns an answer into a different choice that merely normalises alike; such a question is dropped', () => {
    // "]]]" is none of the choices; "]" and "]]" both normalise to nothing, so neither is meant.
    const repaired = repairQuestion(mc([']', ']]', 'x'], ']]]'));
    expect(answerOf(repaired)).toBe(']]]');
    expect(GeneratedQuestion.safeParse(repaired).success).toBe(false);
    // Two choices equal to the answer once punctuation is dropped: ambiguous, not repaired.
    expect(answerOf(repairQuestion(mc(['C', 'C++', 'Java'], 'c+')))).toBe('c+');
  });
});

describe('repairing generated choices', () => {
  it('drops blank and repeated choices; a question left with fewer than three is dropped', () => {
    const repaired = repairQuestion(mc([' water ', 'Water', '', 'salt', 'sugar'], 'water')) as {
      choices: string[];
    };
    expect(repaired.choices).toEqual(['water', 'salt', 'sugar']);
    expect(GeneratedQuestion.safeParse(repaired).success).toBe(true);
    const tooFew = repairQuestion(mc([']', ']', ' '], ']'));
    expect(GeneratedQuestion.safeParse(tooFew).success).toBe(false);
  });

  it('drops blank hints; a question left with none is dropped', () => {
    const kept = repairQuestion({ ...mc(['a', 'b', 'c'], 'a'), hints: [' ', 'think of b', ''] }) as {
      hints: string[];
    };
    expect(kept.hints).toEqual(['think of b']);
    expect(
      GeneratedQuestion.safeParse(repairQuestion({ ...mc(['a', 'b', 'c'], 'a'), hints: ['  '] })).success,
    ).toBe(false);
  });

  it('takes the choices off a question that is not multiple choice', () => {
    const repaired = repairQuestion({ ...mc([']', ']', ']]'], ']'), type: 'short_answer' });
    expect(repaired).not.toHaveProperty('choices');
    expect(GeneratedQuestion.safeParse(repaired).success).toBe(true);
  });

  it('refuses repeated choices and blank texts outright (no repair)', () => {
    expect(GeneratedQuestion.safeParse(mc(['a', 'A', 'b'], 'a')).success).toBe(false);
    expect(GeneratedQuestion.safeParse({ ...mc(['a', 'b', 'c'], 'a'), question: '   ' }).success).toBe(false);
  });
});
