import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { celebrate, celebrationFor, dismissCelebration } from '@/state/celebrations';
import { Celebration } from './Celebration';

afterEach(() => act(() => dismissCelebration()));

describe('celebrationFor', () => {
  it('says nothing when nothing was reached', () => {
    expect(celebrationFor({ dailyGoalMet: false, levelUp: null })).toBeNull();
  });
  it('names the biggest milestone first and lists each', () => {
    expect(celebrationFor({ dailyGoalMet: true, levelUp: 4 }, true)).toEqual({
      title: 'Path complete!',
      lines: [
        'You finished every lesson in this path.',
        'You reached level 4.',
        'Daily goal met: +20 XP bonus.',
      ],
    });
    expect(celebrationFor({ dailyGoalMet: true, levelUp: 2 })?.title).toBe('Level 2!');
    expect(celebrationFor({ dailyGoalMet: true, levelUp: null })?.title).toBe('Daily goal met!');
  });
});

describe('Celebration', () => {
  it('is a polite status region that shows a milestone and closes', () => {
    render(<Celebration />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    act(() => celebrate({ dailyGoalMet: true, levelUp: null }));
    expect(region.textContent).toContain('Daily goal met!');
    fireEvent.click(screen.getByRole('button', { name: 'Close celebration' }));
    expect(region.textContent).toBe('');
  });

  it('shows nothing for a response without milestones', () => {
    render(<Celebration />);
    act(() => celebrate({ dailyGoalMet: false, levelUp: null }, false));
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
