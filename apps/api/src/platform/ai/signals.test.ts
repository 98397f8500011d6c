import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleSignal } from './signals.ts';

describe('idleSignal (a stream’s timeout)', () => {
  afterEach(() => vi.useRealTimers());

  it('times out after the idle time, restarted by each piece, within the overall cap', () => {
    vi.useFakeTimers();
    const cs = idleSignal(100, undefined, 1000);
    vi.advanceTimersByTime(90);
    cs.touch();
    vi.advanceTimersByTime(90);
    cs.touch();
    vi.advanceTimersByTime(90);
    expect(cs.signal.aborted).toBe(false); // 270 ms in, never 100 ms without a piece
    vi.advanceTimersByTime(20);
    expect(cs.signal.aborted).toBe(true);
    expect((cs.signal.reason as DOMException).name).toBe('TimeoutError');

    // Pieces every 50 ms: only the 300 ms cap ends it (the idle timer would fire at 350 ms).
    const capped = idleSignal(100, undefined, 300);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(50);
      capped.touch();
    }
    expect(capped.signal.aborted).toBe(false);
    vi.advanceTimersByTime(60);
    expect(capped.signal.aborted).toBe(true);
  });

  it('does nothing once cleared, and follows the client’s signal', () => {
    vi.useFakeTimers();
    const cs = idleSignal(100, undefined);
    cs.clear();
    cs.touch();
    vi.advanceTimersByTime(10_000);
    expect(cs.signal.aborted).toBe(false);

    const client = new AbortController();
    const withClient = idleSignal(100, client.signal);
    client.abort();
    expect(withClient.signal.aborted).toBe(true);
    expect(withClient.deadline.aborted).toBe(false);
    withClient.clear();
  });
});
