import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Card } from './Card';
import { Text } from './Text';

describe('Card', () => {
  it('is a plain surface without onPress', () => {
    render(
      <Card>
        <Text>Streak: 3 days</Text>
      </Card>,
    );
    expect(screen.getByText('Streak: 3 days')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('becomes a labelled button with onPress', () => {
    const onPress = vi.fn();
    render(
      <Card onPress={onPress} accessibilityLabel="Open daily review">
        <Text>Daily review</Text>
      </Card>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open daily review' }));
    expect(onPress).toHaveBeenCalledTimes(1);
  });
});
