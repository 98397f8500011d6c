import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CuriosityTile } from './CuriosityTile';

describe('CuriosityTile', () => {
  it('is one button labelled with its title and subtitle', () => {
    const onPress = vi.fn();
    render(
      <CuriosityTile
        icon="planet-outline"
        title="Why is the sky blue?"
        subtitle="Physics · 5 min"
        onPress={onPress}
      />,
    );
    const tile = screen.getByRole('button', { name: 'Why is the sky blue?. Physics · 5 min' });
    expect(tile.textContent).toContain('Why is the sky blue?');
    expect(tile.textContent).toContain('Physics · 5 min');
    fireEvent.click(tile);
    expect(onPress).toHaveBeenCalledTimes(1);
  });

  it('is not a button without an action', () => {
    render(<CuriosityTile icon="planet-outline" title="Black holes" />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('Black holes')).toBeTruthy();
  });
});
