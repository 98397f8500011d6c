// The in-process queue: FIFO, a fixed number of jobs at a time (the machine has few cores and the
// handlers are CPU-heavy), deduplicated by job id. Jobs live in memory only; callers persist the
// state they need to resume after a restart (uploads resume from their status at start-up).
import type { JobData, JobErrorLogger, JobHandler, JobQueue } from './types.ts';

export function createMemoryQueue(opts: { concurrency?: number; onError?: JobErrorLogger } = {}): JobQueue {
  const concurrency = opts.concurrency ?? 1;
  const handlers = new Map<string, JobHandler>();
  const waiting: Array<{ id: string; name: string; data: JobData }> = [];
  const known = new Set<string>();
  let running = 0;
  let started = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const timers: NodeJS.Timeout[] = [];

  const settleIdle = () => {
    if (running === 0 && waiting.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((r) => r());
    }
  };

  const pump = () => {
    while (started && !closed && running < concurrency) {
      const job = waiting.shift();
      if (!job) break;
      const handler = handlers.get(job.name);
      running++;
      void (async () => {
        try {
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          await handler(job.data);
        } catch (err) {
          opts.onError?.(err, job.name, job.data);
        } finally {
          known.delete(job.id);
          running--;
          pump();
          settleIdle();
        }
      })();
    }
    settleIdle();
  };

  return {
    kind: 'memory',
    handle(name, handler) {
      handlers.set(name, handler);
    },
    async add(name, data, { jobId }) {
      if (closed || known.has(jobId)) return;
      known.add(jobId);
      waiting.push({ id: jobId, name, data });
      setImmediate(pump);
    },
    every(name, intervalMs) {
      timers.push(setInterval(() => void this.add(name, {}, { jobId: name }), intervalMs).unref());
    },
    async start() {
      started = true;
      pump();
    },
    async depth() {
      return { waiting: waiting.length, active: running, delayed: 0 };
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((r) => idleWaiters.push(r));
    },
    async close() {
      closed = true;
      timers.forEach(clearInterval);
      waiting.length = 0;
      if (running === 0) settleIdle();
      await new Promise<void>((r) => {
        if (running === 0) return r();
        idleWaiters.push(r);
      });
    },
  };
}
