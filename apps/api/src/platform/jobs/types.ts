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
  /** Resolves once nothing is waiting or running in this process (tests and shutdown use it). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export type JobErrorLogger = (err: unknown, name: string, data: JobData) => void;
