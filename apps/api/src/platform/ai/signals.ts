// A model call's cancellation: the client going away, and the deadline (AI_TIMEOUT_MS) — for a
// whole call, or for a stream between its pieces.
/**
 * One call's cancellation: the client's signal (disconnect) and the overall deadline
 * (AI_TIMEOUT_MS, which covers all attempts and the waits between them).
 */
export function callSignal(timeoutMs: number, client?: AbortSignal) {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = client ? AbortSignal.any([client, deadline]) : deadline;
  return { signal, deadline, client, timeoutMs };
}
export type CallSignal = ReturnType<typeof callSignal>;

/** The longest one model call may run: a stream that keeps arriving, up to idleSignal's cap. */
export const longestCallMs = (timeoutMs: number) => timeoutMs * 10;

/**
 * A stream's cancellation: AI_TIMEOUT_MS to the first piece and between pieces (a long answer that
 * keeps arriving is not cut off), within an overall cap of `maxTotalMs`. `touch()` on each piece.
 */
export function idleSignal(
  timeoutMs: number,
  client: AbortSignal | undefined,
  maxTotalMs = longestCallMs(timeoutMs),
) {
  const idle = new AbortController();
  const fire = () => idle.abort(new DOMException('The AI stream timed out.', 'TimeoutError'));
  const timer = setTimeout(fire, timeoutMs);
  const cap = setTimeout(fire, maxTotalMs);
  let cleared = false;
  timer.unref?.();
  cap.unref?.();
  const signal = client ? AbortSignal.any([client, idle.signal]) : idle.signal;
  return {
    signal,
    deadline: idle.signal,
    client,
    timeoutMs,
    touch() {
      // Restarts the same timer (called for every piece: cheaper than a new one each time).
      if (!idle.signal.aborted && !cleared) timer.refresh();
    },
    clear() {
      cleared = true;
      clearTimeout(timer);
      clearTimeout(cap);
    },
  };
}
