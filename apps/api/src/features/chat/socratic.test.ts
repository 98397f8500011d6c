import { describe, expect, it } from 'vitest';
import { advance, classify } from './socratic.ts';

describe('Socratic state', () => {
  it('tells questions, attempts and explicit asks apart', () => {
    expect(classify('What is the derivative of x^2?', false)).toBe('question');
    expect(classify('I think it is 2x', true)).toBe('attempt');
    expect(classify('2x', true)).toBe('attempt');
    expect(classify('Is it 2x?', true)).toBe('attempt');
    expect(classify('Just tell me', true)).toBe('ask_solution');
    expect(classify('Show me the solution please', true)).toBe('ask_solution');
    expect(classify('How do plants make sugar?', true)).toBe('question');
    // Without a problem, anything but an explicit ask starts one.
    expect(classify('derivative of x squared', false)).toBe('question');
  });

  it('allows the solution after one attempt or two explicit asks, and a new question starts over', () => {
    let s = advance({}, 'What is 6 times 7?', false);
    expect(s.turn).toMatchObject({
      reveal: false,
      attempts: 0,
      explicitAsks: 0,
      problem: 'What is 6 times 7?',
    });
    s = advance(s.state, 'just tell me', false);
    expect(s.turn).toMatchObject({ reveal: false, explicitAsks: 1 });
    s = advance(s.state, 'Show me the answer', false);
    expect(s.turn).toMatchObject({ reveal: true, explicitAsks: 2, attempts: 0 });
    s = advance(s.state, 'Why is the sky blue?', true);
    expect(s.turn).toMatchObject({ reveal: false, attempts: 0, explicitAsks: 0, requiredByTutor: true });
    s = advance(s.state, 'I think because of scattering', true);
    expect(s.turn).toMatchObject({ reveal: true, attempts: 1, problem: 'Why is the sky blue?' });
  });
});
