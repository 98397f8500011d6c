import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { ApiError } from '@/lib/api';
import { PagedListStates } from './PagedListStates';

const metrics = {
  frame: { x: 0, y: 0, width: 390, height: 844 },
  insets: { top: 0, left: 0, right: 0, bottom: 0 },
};
const loaded = { pages: [], pageParams: [] };
const base = {
  isPending: false,
  isError: false,
  isSuccess: true,
  data: loaded,
  error: null,
  refetch: vi.fn(),
};
const empty = { title: 'No enrolments yet', actionLabel: 'Go to Discover', onAction: vi.fn() };

describe('PagedListStates', () => {
  it('says what is loading before the first page', () => {
    render(
      <PagedListStates
        list={{ ...base, isPending: true, isSuccess: false, data: undefined }}
        count={0}
        what="enrolments"
        empty={empty}
      />,
    );
    expect(screen.getByRole('progressbar', { name: 'Loading your enrolments…' })).toBeTruthy();
  });

  it('says in words that the first page failed, and Try again loads it again', () => {
    const refetch = vi.fn();
    render(
      <SafeAreaProvider initialMetrics={metrics}>
        <PagedListStates
          list={{
            ...base,
            isError: true,
            isSuccess: false,
            data: undefined,
            error: new ApiError(503, 'unavailable', 'pool exhausted'),
            refetch,
          }}
          count={0}
          what="XP history"
          empty={empty}
        />
      </SafeAreaProvider>,
    );
    const alert = screen.getByRole('alert').textContent;
    expect(alert).toContain('Your XP history could not be loaded');
    expect(alert).not.toContain('pool exhausted');
    fireEvent.click(screen.getByText('Try again'));
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state once nothing loaded, and nothing once there are items', () => {
    const onAction = vi.fn();
    const { rerender, container } = render(
      <PagedListStates list={base} count={0} what="enrolments" empty={{ ...empty, onAction }} />,
    );
    expect(screen.getByText('No enrolments yet')).toBeTruthy();
    fireEvent.click(screen.getByText('Go to Discover'));
    expect(onAction).toHaveBeenCalledTimes(1);
    rerender(<PagedListStates list={base} count={3} what="enrolments" empty={empty} />);
    expect(container.textContent).toBe('');
  });
});
