import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Input } from './Input';

describe('Input', () => {
  it('is labelled, reports changes, and shows its hint', () => {
    const onChangeText = vi.fn();
    render(<Input label="Display name" hint="Shown to tutors" value="" onChangeText={onChangeText} />);
    const field = screen.getByLabelText('Display name');
    fireEvent.change(field, { target: { value: 'Ada' } });
    expect(onChangeText).toHaveBeenCalledWith('Ada');
    expect(screen.getByText('Shown to tutors')).toBeTruthy();
  });

  it('shows an error instead of the hint', () => {
    render(
      <Input
        label="Email"
        error="Enter a valid email address."
        hint="We never share it"
        value="x"
        onChangeText={() => {}}
      />,
    );
    expect(screen.getByText('Enter a valid email address.')).toBeTruthy();
    expect(screen.queryByText('We never share it')).toBeNull();
  });

  it('masks passwords', () => {
    render(<Input label="Password" secureTextEntry value="" onChangeText={() => {}} />);
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
  });
});
