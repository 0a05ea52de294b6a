import type { Config } from '@monimmo/config';
import type { Logger } from 'pino';
import type { z } from 'zod';

export type QueueConfig = Pick<
  Config,
  | 'ENABLE_QUEUE'
  | 'REDIS_URL'
  | 'QUEUE_PREFIX'
  | 'JOB_ATTEMPTS'
  | 'JOB_BACKOFF_DELAY_MS'
  | 'JOB_REMOVE_ON_COMPLETE'
  | 'JOB_REMOVE_ON_FAIL'
  | 'JOB_WORKER_CONCURRENCY'
  | 'JOB_LOCK_DURATION_MS'
>;

/**
 * One queue per concern, so a slow concern (AI calls that take seconds) never holds back
 * another one, and each can get its own workers later. A job names its queue in its definition:
 * `ai` for AI work, `ingest` for imports from the integrations (provider syncs, webhooks).
 */
export const QUEUE_NAMES = ['ai', 'ingest'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobContext {
  jobId: string;
  /** 1 for the first try, then 2, 3… up to JOB_ATTEMPTS. A run cut short by a crash keeps its number. */
  attempt: number;
  /** The host's logger, bound to the job's name, id and attempt. */
  log: Logger;
}

/**
 * What a job is: the queue package only carries it. The handler may run twice for the same job
 * (a worker killed mid-job gets its job run again), so it must be written so that a second run
 * changes nothing.
 *
 * Payloads travel as JSON: schemas should accept what they produce (no transforms to Dates or
 * class instances), since the handler receives the payload parsed again after the trip.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly queue: QueueName;
  readonly payload: S;
  // Method syntax on purpose: it lets a list of jobs with different payloads be typed as JobDefinition[].
  handler(payload: z.output<S>, ctx: JobContext): Promise<void> | void;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  // The name is the routing key between producer and worker: keep it plain so it reads well in logs and Redis.
  if (!/^[\w.-]+$/.test(definition.name))
    throw new Error(`job name "${definition.name}" must be letters, digits, dots, dashes or underscores`);
  return Object.freeze({ ...definition });
}

/**
 * Thrown by a handler (or by the queue) when trying again cannot help, e.g. the item was deleted
 * or the payload no longer matches its schema: the job skips its remaining attempts and goes to
 * `onFinalFailure` at once.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/**
 * The queue's store (Redis) cannot be reached: nothing was queued. Thrown at once when the
 * connection is known to be down, or after a short wait, never after a long hang. The caller
 * decides: after a committed write, leave the job to the recovery pass; otherwise answer 503.
 */
export class QueueUnavailableError extends Error {
  readonly code = 'QUEUE_UNAVAILABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

export interface EnqueueOptions {
  /**
   * Names the work, e.g. `triage-message:<id>`: while a job with this key is waiting, delayed or
   * running, enqueueing it again adds nothing and answers the same job id; once it has finished
   * the key is free again (a person may rerun the AI).
   */
  key: string;
  /**
   * Runs the job no earlier than this many milliseconds from now (whole milliseconds, up to
   * 2^31 − 1), e.g. after a provider's Retry-After. The key is held from now on.
   */
  delayMs?: number;
}

/**
 * Called once, after a job's last attempt (or a permanent error), so the app can send the item to
 * human review with a readable error: a job never fails silently. `payload` is the parsed payload
 * when it still matched its schema, else the raw data. `attempts` counts the attempts made.
 */
export type FinalFailureHook = (job: JobDefinition, payload: unknown, error: Error, attempts: number) => Promise<void> | void;

export interface ScheduleOptions {
  /** Names the schedule, e.g. `integration-sync:<mailboxId>`: 1 to 200 characters, like a job key. */
  id: string;
  /** The interval, in whole milliseconds, from 1 to 2^31 − 1 (about 24.8 days, the longest a Node timer waits). */
  everyMs: number;
  /** Runs once at once when the schedule is created (or its interval changes), instead of after one interval. */
  immediately?: boolean;
}

export interface WorkerOptions {
  /** Jobs run at once per queue by this worker; defaults to JOB_WORKER_CONCURRENCY. */
  concurrency?: number;
  onFinalFailure: FinalFailureHook;
}

export interface QueueHealth {
  /** `unused` for the in-process driver, which needs no Redis. */
  redis: 'ok' | 'down' | 'unused';
  /** Live worker processes (BullMQ: fresh heartbeat keys); in-process: 1 once a worker is started here. */
  workers: number;
}

/** The one interface both drivers implement: the API enqueues, the worker (or the API itself, in-process) consumes. */
export interface JobQueue {
  readonly driver: 'bullmq' | 'in-process';
  /** Validates the payload (throws the ZodError when invalid) and queues the job once per key. */
  enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions): Promise<{ jobId: string }>;
  /**
   * Runs `job` with `payload` every `everyMs` (first run after one interval, or at once with
   * `immediately`), for as long as a worker consumes its queue: a run is an ordinary job of the
   * queue (same handler, attempts, backoff and `onFinalFailure`), and nothing runs before a worker
   * is started. Scheduling the same `id` again replaces the schedule (new interval or payload)
   * instead of adding one; several processes scheduling the same id yield ONE run per interval
   * across all of them (BullMQ job schedulers), not one per process. Validates the payload like
   * enqueue (throws the ZodError) and the options.
   *
   * A run that outlasts its interval: the in-process driver skips the ticks until it ends; BullMQ
   * plans the next run when one starts, so with several workers (or concurrency > 1) runs of one
   * schedule may overlap, and handlers must allow it (they already must allow running twice).
   */
  schedule<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: ScheduleOptions): Promise<void>;
  /** Removes a schedule (e.g. an integration disconnected); unknown ids are fine. A run already started finishes. */
  unschedule(id: string): Promise<void>;
  /** Starts consuming the queues of these jobs, with retries and exponential backoff. */
  startWorker(jobs: readonly JobDefinition[], options: WorkerOptions): Promise<void>;
  /**
   * Resolves once no job is waiting, delayed or running (tests, benchmarks); rejects after `timeoutMs`.
   * The next planned run of a schedule does not count (it always exists while the schedule does);
   * a scheduled run that is due, running or waiting for its retry does.
   */
  idle(timeoutMs?: number): Promise<void>;
  health(): Promise<QueueHealth>;
  /** Stops taking jobs, waits for the running ones, closes the connections it opened. */
  close(): Promise<void>;
}

/** BullMQ's exponential backoff: the delay after failed attempt n is base × 2^(n-1). */
export function backoffDelay(baseMs: number, failedAttempt: number): number {
  return Math.round(2 ** (failedAttempt - 1) * baseMs);
}

/** The longest delay a Node timer accepts: a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function validateKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new Error('a job key must be 1 to 200 characters');
}

export function validateEnqueueOptions({ key, delayMs }: EnqueueOptions): void {
  validateKey(key);
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_TIMER_MS))
    throw new Error(`delayMs must be an integer from 0 to ${MAX_TIMER_MS}`);
}

export function validateSchedule({ id, everyMs }: ScheduleOptions): void {
  validateScheduleId(id);
  if (!Number.isInteger(everyMs) || everyMs < 1 || everyMs > MAX_TIMER_MS)
    throw new Error(`everyMs must be an integer from 1 to ${MAX_TIMER_MS}`);
}

export function validateScheduleId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new Error('a schedule id must be 1 to 200 characters');
}

/**
 * Groups a worker's jobs by queue. A name listed twice, or a queue this instance already consumes,
 * is a wiring mistake: a second consumer of a queue with another job list would fail the jobs it
 * does not know, so each queue is started once, with all its jobs.
 */
export function routeJobs(
  jobs: readonly JobDefinition[],
  consumed: (queue: QueueName) => boolean,
): Map<QueueName, Map<string, JobDefinition>> {
  const routes = new Map<QueueName, Map<string, JobDefinition>>();
  for (const job of jobs) {
    if (consumed(job.queue)) throw new Error(`queue "${job.queue}" already has a worker here: start it once with all its jobs`);
    const byName = routes.get(job.queue) ?? new Map<string, JobDefinition>();
    if (byName.has(job.name)) throw new Error(`job "${job.name}" is listed twice`);
    routes.set(job.queue, byName.set(job.name, job));
  }
  return routes;
}

export function workerConcurrency(options: WorkerOptions, config: QueueConfig): number {
  const concurrency = options.concurrency ?? config.JOB_WORKER_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer');
  return concurrency;
}
