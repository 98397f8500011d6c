// BullMQ on Redis: jobs survive a restart of this process and are shared by every API instance.
// A job whose worker died is picked up again by BullMQ's stalled-job check; handlers are
// idempotent, and uploads also resume from their database status at start-up.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobData, JobErrorLogger, JobHandler, JobQueue } from './types.ts';

/** How long adding a job may hold a request while Redis is unreachable. */
const ADD_WAIT_MS = 2_000;

export interface BullOptions {
  url: string;
  prefix: string;
  queueName?: string;
  concurrency?: number;
  onError?: JobErrorLogger;
}

export function createBullQueue(o: BullOptions): JobQueue {
  const connection = new Redis(o.url, { maxRetriesPerRequest: null, lazyConnect: false });
  connection.on('error', () => {});
  const name = o.queueName ?? 'jobs';
  const prefix = `${o.prefix}bull`;
  const queue = new Queue(name, { connection, prefix });
  queue.on('error', () => {}); // Redis outages: the connection reconnects; nothing to report per error
  const handlers = new Map<string, JobHandler>();
  let worker: Worker | undefined;
  let active = 0;
  let closing: Promise<void> | undefined;
  let idleWaiters: Array<() => void> = [];
  // Plain timers rather than BullMQ job schedulers: a scheduler keeps a delayed job in the queue
  // for ever, and idle() (which counts delayed jobs) would never resolve.
  const timers: NodeJS.Timeout[] = [];

  const counts = async () => {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };
  const checkIdle = async () => {
    if (!idleWaiters.length) return;
    if (active === 0 && (await counts()) === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((r) => r());
    }
  };

  return {
    kind: 'bullmq',
    handle(jobName, handler) {
      handlers.set(jobName, handler);
    },
    async add(jobName, data, { jobId }) {
      // While Redis is away the add waits in ioredis' offline queue and goes through when Redis
      // returns: the request that asked for the job is not held hostage (found by the security
      // fault test: it hung until Redis came back). Uploads also resume from their status at start-up.
      const adding = queue.add(jobName, data, {
        jobId,
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 1,
      });
      adding.catch(() => {});
      await Promise.race([adding, new Promise<void>((r) => setTimeout(r, ADD_WAIT_MS).unref())]);
    },
    every(jobName, intervalMs) {
      timers.push(
        setInterval(() => void this.add(jobName, {}, { jobId: jobName }).catch(() => {}), intervalMs).unref(),
      );
    },
    async start() {
      const workerConnection = connection.duplicate({ maxRetriesPerRequest: null });
      workerConnection.on('error', () => {}); // reconnects by itself; an outage is not a crash
      worker = new Worker(
        name,
        async (job) => {
          active++;
          try {
            const handler = handlers.get(job.name);
            if (!handler) throw new Error(`no handler for job ${job.name}`);
            await handler(job.data as JobData);
          } catch (err) {
            o.onError?.(err, job.name, job.data as JobData);
          } finally {
            active--;
            setImmediate(() => void checkIdle().catch(() => {}));
          }
        },
        { connection: workerConnection, prefix, concurrency: o.concurrency ?? 1, lockDuration: 60_000 },
      );
      worker.on('error', () => {});
    },
    async depth() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed');
      return {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
      };
    },
    async idle() {
      // Poll: jobs added by other instances count too.
      for (;;) {
        if (active === 0 && (await counts()) === 0) return;
        await new Promise<void>((r) => {
          idleWaiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close() {
      return (closing ??= (async () => {
        timers.forEach(clearInterval);
        await worker?.close();
        await queue.close();
        connection.disconnect();
      })());
    },
  };
}
