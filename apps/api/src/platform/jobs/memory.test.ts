import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from './memory.ts';

describe('memory queue: every()', () => {
  it('queues the job on each interval until the queue closes', async () => {
    const q = createMemoryQueue();
    let runs = 0;
    q.handle('tick', async () => {
      runs++;
    });
    await q.start();
    q.every('tick', 20);
    await new Promise((r) => setTimeout(r, 130));
    expect(runs).toBeGreaterThanOrEqual(3);
    await q.close();
    const atClose = runs;
    await new Promise((r) => setTimeout(r, 80));
    expect(runs).toBe(atClose);
  });
});
