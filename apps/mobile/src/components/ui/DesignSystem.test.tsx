import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { pageTitle } from '@/lib/pageTitle';
import { Banner, InlineError } from './Banner';
import { Row, Stack } from './Layout';
import { ProgressBar } from './ProgressBar';
import { Segmented } from './Segmented';
import { Text } from './Text';

describe('the layout layer', () => {
  it('Stack and Row lay children out in a column and a row', () => {
    render(
      <Stack gap="md" testID="stack">
        <Row gap="sm" testID="row">
          <Text>a</Text>
          <Text>b</Text>
        </Row>
      </Stack>,
    );
    expect(getComputedStyle(screen.getByTestId('row')).flexDirection).toBe('row');
    expect(getComputedStyle(screen.getByTestId('stack')).flexDirection).toBe('column');
  });

  it('Segmented is a radio group: the chosen option checked, another one reported', () => {
    const onChange = vi.fn();
    render(
      <Segmented
        label="Level"
        options={[
          { id: 'beginner', label: 'Beginner' },
          { id: 'advanced', label: 'Advanced' },
        ]}
        value="beginner"
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('radiogroup', { name: 'Level' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Level: Beginner' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: 'Level: Advanced' }));
    expect(onChange).toHaveBeenCalledWith('advanced');
    fireEvent.click(screen.getByRole('radio', { name: 'Level: Beginner' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('ProgressBar is a named progressbar with its value (none when unknown)', () => {
    render(
      <>
        <ProgressBar label="Review progress" value={2} max={5} />
        <ProgressBar label="Reading" value={null} />
      </>,
    );
    const known = screen.getByRole('progressbar', { name: 'Review progress' });
    expect(known.getAttribute('aria-valuenow')).toBe('2');
    expect(known.getAttribute('aria-valuemax')).toBe('5');
    expect(screen.getByRole('progressbar', { name: 'Reading' }).getAttribute('aria-valuenow')).toBeNull();
  });

  it('a failure Banner and an InlineError are alerts; an empty InlineError renders nothing', () => {
    const { container } = render(
      <>
        <Banner tone="danger" title="Not saved">
          Check your connection.
        </Banner>
        <InlineError>Not renamed.</InlineError>
        <InlineError>{null}</InlineError>
      </>,
    );
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    expect(container.textContent).toContain('Check your connection.');
  });
});

describe('headings', () => {
  it('a title is the h1, a section heading an h2, an explicit level wins', () => {
    render(
      <>
        <Text variant="title" accessibilityRole="header">
          Library
        </Text>
        <Text variant="heading" accessibilityRole="header">
          Recent
        </Text>
        <Text variant="heading" accessibilityRole="header" aria-level={3}>
          Older
        </Text>
      </>,
    );
    expect(screen.getByRole('heading', { name: 'Library' }).tagName).toBe('H1');
    expect(screen.getByRole('heading', { name: 'Recent' }).tagName).toBe('H2');
    expect(screen.getByRole('heading', { name: 'Older' }).tagName).toBe('H3');
  });

  it('page titles carry the app name', () => {
    expect(pageTitle('Library')).toBe('Library · ChitChat');
    expect(pageTitle('  ')).toBe('ChitChat');
  });
});
