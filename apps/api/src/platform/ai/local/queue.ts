// Turns for the local model. There are as many slots as context sequences (AI_LOCAL_PARALLEL);
// a request waits for one in a queue that takes turns between learners (round robin over user
// ids, first come first served within one learner), so one learner's burst cannot starve the
// others. A full queue (AI_LOCAL_QUEUE_MAX waiting) refuses at once with 503 and Retry-After. A
// waiting request whose client goes away leaves the queue. A free slot that last served the same
// learner is preferred: its KV cache still holds their conversation.
import { AiAbortedError, AiUnavailableError } from '../types.ts';

export interface Slot<S> {
  value: S;
  /** Who used it last (the KV cache holds their prompt). */
  owner?: string;
  lastUsed: number;
  busy: boolean;
}

interface Waiter<S> {
  key: string;
  resolve: (slot: Slot<S>) => void;
  reject: (err: unknown) => void;
  cleanup: () => void;
}

export class FairQueue<S> {
  readonly slots: Slot<S>[];
  private waiting = new Map<string, Waiter<S>[]>();
  private order: string[] = []; // keys with waiters, in turn order
  private count = 0;
  /** Average time a slot is held, for Retry-After. */
  private avgHoldMs = 5000;

  constructor(
    values: S[],
    private readonly maxWaiting: number,
  ) {
    this.slots = values.map((value) => ({ value, lastUsed: 0, busy: false }));
  }

  get waitingCount() {
    return this.count;
  }

  get busyCount() {
    return this.slots.filter((s) => s.busy).length;
  }

  /** Seconds a refused client should wait: the queue ahead of it, served in parallel. */
  retryAfterSeconds() {
    return Math.max(1, Math.ceil((this.avgHoldMs * (this.count + 1)) / this.slots.length / 1000));
  }

  private take(slot: Slot<S>, key: string) {
    slot.busy = true;
    slot.owner = key;
    slot.lastUsed = Date.now();
    return slot;
  }

  acquire(key: string, signal?: AbortSignal): Promise<Slot<S>> {
    if (signal?.aborted) return Promise.reject(new AiAbortedError());
    const free = this.slots.filter((s) => !s.busy);
    const mine = free.find((s) => s.owner === key) ?? free.sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (mine && this.count === 0) return Promise.resolve(this.take(mine, key));
    if (this.count >= this.maxWaiting)
      return Promise.reject(
        new AiUnavailableError(
          `The local tutor is busy with other learners (${this.count} waiting). Please retry in a few seconds.`,
          503,
          this.retryAfterSeconds(),
          'ai_busy',
        ),
      );
    return new Promise<Slot<S>>((resolve, reject) => {
      const onAbort = () => {
        const list = this.waiting.get(key);
        const i = list?.indexOf(waiter) ?? -1;
        if (list && i >= 0) {
          list.splice(i, 1);
          this.count--;
          if (!list.length) this.drop(key);
        }
        reject(new AiAbortedError());
      };
      const waiter: Waiter<S> = {
        key,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const line = this.waiting.get(key);
      if (line) line.push(waiter);
      else {
        this.waiting.set(key, [waiter]);
        this.order.push(key);
      }
      this.count++;
    });
  }

  private drop(key: string) {
    this.waiting.delete(key);
    this.order = this.order.filter((k) => k !== key);
  }

  release(slot: Slot<S>) {
    const held = Date.now() - slot.lastUsed;
    this.avgHoldMs = this.avgHoldMs * 0.8 + held * 0.2;
    slot.busy = false;
    slot.lastUsed = Date.now();
    // The next learner in turn gets the slot; they go to the back of the line.
    const key = this.order.shift();
    if (key === undefined) return;
    const list = this.waiting.get(key);
    const waiter = list?.shift();
    // A key is in `order` only while its line has someone in it.
    if (!list || !waiter) return;
    this.count--;
    if (list.length) this.order.push(key);
    else this.waiting.delete(key);
    waiter.cleanup();
    waiter.resolve(this.take(slot, waiter.key));
  }

  /** Refuses everyone waiting (the provider is closing). */
  close(err: unknown) {
    for (const list of this.waiting.values())
      for (const w of list) {
        w.cleanup();
        w.reject(err);
      }
    this.waiting.clear();
    this.order = [];
    this.count = 0;
  }
}
