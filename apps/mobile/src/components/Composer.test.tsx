import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from './Composer';

function type(text: string) {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
}

describe('Composer', () => {
  it('sends the trimmed text and clears the field', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    const send = screen.getByRole('button', { name: 'Send message' });
    expect(send.getAttribute('aria-disabled')).toBe('true');
    type('  What is a prime number?  ');
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSend).toHaveBeenCalledWith('What is a prime number?');
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('');
  });

  it('sends on Enter but not on Shift+Enter', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    type('Hello');
    fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Hello');
  });

  it('does not send blank text', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    type('   ');
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSend).not.toHaveBeenCalled();
  });

  it('turns the send button into a stop button while an answer streams', () => {
    const onStop = vi.fn();
    render(<Composer onSend={() => {}} busy onStop={onStop} />);
    expect(screen.queryByRole('button', { name: 'Send message' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Stop generating' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('has an attach button when attaching is possible', () => {
    const onAttach = vi.fn();
    const { rerender } = render(<Composer onSend={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Attach an image or document' })).toBeNull();
    rerender(<Composer onSend={() => {}} onAttach={onAttach} />);
    fireEvent.click(screen.getByRole('button', { name: 'Attach an image or document' }));
    expect(onAttach).toHaveBeenCalledTimes(1);
  });

  it('shows upload progress and processing status, and waits for them before sending', () => {
    const onSend = vi.fn();
    const onRemove = vi.fn();
    const { rerender } = render(
      <Composer
        onSend={onSend}
        attachments={[{ id: 'a', name: 'notes.pdf', status: 'uploading', progress: 0.42 }]}
        onRemoveAttachment={onRemove}
      />,
    );
    expect(screen.getByLabelText('notes.pdf: Uploading 42%')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
    type('Summarise this');
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSend).not.toHaveBeenCalled();

    rerender(
      <Composer
        onSend={onSend}
        attachments={[{ id: 'a', name: 'notes.pdf', status: 'processing' }]}
        onRemoveAttachment={onRemove}
      />,
    );
    expect(screen.getByLabelText('notes.pdf: Reading the file…')).toBeTruthy();

    rerender(
      <Composer
        onSend={onSend}
        attachments={[{ id: 'a', name: 'notes.pdf', status: 'ready' }]}
        onRemoveAttachment={onRemove}
      />,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSend).toHaveBeenCalledWith('Summarise this');
    fireEvent.click(screen.getByRole('button', { name: 'Remove notes.pdf' }));
    expect(onRemove).toHaveBeenCalledWith('a');
  });
});
