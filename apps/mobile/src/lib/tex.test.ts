import { describe, expect, it } from 'vitest';
import { texToUnicode } from './tex';

describe('texToUnicode', () => {
  it('renders powers, fractions, roots and Greek letters as text', () => {
    expect(texToUnicode('x^2 + y^{10}')).toBe('x² + y¹⁰');
    expect(texToUnicode('\\frac{1}{2}')).toBe('1/2');
    expect(texToUnicode('\\frac{a+b}{c}')).toBe('(a+b)/c');
    expect(texToUnicode('\\sqrt{2} \\approx 1.41')).toBe('√2 ≈ 1.41');
    expect(texToUnicode('\\alpha + \\beta \\le \\pi')).toBe('α + β ≤ π');
    expect(texToUnicode('a_1 + a_{n}')).toBe('a₁ + aₙ');
    expect(texToUnicode('x \\in \\mathbb{R}')).toBe('x ∈ ℝ');
  });

  it('keeps scripts it cannot raise readable', () => {
    expect(texToUnicode('e^{i\\pi}')).toBe('e^(iπ)');
  });

  it('passes markup through as inert text', () => {
    expect(texToUnicode('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});
