import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, UnrecoverableError, Worker, type Job, type JobSchedulerTemplateOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  QUEUE_NAMES,
  routeJobs,
  validateEnqueueOptions,
  validateSchedule,
  validateScheduleId,
  workerConcurrency,
  type EnqueueOptions,
  type FinalFailureHook,
  type JobDefinition,
  type JobQueue,
  type QueueConfig,
  type QueueHealth,
  type QueueName,
  type ScheduleOptions,
  type WorkerOptions,
  QueueUnavailableError,
} from './jobs.ts';
import { parsedOrRaw, reportFinalFailure, runAttempt, withTimeout } from './run.ts';

export interface BullMqDriverOptions {
  /**
   * How long a running job's lock lasts between renewals (BullMQ default 30 s). A killed worker's
   * job runs again roughly this long after its death. Keep it well above the longest event-loop
   * block of a worker, or a busy but alive worker loses its job to another one.
   */
  lockDurationMs?: number;
  /** How often a worker looks for jobs whose lock expired (BullMQ default 30 s). */
  stalledIntervalMs?: number;
  /** Crashes a job survives before it fails for good (BullMQ default 1). */
  maxStalledCount?: number;
  /** Lifetime of a worker's heartbeat key: a dead worker disappears from /health after this. */
  heartbeatTtlMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * How long an enqueue or schedule waits for Redis before it calls it unreachable (a first
   * connection that does not open, a server that stopped answering). Default 2 s.
   */
  commandTimeoutMs?: number;
}

const JOB_STATES_IN_FLIGHT = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export function heartbeatKey(prefix: string, workerId: string): string {
  // Beside BullMQ's `<prefix>:<queue>:…` keys; no queue is named `workers`.
  return `${prefix}:workers:${workerId}`;
}

/**
 * For the API's /health: whether Redis answers, and how many worker processes wrote a heartbeat
 * within its TTL. Never throws and never waits more than `timeoutMs`.
 */
export async function queueHealth(redis: Redis, prefix: string, timeoutMs = 1000): Promise<{ redis: 'ok' | 'down'; workers: number }> {
  try {
    return { redis: 'ok', workers: await withTimeout(countWorkers(redis, prefix), timeoutMs, 'redis did not answer') };
  } catch {
    return { redis: 'down', workers: 0 };
  }
}

async function countWorkers(redis: Redis, prefix: string): Promise<number> {
  const match = heartbeatKey(prefix.replace(/[*?[\]\\]/g, '\\$&'), '*');
  // SCAN may return a key twice while Redis rehashes: count distinct keys.
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    for (const key of found) keys.add(key);
  } while (cursor !== '0');
  return keys.size;
}

/**
 * Jobs through Redis (ENABLE_QUEUE=true): the API enqueues, `pnpm worker` processes consume.
 * De-duplication is BullMQ's `deduplication: { id: key }`, whose Redis key lives exactly while
 * the job is waiting, delayed or active, so a finished key can run again. Connections are opened
 * on first use and closed by close(): BullMQ does not close the ones it is given.
 *
 * Schedules are BullMQ job schedulers, kept in Redis by id: whichever process upserts one, there
 * is one next run per schedule, and it outlives the processes (a worker started later runs it).
 */
export class BullMqQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  /** Names this process's heartbeat. */
  readonly workerId = uuidv7();
  private commands: Redis | undefined;
  /** Why the command connection is down, while it is (cleared when it is ready again). */
  private commandsDown: string | null = null;
  private workerConnection: Redis | undefined;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers = new Map<QueueName, Worker>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Errors our processor threw: the 'failed' event of those was already dealt with. */
  private readonly thrownByHandler = new WeakSet<Error>();
  private readonly reports = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly config: QueueConfig,
    private readonly logger: Logger,
    private readonly options: BullMqDriverOptions = {},
  ) {}

  async enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions): Promise<{ jobId: string }> {
    validateEnqueueOptions(options);
    const { key, delayMs } = options;
    const data = job.payload.parse(payload);
    if (this.closing) throw new Error('the queue is closed');
    const added = await this.reach('queue a job', () =>
      this.queue(job.queue).add(job.name, data, {
        ...this.jobOptions(),
        // Our own ids: sortable like every id of the project, and unique across queues.
        jobId: uuidv7(),
        deduplication: { id: key },
        ...(delayMs ? { delay: delayMs } : {}),
      }),
    );
    // When the key is taken, BullMQ answers the id of the job that holds it and stores nothing.
    return { jobId: added.id! };
  }

  async schedule<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: ScheduleOptions): Promise<void> {
    validateSchedule(options);
    const data = job.payload.parse(payload);
    if (this.closing) throw new Error('the queue is closed');
    const { id, everyMs, immediately = false } = options;
    // With `every` and nothing else BullMQ plans the first run now (it ignores `immediately` with
    // `every`, and warns about it): a start date one interval away makes the first run wait. Both
    // only apply when the scheduler is created or its interval changes; upserting it again with the
    // same interval keeps its next run time, which is what makes many processes share one schedule.
    const repeat = immediately ? { every: everyMs } : { every: everyMs, startDate: Date.now() + everyMs };
    await this.reach('schedule a job', async () => {
      await this.queue(job.queue).upsertJobScheduler(id, repeat, { name: job.name, data, opts: this.jobOptions() });
      // An id names one schedule whatever its queue: the job may have moved to another one.
      await Promise.all(QUEUE_NAMES.filter((q) => q !== job.queue).map((q) => this.queue(q).removeJobScheduler(id)));
    });
  }

  async unschedule(id: string): Promise<void> {
    validateScheduleId(id);
    if (this.closing) throw new Error('the queue is closed');
    // Removes the scheduler and its next run; a run already due or started still happens once.
    await this.reach('remove a schedule', () => Promise.all(QUEUE_NAMES.map((q) => this.queue(q).removeJobScheduler(id))));
  }

  /**
   * A command for a request: fails at once while the connection is known to be down (ioredis
   * would keep it in its offline queue), and after commandTimeoutMs otherwise, always as a
   * QueueUnavailableError. A command that times out may still reach Redis later: the keys of
   * our jobs make that harmless.
   */
  private async reach<T>(what: string, run: () => Promise<T>): Promise<T> {
    this.commandConnection();
    if (this.commandsDown) throw new QueueUnavailableError(`could not ${what}: Redis is unreachable (${this.commandsDown})`);
    const ms = this.options.commandTimeoutMs ?? 2000;
    try {
      return await withTimeout(run(), ms, `Redis did not answer within ${ms} ms`);
    } catch (error) {
      throw new QueueUnavailableError(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  async startWorker(jobs: readonly JobDefinition[], options: WorkerOptions): Promise<void> {
    if (this.closing) throw new Error('the queue is closed');
    const concurrency = workerConcurrency(options, this.config);
    const routes = routeJobs(jobs, (q) => this.workers.has(q));
    // Workers need `maxRetriesPerRequest: null`: their blocking commands wait for Redis to come back.
    // BullMQ 6 only duplicates this client (and closes the duplicates), so it never connects itself.
    this.workerConnection ??= this.connect('worker', { maxRetriesPerRequest: null, lazyConnect: true });
    for (const [queue, byName] of routes) {
      const worker = new Worker(queue, (job) => this.process(byName, job, options.onFinalFailure), {
        connection: this.workerConnection,
        prefix: this.config.QUEUE_PREFIX,
        concurrency,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.options.maxStalledCount ?? 1,
      });
      worker.on('error', (err) => this.logger.error({ err, queue }, 'queue worker error'));
      worker.on('failed', (job, err) => this.failedOutsideHandler(byName, job, err, options.onFinalFailure));
      this.workers.set(queue, worker);
    }
    await Promise.all([...this.workers.values()].map((w) => w.waitUntilReady()));
    if (!this.heartbeat) {
      await this.beat();
      this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatIntervalMs ?? 5000);
      // The Redis connections keep a worker process alive, not this timer.
      this.heartbeat.unref();
    }
    this.logger.info({ workerId: this.workerId, queues: [...routes.keys()], concurrency }, 'queue worker started');
  }

  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const inFlight = await Promise.all(QUEUE_NAMES.map((name) => this.inFlight(this.queue(name))));
      if (inFlight.every((n) => n === 0)) return;
      if (Date.now() >= deadline) throw new Error(`the queue is still busy after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /**
   * Jobs waiting, delayed or running, except the next planned run of each job scheduler: that one
   * always exists while its scheduler does, and would keep idle() waiting forever. A scheduled run
   * that is due, running, or delayed for a retry (another job id than the next planned run) counts.
   */
  private async inFlight(queue: Queue): Promise<number> {
    const counts = await queue.getJobCounts(...JOB_STATES_IN_FLIGHT);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (!counts.delayed) return total;
    const schedulers = await queue.getJobSchedulers();
    // A scheduler's next run is the job `repeat:<id>:<next run time>`.
    const states = await Promise.all(schedulers.map((s) => queue.getJobState(`repeat:${s.key}:${s.next}`)));
    return total - states.filter((state) => state === 'delayed').length;
  }

  /** Attempts, backoff and retention of every job, enqueued or scheduled. */
  private jobOptions(): JobSchedulerTemplateOptions {
    return {
      attempts: this.config.JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.JOB_BACKOFF_DELAY_MS },
      removeOnComplete: { count: this.config.JOB_REMOVE_ON_COMPLETE },
      removeOnFail: { count: this.config.JOB_REMOVE_ON_FAIL },
    };
  }

  health(): Promise<QueueHealth> {
    return queueHealth(this.commandConnection(), this.config.QUEUE_PREFIX);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    // Worker.close() stops fetching and waits for the active jobs.
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    await Promise.all(this.reports);
    if (this.heartbeat) {
      await this.commands!.del(heartbeatKey(this.config.QUEUE_PREFIX, this.workerId)).catch((err: unknown) => {
        this.logger.warn({ err }, 'could not remove the worker heartbeat; it expires by itself');
      });
    }
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    // Everything is awaited by now: nothing is left in flight on these connections.
    this.workerConnection?.disconnect();
    this.commands?.disconnect();
  }

  private connect(role: string, options: RedisOptions): Redis {
    const redis = new Redis(this.config.REDIS_URL, options);
    // One line per distinct error, not one per reconnection attempt.
    let last = '';
    redis.on('error', (err: Error) => {
      if (err.message === last) return;
      last = err.message;
      this.logger.error({ err, role }, 'redis connection error');
    });
    redis.on('ready', () => {
      last = '';
    });
    return redis;
  }

  /** Enqueues, heartbeats and health checks: fails fast when Redis is down, so the API can answer an error. */
  private commandConnection(): Redis {
    if (!this.commands) {
      const commands = this.connect('commands', { maxRetriesPerRequest: 1 });
      commands.on('error', (err: Error) => (this.commandsDown = err.message || 'connection error'));
      commands.on('ready', () => (this.commandsDown = null));
      this.commands = commands;
    }
    return this.commands;
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Without skipWaitingForReady, BullMQ waits for the connection however long Redis is down,
      // and an enqueue would hang the API request instead of failing.
      queue = new Queue(name, { connection: this.commandConnection(), prefix: this.config.QUEUE_PREFIX, skipWaitingForReady: true });
      queue.on('error', (err) => this.logger.error({ err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async beat(): Promise<void> {
    const value = JSON.stringify({ pid: process.pid, host: hostname(), queues: [...this.workers.keys()], at: new Date().toISOString() });
    try {
      await this.commandConnection().set(
        heartbeatKey(this.config.QUEUE_PREFIX, this.workerId),
        value,
        'PX',
        this.options.heartbeatTtlMs ?? 15_000,
      );
    } catch (err) {
      this.logger.warn({ err }, 'worker heartbeat not written');
    }
  }

  private async process(byName: Map<string, JobDefinition>, job: Job, onFinalFailure: FinalFailureHook): Promise<void> {
    const definition = byName.get(job.name);
    if (!definition) {
      const error = new UnrecoverableError(`no handler for job "${job.name}" in this worker`);
      this.logger.error({ job: job.name, jobId: job.id, err: error }, 'job failed for good');
      this.thrownByHandler.add(error);
      throw error;
    }
    const outcome = await runAttempt({
      definition,
      data: job.data,
      jobId: job.id!,
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      logger: this.logger,
      onFinalFailure,
    });
    if (outcome.ok) return;
    let error = outcome.error;
    if (outcome.final) {
      // The hook has run: make sure BullMQ does not retry what we called final (PermanentJobError).
      error = new UnrecoverableError(outcome.error.message);
      error.stack = outcome.error.stack;
    }
    this.thrownByHandler.add(error);
    throw error;
  }

  /**
   * BullMQ can fail a job without running our processor, e.g. "job stalled more than allowable
   * limit" after its workers kept dying during it. The app must hear about that one too.
   */
  private failedOutsideHandler(
    byName: Map<string, JobDefinition>,
    job: Job | undefined,
    err: Error,
    onFinalFailure: FinalFailureHook,
  ): void {
    if (!job || this.thrownByHandler.has(err)) return;
    const definition = byName.get(job.name);
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!definition || !final) return;
    const log = this.logger.child({ job: job.name, queue: definition.queue, jobId: job.id });
    log.error({ err, attempts: job.attemptsMade }, 'job failed for good outside its handler');
    const report = reportFinalFailure(onFinalFailure, definition, parsedOrRaw(definition, job.data), err, job.attemptsMade, log).finally(
      () => this.reports.delete(report),
    );
    this.reports.add(report);
  }
}
