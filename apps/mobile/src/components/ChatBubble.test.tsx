import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChatBubble } from './ChatBubble';

describe('ChatBubble', () => {
  it('labels a user message for screen readers', () => {
    render(<ChatBubble role="user" content="What is osmosis?" />);
    expect(screen.getByLabelText('You: What is osmosis?')).toBeTruthy();
  });

  it('renders Markdown from the model: emphasis, lists, code blocks and maths', () => {
    const md = [
      '## Photosynthesis',
      '',
      'Plants make **glucose** from *light*.',
      '',
      '1. Light reactions',
      '2. Calvin cycle',
      '',
      '```python',
      'print("hi")',
      '```',
      '',
      'Energy: $E = mc^2$ and $$\\frac{1}{2}mv^2$$',
    ].join('\n');
    const { container } = render(<ChatBubble role="assistant" content={md} />);
    expect(screen.getByRole('heading', { name: 'Photosynthesis' })).toBeTruthy();
    expect(screen.getByText('glucose').style.fontWeight).toBe('700');
    expect(screen.getByText('2.')).toBeTruthy();
    expect(screen.getByLabelText('Code (python)').textContent).toContain('print("hi")');
    expect(container.textContent).toContain('E = mc²');
    expect(container.textContent).toContain('1/2mv²');
    expect(container.textContent).not.toContain('**');
  });

  it('never turns HTML from the model into elements: it is shown as text', () => {
    const evil =
      'Look: <script>window.hacked = true</script> <img src=x onerror="window.hacked = true"> done\n\n<iframe src="https://evil.example"></iframe>';
    const { container } = render(<ChatBubble role="assistant" content={evil} />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('iframe')).toBeNull();
    expect(container.textContent).toContain('<script>window.hacked = true</script>');
    expect(container.textContent).toContain('<img src=x onerror="window.hacked = true">');
    expect(container.textContent).toContain('<iframe src="https://evil.example"></iframe>');
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('drops javascript: links and keeps http ones', () => {
    render(
      <ChatBubble role="assistant" content="[bad](javascript:alert(1)) and [good](https://example.com)" />,
    );
    expect(screen.queryByRole('link', { name: 'Link: bad' })).toBeNull();
    expect(screen.getByText('bad')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Link: good' })).toBeTruthy();
  });

  it('shows citations that open their source', () => {
    const onCitationPress = vi.fn();
    render(
      <ChatBubble
        role="assistant"
        content="Cells divide by mitosis [1]."
        citations={[{ id: 'c1', label: 'Biology.pdf, p. 3' }]}
        onCitationPress={onCitationPress}
      />,
    );
    fireEvent.click(screen.getByRole('link', { name: 'Source 1: Biology.pdf, p. 3' }));
    expect(onCitationPress).toHaveBeenCalledWith({ id: 'c1', label: 'Biology.pdf, p. 3' });
  });

  it('shows a failure with a retry button', () => {
    const onRetry = vi.fn();
    render(<ChatBubble role="assistant" content="" error="The model is unavailable." onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('The model is unavailable.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry this message' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers to save a finished answer, and not one still streaming', () => {
    const onSave = vi.fn();
    const { rerender } = render(<ChatBubble role="assistant" content="Partial" pending onSave={onSave} />);
    expect(screen.queryByRole('button', { name: 'Save to library' })).toBeNull();
    rerender(<ChatBubble role="assistant" content="Done" onSave={onSave} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save to library' }));
    expect(onSave).toHaveBeenCalledTimes(1);
  });
});
