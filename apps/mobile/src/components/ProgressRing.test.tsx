import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProgressRing } from './ProgressRing';
import { Text } from './ui/Text';

describe('ProgressRing', () => {
  it('is a labelled progress bar with its value, and shows its content', () => {
    render(
      <ProgressRing progress={0.4} accessibilityLabel="Daily goal: 8 of 20 XP">
        <Text>8</Text>
      </ProgressRing>,
    );
    const ring = screen.getByRole('progressbar', { name: 'Daily goal: 8 of 20 XP' });
    expect(ring.getAttribute('aria-valuenow')).toBe('40');
    expect(ring.textContent).toContain('8');
  });

  it('clamps out-of-range and missing progress', () => {
    const { rerender } = render(<ProgressRing progress={3} accessibilityLabel="Goal" />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    rerender(<ProgressRing progress={Number.NaN} accessibilityLabel="Goal" />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
  });
});
