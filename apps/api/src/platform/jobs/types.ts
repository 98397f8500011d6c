// Background jobs behind one small interface: an in-process queue by default, BullMQ on Redis
// when REDIS_URL is set (several API instances then share one queue). Handlers record their own
// outcome (e.g. an upload's status) in the database, so a job is "at least once": a handler must
// be safe to run again after a crash.

export type JobData = Record<string, string | number | boolean | null>;
export type JobHandler = (data: JobData) => Promise<void>;

export interface JobQueue {
  readonly kind: 'memory' | 'bullmq';
  /** Registers the handler for a job name (before start). */
  handle(name: string, handler: JobHandler): void;
  /** Queues a job; a job with the same id already waiting or running is not queued twice. */
  add(name: string, data: JobData, opts: { jobId: string }): Promise<void>;
  /**
   * Queues job `name` (no data, job id = name) every `intervalMs` from this process until close:
   * periodic housekeeping. With several instances each queues it; the job id keeps one waiting at
   * a time, and such handlers are idempotent anyway.
   */
  every(name: string, intervalMs: number): void;
  /** Starts working. */
  start(): Promise<void>;
  /**
   * Jobs waiting, running and delayed (/metrics). In-process: this process's; BullMQ: the shared
   * queue's, as every instance sees the same Redis.
   */
  depth(): Promise<{ waiting: number; active: number; delayed: number }>;
  /** Resolves once nothing is waiting or running in this process (tests and shutdown use it). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export type JobErrorLogger = (err: unknown, name: string, data: JobData) => void;

/** One finished job, as observeJobs reports it. */
export interface JobRun {
  name: string;
  ok: boolean;
  durationMs: number;
}

/**
 * The queue with every handler's run reported to `onRun` (for /metrics): a handler that throws is
 * a failure (and still reaches the queue's own error logging).
 */
export function observeJobs(queue: JobQueue, onRun: (run: JobRun) => void): JobQueue {
  const observed = Object.create(queue) as JobQueue;
  observed.handle = (name, handler) =>
    queue.handle(name, async (data) => {
      const started = performance.now();
      let ok = false;
      try {
        await handler(data);
        ok = true;
      } finally {
        try {
          onRun({ name, ok, durationMs: performance.now() - started });
        } catch {
          // Observing never breaks a job.
        }
      }
    });
  return observed;
}
