import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  backoffDelay,
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
} from './jobs.ts';
import { parsedOrRaw, reportFinalFailure, runAttempt, withTimeout } from './run.ts';

interface Pool {
  concurrency: number;
  running: number;
  waiting: Pending[];
  onFinalFailure: FinalFailureHook;
}

/** A job between enqueue and its end: waiting, running, or waiting for its retry timer. */
interface Pending {
  id: string;
  slot: string;
  definition: JobDefinition;
  data: unknown;
  attempt: number;
  pool: Pool;
  running: boolean;
  retryTimer?: NodeJS.Timeout;
  /** A run of a schedule: close() drops it instead of reporting it, its schedule runs it again. */
  scheduled: boolean;
}

interface Schedule {
  id: string;
  definition: JobDefinition;
  data: unknown;
  everyMs: number;
  timer: NodeJS.Timeout;
  /** A tick came while no worker here ran the job: it runs once one starts (what BullMQ's waiting job does). */
  owed: boolean;
}

type Route = { definition: JobDefinition; pool: Pool };

/**
 * The embedded default (ENABLE_QUEUE=false): jobs run in this process, with the same handlers,
 * attempts, exponential backoff, key de-duplication and final-failure hook as BullMQ. Nothing
 * survives the process, so enqueue refuses a job no worker here runs (a QUEUED answer must lead
 * to the work), and close() hands the jobs it cannot run any more to the final-failure hook.
 *
 * A schedule is an unref'd interval timer (it never keeps the process alive) whose ticks enqueue
 * a run under a key of their own: a tick that finds the previous run still waiting, running or
 * retrying is skipped, so runs of one schedule never overlap.
 */
export class InProcessQueue implements JobQueue {
  readonly driver = 'in-process' as const;
  private readonly pools = new Map<QueueName, Pool>();
  private readonly routes = new Map<string, Route>();
  private readonly schedules = new Map<string, Schedule>();
  /** By queue and key: what makes a second enqueue of the same work answer the same job. */
  private readonly pending = new Map<string, Pending>();
  private readonly idleWaiters = new Set<() => void>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly config: QueueConfig,
    private readonly logger: Logger,
  ) {}

  async enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions): Promise<{ jobId: string }> {
    validateEnqueueOptions(options);
    const { key, delayMs = 0 } = options;
    // The JSON trip gives handlers what BullMQ would give them (no Dates, no shared objects).
    const data: unknown = JSON.parse(JSON.stringify(job.payload.parse(payload)));
    if (this.closing) throw new Error('the queue is closed');
    const route = this.routes.get(job.name);
    if (!route)
      throw new Error(
        `no worker runs job "${job.name}": the in-process queue runs jobs in this process, so call startWorker() with it first`,
      );
    const slot = `${job.queue}\u0000${key}`;
    const existing = this.pending.get(slot);
    if (existing) return { jobId: existing.id };
    return { jobId: this.add(slot, route, data, false, delayMs).id };
  }

  async schedule<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options: ScheduleOptions): Promise<void> {
    validateSchedule(options);
    const data: unknown = JSON.parse(JSON.stringify(job.payload.parse(payload)));
    if (this.closing) throw new Error('the queue is closed');
    const { id, everyMs, immediately = false } = options;
    const existing = this.schedules.get(id);
    if (existing?.everyMs === everyMs) {
      // Like BullMQ: the same interval keeps its rhythm (and `immediately` does not apply), the next runs get the new payload.
      existing.definition = job;
      existing.data = data;
      return;
    }
    clearInterval(existing?.timer);
    const schedule: Schedule = { id, definition: job, data, everyMs, owed: false, timer: setInterval(() => this.tick(schedule), everyMs) };
    schedule.timer.unref();
    this.schedules.set(id, schedule);
    if (immediately) this.tick(schedule);
  }

  async unschedule(id: string): Promise<void> {
    validateScheduleId(id);
    if (this.closing) throw new Error('the queue is closed');
    clearInterval(this.schedules.get(id)?.timer);
    this.schedules.delete(id);
  }

  private tick(schedule: Schedule): void {
    const route = this.routes.get(schedule.definition.name);
    schedule.owed = !route;
    if (!route) return;
    // Not a key an enqueue can produce: those start with a queue name.
    const slot = `\u0001schedule\u0000${schedule.id}`;
    const previous = this.pending.get(slot);
    if (previous) {
      this.logger.debug(
        { schedule: schedule.id, job: schedule.definition.name, jobId: previous.id },
        'scheduled run skipped: the previous one is not finished',
      );
      return;
    }
    this.add(slot, route, schedule.data, true);
  }

  private add(slot: string, route: Route, data: unknown, scheduled: boolean, delayMs = 0): Pending {
    const pending: Pending = {
      id: uuidv7(),
      slot,
      definition: route.definition,
      data,
      attempt: 1,
      pool: route.pool,
      running: false,
      scheduled,
    };
    this.pending.set(slot, pending);
    if (delayMs > 0) {
      // Like a retry's delay: pending (its key held, idle() waits), then waiting once the timer fires.
      pending.retryTimer = setTimeout(() => {
        pending.retryTimer = undefined;
        this.release(pending);
      }, delayMs);
    } else this.release(pending);
    return pending;
  }

  private release(p: Pending): void {
    p.pool.waiting.push(p);
    this.pump(p.pool);
  }

  async startWorker(jobs: readonly JobDefinition[], options: WorkerOptions): Promise<void> {
    if (this.closing) throw new Error('the queue is closed');
    const concurrency = workerConcurrency(options, this.config);
    for (const [queue, byName] of routeJobs(jobs, (q) => this.pools.has(q))) {
      const pool: Pool = { concurrency, running: 0, waiting: [], onFinalFailure: options.onFinalFailure };
      this.pools.set(queue, pool);
      for (const definition of byName.values()) this.routes.set(definition.name, { definition, pool });
    }
    for (const schedule of this.schedules.values()) if (schedule.owed) this.tick(schedule);
  }

  idle(timeoutMs = 30_000): Promise<void> {
    return withTimeout(this.whenEmpty(), timeoutMs, `the queue is still busy after ${timeoutMs} ms`);
  }

  private whenEmpty(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  async health(): Promise<QueueHealth> {
    return { redis: 'unused', workers: this.pools.size > 0 && !this.closing ? 1 : 0 };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const schedule of this.schedules.values()) clearInterval(schedule.timer);
    this.schedules.clear();
    const notStarted = [...this.pending.values()].filter((p) => !p.running);
    for (const pool of this.pools.values()) pool.waiting.length = 0;
    const interrupted = notStarted.map(async (p) => {
      clearTimeout(p.retryTimer);
      await this.interrupt(
        p,
        new Error('the process stopped before this job could run (in-process queue, nothing is kept across a restart)'),
        p.attempt - 1,
      );
    });
    await Promise.all([...interrupted, this.whenEmpty()]);
  }

  /** A job that will never run again here: the app hears about it like any final failure (a scheduled run is just dropped). */
  private async interrupt(p: Pending, error: Error, attempts: number): Promise<void> {
    const log = this.logger.child({ job: p.definition.name, queue: p.definition.queue, jobId: p.id });
    if (p.scheduled) {
      // Not lost: the next process schedules it again, and its next tick does the work.
      log.warn({ err: error, attempts }, 'scheduled run dropped by close()');
    } else {
      log.error({ err: error, attempts }, 'job dropped by close()');
      await reportFinalFailure(p.pool.onFinalFailure, p.definition, parsedOrRaw(p.definition, p.data), error, attempts, log);
    }
    this.finish(p);
  }

  private pump(pool: Pool): void {
    while (!this.closing && pool.running < pool.concurrency) {
      const next = pool.waiting.shift();
      if (!next) return;
      pool.running += 1;
      next.running = true;
      void this.execute(next);
    }
  }

  private async execute(p: Pending): Promise<void> {
    const outcome = await runAttempt({
      definition: p.definition,
      data: p.data,
      jobId: p.id,
      attempt: p.attempt,
      attempts: this.config.JOB_ATTEMPTS,
      logger: this.logger,
      onFinalFailure: p.pool.onFinalFailure,
    });
    p.running = false;
    p.pool.running -= 1;
    if (outcome.ok || outcome.final) this.finish(p);
    else if (this.closing) await this.interrupt(p, outcome.error, p.attempt);
    else {
      const delay = backoffDelay(this.config.JOB_BACKOFF_DELAY_MS, p.attempt);
      // Counted now, so a job interrupted during its delay reports the attempts it made.
      p.attempt += 1;
      p.retryTimer = setTimeout(() => {
        p.retryTimer = undefined;
        this.release(p);
      }, delay);
    }
    this.pump(p.pool);
  }

  private finish(p: Pending): void {
    this.pending.delete(p.slot);
    if (this.pending.size > 0) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }
}
