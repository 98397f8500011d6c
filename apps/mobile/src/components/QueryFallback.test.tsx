import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { QueryFallback } from './QueryFallback';

// The app renders every screen inside a SafeAreaProvider (app/_layout.tsx); so does this test.
const metrics = { frame: { x: 0, y: 0, width: 390, height: 844 }, insets: { top: 0, left: 0, right: 0, bottom: 0 } };

describe('QueryFallback', () => {
  it('shows what is loading while the query has no data', () => {
    render(<QueryFallback query={{ isError: false, error: null, refetch: () => {} }} loading="Loading the path…" />);
    expect(screen.getByRole('progressbar', { name: 'Loading the path…' })).toBeTruthy();
  });

  it('shows the error and retries the query on request', () => {
    const refetch = vi.fn();
    render(
      <SafeAreaProvider initialMetrics={metrics}>
        <QueryFallback query={{ isError: true, error: new Error('The server is unreachable.'), refetch }} loading="Loading…" />
      </SafeAreaProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The server is unreachable.');
    fireEvent.click(screen.getByText('Try again'));
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
