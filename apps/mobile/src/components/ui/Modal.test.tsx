import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './Button';
import { Modal } from './Modal';
import { Text } from './Text';

describe('Modal', () => {
  it('renders nothing while hidden', () => {
    render(
      <Modal visible={false} title="Sign out?" onClose={() => {}}>
        <Text>Body</Text>
      </Modal>,
    );
    expect(screen.queryByText('Sign out?')).toBeNull();
  });

  it('shows title, body and footer, and closes from its controls', () => {
    const onClose = vi.fn();
    const onConfirm = vi.fn();
    render(
      <Modal
        visible
        title="Sign out?"
        onClose={onClose}
        footer={<Button label="Sign out" onPress={onConfirm} />}
      >
        <Text>You can sign back in any time.</Text>
      </Modal>,
    );
    expect(screen.getByRole('heading', { name: 'Sign out?' })).toBeTruthy();
    expect(screen.getByText('You can sign back in any time.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close dialog' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
