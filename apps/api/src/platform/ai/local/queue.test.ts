import { describe, expect, it } from 'vitest';
import { FairQueue } from './queue.ts';

describe('FairQueue', () => {
  it('takes turns between learners: one learner’s burst does not starve another', async () => {
    const q = new FairQueue(['slot'], 10);
    const first = await q.acquire('a');
    const order: string[] = [];
    // Each learner's turn ends as soon as it starts.
    const names = ['a1', 'a2', 'a3', 'b'];
    const waits = ['a', 'a', 'a', 'b'].map((key, i) =>
      q.acquire(key).then((slot) => {
        order.push(names[i]!);
        q.release(slot);
      }),
    );
    expect(q.waitingCount).toBe(4);
    q.release(first);
    await Promise.all(waits);
    expect(order).toEqual(['a1', 'b', 'a2', 'a3']);
  });

  it('refuses at once with 503 and Retry-After when the queue is full', async () => {
    const q = new FairQueue(['slot'], 1);
    const held = await q.acquire('a');
    const waiting = q.acquire('b');
    await expect(q.acquire('c')).rejects.toMatchObject({ statusCode: 503, code: 'ai_busy' });
    await expect(q.acquire('c')).rejects.toSatisfy((e: any) => Number(e.headers['retry-after']) >= 1);
    q.release(held);
    q.release(await waiting);
  });

  it('a waiter whose client goes away leaves the queue; a free slot that served the learner is preferred', async () => {
    const q = new FairQueue(['x', 'y'], 5);
    const x = await q.acquire('a');
    const y = await q.acquire('b');
    const ac = new AbortController();
    const gone = q.acquire('c', ac.signal);
    ac.abort();
    await expect(gone).rejects.toMatchObject({ statusCode: 499 });
    expect(q.waitingCount).toBe(0);
    q.release(x);
    q.release(y);
    expect((await q.acquire('b')).value).toBe('y');
  });
});
