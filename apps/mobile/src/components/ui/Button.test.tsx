import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './Button';

describe('Button', () => {
  it('renders its label as an accessible button and calls onPress', () => {
    const onPress = vi.fn();
    render(<Button label="Save" onPress={onPress} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onPress).toHaveBeenCalledTimes(1);
  });

  it('uses an explicit accessibility label and hint', () => {
    render(
      <Button
        label="New"
        accessibilityLabel="New conversation"
        accessibilityHint="Starts a chat"
        onPress={() => {}}
      />,
    );
    expect(screen.getByRole('button', { name: 'New conversation' })).toBeTruthy();
  });

  it('ignores presses while disabled', () => {
    const onPress = vi.fn();
    render(<Button label="Save" disabled onPress={onPress} />);
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    expect(onPress).not.toHaveBeenCalled();
  });

  it('shows a spinner instead of the label while loading, and is busy', () => {
    const onPress = vi.fn();
    render(<Button label="Save" loading onPress={onPress} />);
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByText('Save')).toBeNull();
    expect(screen.getByRole('progressbar')).toBeTruthy();
    fireEvent.click(button);
    expect(onPress).not.toHaveBeenCalled();
  });
});
