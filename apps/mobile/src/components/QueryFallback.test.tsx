import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { ApiError } from '@/lib/api';
import { QueryFallback } from './QueryFallback';

// The app renders every screen inside a SafeAreaProvider (app/_layout.tsx); so does this test.
const metrics = {
  frame: { x: 0, y: 0, width: 390, height: 844 },
  insets: { top: 0, left: 0, right: 0, bottom: 0 },
};

describe('QueryFallback', () => {
  it('shows what is loading while the query has no data', () => {
    render(
      <QueryFallback
        query={{ isError: false, error: null, refetch: () => {} }}
        loading="Loading the path…"
      />,
    );
    expect(screen.getByRole('progressbar', { name: 'Loading the path…' })).toBeTruthy();
  });

  it('shows the error in a learner’s words (never the API’s developer text) and retries the query on request', () => {
    const refetch = vi.fn();
    const error = new ApiError(400, 'validation_error', 'Invalid params: id: must be a UUID');
    render(
      <SafeAreaProvider initialMetrics={metrics}>
        <QueryFallback query={{ isError: true, error, refetch }} loading="Loading…" />
      </SafeAreaProvider>,
    );
    const alert = screen.getByRole('alert').textContent;
    expect(alert).toContain('ChitChat couldn’t accept that.');
    expect(alert).not.toContain('Invalid params');
    fireEvent.click(screen.getByText('Try again'));
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
