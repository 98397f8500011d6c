import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TypingIndicator } from './TypingIndicator';

describe('TypingIndicator', () => {
  it('announces that ChitChat is typing and draws three dots', () => {
    render(<TypingIndicator />);
    const indicator = screen.getByRole('progressbar', { name: 'ChitChat is typing' });
    expect(indicator.children).toHaveLength(3);
  });
});
