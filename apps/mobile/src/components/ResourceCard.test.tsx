import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ResourceCard } from './ResourceCard';

describe('ResourceCard', () => {
  it('shows title, description and meta, labelled with its kind', () => {
    const onPress = vi.fn();
    render(
      <ResourceCard
        kind="document"
        title="Cell biology.pdf"
        description="12 pages"
        meta="#biology"
        onPress={onPress}
      />,
    );
    const card = screen.getByRole('button', { name: 'document: Cell biology.pdf' });
    expect(card.textContent).toContain('12 pages');
    expect(card.textContent).toContain('#biology');
    fireEvent.click(card);
    expect(onPress).toHaveBeenCalledTimes(1);
  });
});
