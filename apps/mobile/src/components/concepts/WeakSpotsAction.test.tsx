import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { WeakSpotsAction } from './WeakSpotsAction';

describe('WeakSpotsAction', () => {
  it('offers "Practise weak spots" when a concept is weak', () => {
    const onPractise = vi.fn();
    render(<WeakSpotsAction weak={2} practisable onPractise={onPractise} />);
    fireEvent.click(screen.getByRole('button', { name: 'Practise weak spots' }));
    expect(onPractise).toHaveBeenCalled();
  });

  it('with 0 weak, says nothing is weak instead of offering weak spots', () => {
    render(<WeakSpotsAction weak={0} practisable onPractise={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Practise weak spots' })).toBeNull();
    expect(screen.getByText(/Nothing is weak right now/)).toBeTruthy();
  });

  it('shows nothing without cards to practise or before the counts are known', () => {
    const { container } = render(<WeakSpotsAction weak={3} practisable={false} onPractise={() => {}} />);
    expect(container.textContent).toBe('');
    render(<WeakSpotsAction weak={undefined} practisable onPractise={() => {}} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
