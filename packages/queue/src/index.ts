import type { Logger } from 'pino';
import { BullMqQueue, type BullMqDriverOptions } from './bullmq.ts';
import { InProcessQueue } from './in-process.ts';
import type { JobQueue, QueueConfig } from './jobs.ts';

export {
  QUEUE_NAMES,
  PermanentJobError,
  QueueUnavailableError,
  backoffDelay,
  defineJob,
  type EnqueueOptions,
  type FinalFailureHook,
  type JobContext,
  type JobDefinition,
  type JobQueue,
  type QueueConfig,
  type QueueHealth,
  type QueueName,
  type ScheduleOptions,
  type WorkerOptions,
} from './jobs.ts';
export { BullMqQueue, heartbeatKey, queueHealth, type BullMqDriverOptions } from './bullmq.ts';
export { InProcessQueue } from './in-process.ts';

/**
 * The queue the configuration names: BullMQ over Redis when ENABLE_QUEUE is on, else the
 * in-process driver, whose jobs run in the calling process once it has started a worker.
 * Opens nothing until it is used.
 */
export function createQueue(config: QueueConfig, logger: Logger, bullmq: BullMqDriverOptions = {}): JobQueue {
  const locks = { lockDurationMs: config.JOB_LOCK_DURATION_MS, stalledIntervalMs: config.JOB_LOCK_DURATION_MS };
  return config.ENABLE_QUEUE ? new BullMqQueue(config, logger, { ...locks, ...bullmq }) : new InProcessQueue(config, logger);
}
