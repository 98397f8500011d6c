import { describe, expect, it } from 'vitest';
import { chatStarters } from './starters';

describe('chatStarters', () => {
  it('a conversation about a lesson suggests questions about that lesson only', () => {
    const s = chatStarters('  Volcanoes: what they are and why they matter ');
    expect(s).toEqual([
      'Explain “Volcanoes: what they are and why they matter” simply',
      'Quiz me on “Volcanoes: what they are and why they matter”',
      'What should I understand first about “Volcanoes: what they are and why they matter”?',
    ]);
    expect(s.join(' ')).not.toMatch(/photosynthesis|French Revolution/i);
  });

  it('a conversation without a topic offers examples', () => {
    expect(chatStarters(undefined)).toContain('Explain photosynthesis simply');
    expect(chatStarters(' ')).toHaveLength(3);
  });
});
