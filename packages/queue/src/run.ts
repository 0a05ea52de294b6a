import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { z } from 'zod';
import { PermanentJobError, type FinalFailureHook, type JobDefinition } from './jobs.ts';

export interface Attempt {
  definition: JobDefinition;
  /** The payload as stored (JSON), parsed again here so the handler gets the schema's output. */
  data: unknown;
  jobId: string;
  attempt: number;
  attempts: number;
  logger: Logger;
  onFinalFailure: FinalFailureHook;
}

export type AttemptOutcome = { ok: true } | { ok: false; error: Error; final: boolean };

export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}

/** The payload the handler would get, or the raw data when it no longer matches the schema. */
export function parsedOrRaw(definition: JobDefinition, data: unknown): unknown {
  const parsed = definition.payload.safeParse(data);
  return parsed.success ? parsed.data : data;
}

/**
 * One try of one job, the same for both drivers: logs its start and end with the job id, and
 * after the last attempt hands the error to the app's hook. The driver decides what "retry" means
 * (a BullMQ delayed job, or a timer).
 */
export async function runAttempt(run: Attempt): Promise<AttemptOutcome> {
  const { definition, jobId, attempt, attempts } = run;
  const log = run.logger.child({ job: definition.name, queue: definition.queue, jobId, attempt });
  const startedAt = performance.now();
  const durationMs = () => Math.round(performance.now() - startedAt);
  log.info('job started');
  let payload: unknown = run.data;
  try {
    const parsed = definition.payload.safeParse(run.data);
    // Only possible when the schema changed between enqueue and run (a deploy): retrying cannot help.
    if (!parsed.success)
      throw new PermanentJobError(`payload no longer valid for job ${definition.name}: ${z.prettifyError(parsed.error)}`);
    payload = parsed.data;
    await definition.handler(parsed.data, { jobId, attempt, log });
    log.info({ durationMs: durationMs() }, 'job finished');
    return { ok: true };
  } catch (thrown) {
    const error = toError(thrown);
    const final = attempt >= attempts || error instanceof PermanentJobError;
    if (!final) {
      log.warn({ err: error, durationMs: durationMs(), attempts }, 'job failed, will retry');
      return { ok: false, error, final };
    }
    log.error({ err: error, durationMs: durationMs(), attempts: attempt }, 'job failed for good');
    await reportFinalFailure(run.onFinalFailure, definition, payload, error, attempt, log);
    return { ok: false, error, final };
  }
}

/** Calls the app's hook; if the hook itself fails, says so loudly, since the item then reaches no one. */
export async function reportFinalFailure(
  hook: FinalFailureHook,
  definition: JobDefinition,
  payload: unknown,
  error: Error,
  attempts: number,
  log: Logger,
): Promise<void> {
  try {
    await hook(definition, payload, error, attempts);
  } catch (hookError) {
    log.error({ err: toError(hookError), jobError: error.message }, 'onFinalFailure threw: the failed item may not be marked for review');
  }
}

/** Rejects with `message` when `promise` takes longer than `ms`; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
