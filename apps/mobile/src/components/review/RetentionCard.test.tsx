import { describe, expect, it } from 'vitest';
import { perDay, percent } from './RetentionCard';

describe('the review schedule’s wording', () => {
  it('says the workload in words a learner reads at a glance', () => {
    expect(perDay(0)).toBe('no cards a day');
    expect(perDay(0.4)).toBe('less than one card a day');
    expect(perDay(1.2)).toBe('about 1 card a day');
    expect(perDay(11.6)).toBe('about 12 cards a day');
    expect(perDay(1234.4)).toBe('about 1,234 cards a day');
  });

  it('shows a retention as a whole percentage', () => {
    expect(percent(0.9)).toBe('90 %');
    expect(percent(0.85)).toBe('85 %');
    expect(percent(0.97)).toBe('97 %');
  });
});
