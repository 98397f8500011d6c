// Chooses the job queue from configuration: BullMQ when REDIS_URL is set, in-process otherwise.
import type { Config } from '../../config.ts';
import { createBullQueue } from './bullmq.ts';
import { createMemoryQueue } from './memory.ts';
import type { JobErrorLogger, JobQueue } from './types.ts';

export * from './types.ts';
export { createMemoryQueue } from './memory.ts';
export { createBullQueue } from './bullmq.ts';

export function createJobQueue(config: Config, onError?: JobErrorLogger): JobQueue {
  if (config.REDIS_URL)
    return createBullQueue({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, onError });
  return createMemoryQueue({ onError });
}
