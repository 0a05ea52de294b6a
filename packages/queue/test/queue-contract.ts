import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PermanentJobError, defineJob, type FinalFailureHook, type JobQueue } from '../src/index.ts';
import { gate, memoryLogger, waitFor, type LogLine } from './support.ts';

export interface QueueHarness {
  /** A fresh queue on its own prefix (BullMQ) with JOB_ATTEMPTS=3 and a 20 ms backoff. */
  create(logger: ReturnType<typeof memoryLogger>['logger']): JobQueue;
}

interface FinalFailure {
  job: string;
  payload: unknown;
  error: Error;
  attempts: number;
}

const messagePayload = z.object({ messageId: z.string().min(1), force: z.boolean().default(false) });

/** The behaviour both drivers must show, registered for one of them. */
export function queueContract(name: string, harness: QueueHarness): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    let lines: LogLine[];
    let finalFailures: FinalFailure[];
    const onFinalFailure: FinalFailureHook = (job, payload, error, attempts) =>
      void finalFailures.push({ job: job.name, payload, error, attempts });

    const setup = () => {
      const log = memoryLogger();
      lines = log.lines;
      finalFailures = [];
      queue = harness.create(log.logger);
      return queue;
    };
    afterEach(async () => {
      await queue?.close();
    });

    it('runs the handler once with the parsed payload, logging start and end with the job id', async () => {
      setup();
      const runs: { payload: unknown; jobId: string; attempt: number }[] = [];
      const triage = defineJob({
        name: 'test.triage',
        queue: 'ai',
        payload: messagePayload,
        handler: (payload, ctx) => {
          runs.push({ payload, jobId: ctx.jobId, attempt: ctx.attempt });
          ctx.log.info('working');
        },
      });
      await queue.startWorker([triage], { onFinalFailure });
      const { jobId } = await queue.enqueue(triage, { messageId: 'm1' }, { key: 'triage-message:m1' });
      await queue.idle();
      expect(runs).toEqual([{ payload: { messageId: 'm1', force: false }, jobId, attempt: 1 }]);
      const ofJob = lines.filter((l) => l.jobId === jobId).map((l) => l.msg);
      expect(ofJob).toEqual(['job started', 'working', 'job finished']);
      expect(finalFailures).toEqual([]);
    });

    it('queues the same key once while it is waiting or running', async () => {
      setup();
      const runs: string[] = [];
      const held = gate();
      const job = defineJob({
        name: 'test.held',
        queue: 'ai',
        payload: messagePayload,
        handler: async ({ messageId }) => {
          runs.push(messageId);
          await held.wait;
        },
      });
      await queue.startWorker([job], { onFinalFailure, concurrency: 1 });
      const first = await queue.enqueue(job, { messageId: 'a' }, { key: 'triage-message:a' });
      await waitFor(() => runs.length === 1, 5000, 'the first job to start');
      // a is running; b waits behind it (concurrency 1).
      const b1 = await queue.enqueue(job, { messageId: 'b' }, { key: 'triage-message:b' });
      const b2 = await queue.enqueue(job, { messageId: 'b' }, { key: 'triage-message:b' });
      const again = await queue.enqueue(job, { messageId: 'a' }, { key: 'triage-message:a' });
      expect(b2.jobId).toBe(b1.jobId);
      expect(again.jobId).toBe(first.jobId);
      expect(b1.jobId).not.toBe(first.jobId);
      held.open();
      await queue.idle();
      expect(runs).toEqual(['a', 'b']);
    });

    it('runs a finished key again (a person reruns the AI)', async () => {
      setup();
      const runs: string[] = [];
      const job = defineJob({
        name: 'test.rerun',
        queue: 'ai',
        payload: messagePayload,
        handler: ({ messageId }) => void runs.push(messageId),
      });
      await queue.startWorker([job], { onFinalFailure });
      const first = await queue.enqueue(job, { messageId: 'm' }, { key: 'triage-message:m' });
      await queue.idle();
      const second = await queue.enqueue(job, { messageId: 'm' }, { key: 'triage-message:m' });
      await queue.idle();
      expect(second.jobId).not.toBe(first.jobId);
      expect(runs).toEqual(['m', 'm']);
    });

    it('refuses an invalid payload or key and queues nothing', async () => {
      setup();
      const runs: unknown[] = [];
      const job = defineJob({ name: 'test.invalid', queue: 'ai', payload: messagePayload, handler: (p) => void runs.push(p) });
      await queue.startWorker([job], { onFinalFailure });
      await expect(queue.enqueue(job, { messageId: 42 } as never, { key: 'k' })).rejects.toBeInstanceOf(z.ZodError);
      await expect(queue.enqueue(job, { messageId: '' }, { key: 'k' })).rejects.toBeInstanceOf(z.ZodError);
      await expect(queue.enqueue(job, { messageId: 'ok' }, { key: '' })).rejects.toThrow(/key/);
      await queue.idle();
      expect(runs).toEqual([]);
    });

    it('retries a failing handler with growing delays, then calls onFinalFailure once with the error', async () => {
      setup();
      const startedAt: number[] = [];
      const job = defineJob({
        name: 'test.failing',
        queue: 'ai',
        payload: messagePayload,
        handler: (_p, ctx) => {
          startedAt.push(performance.now());
          throw new Error(`AI provider unavailable (attempt ${ctx.attempt})`);
        },
      });
      await queue.startWorker([job], { onFinalFailure });
      const { jobId } = await queue.enqueue(job, { messageId: 'x' }, { key: 'triage-message:x' });
      await queue.idle();
      await sleep(100); // nothing more happens afterwards
      expect(startedAt).toHaveLength(3);
      const gaps = [startedAt[1]! - startedAt[0]!, startedAt[2]! - startedAt[1]!];
      // 20 ms then 40 ms (BullMQ's exponential backoff), whatever the overhead on top.
      expect(gaps[0]).toBeGreaterThanOrEqual(19);
      expect(gaps[1]).toBeGreaterThanOrEqual(39);
      expect(finalFailures).toHaveLength(1);
      expect(finalFailures[0]).toMatchObject({ job: 'test.failing', payload: { messageId: 'x', force: false }, attempts: 3 });
      expect(finalFailures[0]!.error.message).toBe('AI provider unavailable (attempt 3)');
      const levels = lines.filter((l) => l.jobId === jobId && l.msg.startsWith('job failed')).map((l) => [l.attempt, l.msg]);
      expect(levels).toEqual([
        [1, 'job failed, will retry'],
        [2, 'job failed, will retry'],
        [3, 'job failed for good'],
      ]);
    });

    it('stops retrying once the handler succeeds', async () => {
      setup();
      const attempts: number[] = [];
      const job = defineJob({
        name: 'test.flaky',
        queue: 'ai',
        payload: messagePayload,
        handler: (_p, ctx) => {
          attempts.push(ctx.attempt);
          if (ctx.attempt === 1) throw 'timeout'; // not even an Error
        },
      });
      await queue.startWorker([job], { onFinalFailure });
      await queue.enqueue(job, { messageId: 'f' }, { key: 'triage-message:f' });
      await queue.idle();
      expect(attempts).toEqual([1, 2]);
      expect(finalFailures).toEqual([]);
    });

    it('skips the remaining attempts on a PermanentJobError', async () => {
      setup();
      let runs = 0;
      const job = defineJob({
        name: 'test.gone',
        queue: 'ai',
        payload: messagePayload,
        handler: () => {
          runs += 1;
          throw new PermanentJobError('message deleted');
        },
      });
      await queue.startWorker([job], { onFinalFailure });
      await queue.enqueue(job, { messageId: 'g' }, { key: 'triage-message:g' });
      await queue.idle();
      expect(runs).toBe(1);
      expect(finalFailures).toHaveLength(1);
      expect(finalFailures[0]).toMatchObject({ attempts: 1, error: { message: 'message deleted' } });
    });

    it('logs a final-failure hook that throws instead of losing it', async () => {
      setup();
      const job = defineJob({
        name: 'test.hookfails',
        queue: 'ai',
        payload: messagePayload,
        handler: () => Promise.reject(new PermanentJobError('bad')),
      });
      await queue.startWorker([job], {
        onFinalFailure: () => {
          throw new Error('database locked');
        },
      });
      const { jobId } = await queue.enqueue(job, { messageId: 'h' }, { key: 'k' });
      await queue.idle();
      expect(lines.find((l) => l.jobId === jobId && l.msg.startsWith('onFinalFailure threw'))).toMatchObject({ jobError: 'bad' });
    });

    it('runs at most `concurrency` jobs at once', async () => {
      setup();
      let running = 0;
      let most = 0;
      let done = 0;
      const job = defineJob({
        name: 'test.slow',
        queue: 'ai',
        payload: messagePayload,
        handler: async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(40);
          running -= 1;
          done += 1;
        },
      });
      await queue.startWorker([job], { onFinalFailure, concurrency: 2 });
      for (let i = 0; i < 6; i += 1) await queue.enqueue(job, { messageId: `c${i}` }, { key: `triage-message:c${i}` });
      await queue.idle();
      expect(done).toBe(6);
      expect(most).toBe(2);
    });

    it('close() waits for the running job and then refuses work', async () => {
      setup();
      let started = false;
      let finished = false;
      const job = defineJob({
        name: 'test.closing',
        queue: 'ai',
        payload: messagePayload,
        handler: async () => {
          started = true;
          await sleep(300);
          finished = true;
        },
      });
      await queue.startWorker([job], { onFinalFailure });
      await queue.enqueue(job, { messageId: 'z' }, { key: 'triage-message:z' });
      await waitFor(() => started, 5000, 'the job to start');
      await queue.close();
      expect(finished).toBe(true);
      expect(finalFailures).toEqual([]);
      expect((await queue.health()).workers).toBe(0);
      await expect(queue.enqueue(job, { messageId: 'y' }, { key: 'y' })).rejects.toThrow(/closed/);
      await expect(queue.startWorker([job], { onFinalFailure })).rejects.toThrow(/closed/);
    });

    it('refuses a queue started twice, a job listed twice and a bad concurrency', async () => {
      setup();
      const a = defineJob({ name: 'test.a', queue: 'ai', payload: messagePayload, handler: () => undefined });
      const b = defineJob({ name: 'test.b', queue: 'ai', payload: messagePayload, handler: () => undefined });
      await expect(queue.startWorker([a, a], { onFinalFailure })).rejects.toThrow(/listed twice/);
      await expect(queue.startWorker([a], { onFinalFailure, concurrency: 0 })).rejects.toThrow(/concurrency/);
      await queue.startWorker([a], { onFinalFailure });
      await expect(queue.startWorker([b], { onFinalFailure })).rejects.toThrow(/already has a worker/);
      expect(() => defineJob({ name: 'not a name', queue: 'ai', payload: messagePayload, handler: () => undefined })).toThrow(/job name/);
    });

    it('holds a job back for delayMs, keeps its key meanwhile, and idle() waits for it', async () => {
      setup();
      const runs: string[] = [];
      const job = defineJob({
        name: 'test.delayed',
        queue: 'ai',
        payload: messagePayload,
        handler: ({ messageId }) => void runs.push(messageId),
      });
      await queue.startWorker([job], { onFinalFailure });
      const later = await queue.enqueue(job, { messageId: 'later' }, { key: 'sync-retry:box', delayMs: 300 });
      const again = await queue.enqueue(job, { messageId: 'later' }, { key: 'sync-retry:box' });
      expect(again.jobId).toBe(later.jobId);
      await queue.enqueue(job, { messageId: 'now' }, { key: 'now', delayMs: 0 });
      await queue.idle(10_000);
      // The undelayed job, queued after it, ran first.
      expect(runs).toEqual(['now', 'later']);
    });

    it('refuses a delay that is not a whole number of milliseconds a timer can wait', async () => {
      setup();
      const job = defineJob({ name: 'test.bad-delay', queue: 'ai', payload: messagePayload, handler: () => undefined });
      await queue.startWorker([job], { onFinalFailure });
      for (const delayMs of [-1, 1.5, 2 ** 31, Number.NaN]) {
        await expect(queue.enqueue(job, { messageId: 'm' }, { key: 'k', delayMs })).rejects.toThrow(/delayMs/);
      }
      await queue.idle();
    });

    it('consumes the ai and ingest queues from one startWorker, each job on its own queue', async () => {
      setup();
      const runs: string[] = [];
      const ai = defineJob({
        name: 'test.on-ai',
        queue: 'ai',
        payload: messagePayload,
        handler: ({ messageId }) => void runs.push(`ai:${messageId}`),
      });
      const ingest = defineJob({
        name: 'test.on-ingest',
        queue: 'ingest',
        payload: messagePayload,
        handler: ({ messageId }) => void runs.push(`ingest:${messageId}`),
      });
      await queue.startWorker([ai, ingest], { onFinalFailure });
      // The same key on two queues names two pieces of work.
      await queue.enqueue(ingest, { messageId: 'mail' }, { key: 'same-key' });
      await queue.enqueue(ai, { messageId: 'triage' }, { key: 'same-key' });
      await queue.idle();
      expect(runs.sort()).toEqual(['ai:triage', 'ingest:mail']);
      await queue.schedule(ingest, { messageId: 'sync' }, { id: 'integration-sync:box', everyMs: 60_000, immediately: true });
      await waitFor(() => runs.includes('ingest:sync'), 10_000, 'the scheduled ingest run');
      await queue.unschedule('integration-sync:box');
      await queue.idle(5000);
    });

    describe('schedules', () => {
      /** A job that records the payload of each run. */
      const recorder = (name: string, runs: string[]) =>
        defineJob({ name, queue: 'ai', payload: messagePayload, handler: ({ messageId }) => void runs.push(messageId) });

      it('runs a schedule every interval, lets idle() resolve meanwhile, and stops after unschedule', async () => {
        setup();
        const runs: string[] = [];
        const job = recorder('test.every', runs);
        await queue.startWorker([job], { onFinalFailure });
        await queue.schedule(job, { messageId: 'pass' }, { id: 'recovery-pass', everyMs: 100 });
        await waitFor(() => runs.length >= 3, 10_000, 'three scheduled runs');
        // The next planned run does not keep idle() waiting.
        await queue.idle(5000);
        await queue.unschedule('recovery-pass');
        await queue.idle(5000);
        const done = runs.length;
        await sleep(400);
        expect(runs).toHaveLength(done);
        expect(new Set(runs)).toEqual(new Set(['pass']));
        expect(finalFailures).toEqual([]);
        await queue.unschedule('never-scheduled');
      });

      it('replaces a schedule scheduled again under the same id: new interval and payload, no extra runs', async () => {
        setup();
        const runs: string[] = [];
        const job = recorder('test.replaced', runs);
        await queue.startWorker([job], { onFinalFailure });
        await queue.schedule(job, { messageId: 'old' }, { id: 'sync:mailbox-1', everyMs: 60_000 });
        await queue.schedule(job, { messageId: 'new' }, { id: 'sync:mailbox-1', everyMs: 100 });
        await queue.schedule(job, { messageId: 'new' }, { id: 'sync:mailbox-1', everyMs: 100 });
        await waitFor(() => runs.includes('new'), 10_000, 'a run with the new payload');
        // Scheduled again as processes do at start: still one schedule. 800 ms at 100 ms is ~8 runs; two schedules would make ~16.
        await queue.schedule(job, { messageId: 'new' }, { id: 'sync:mailbox-1', everyMs: 100 });
        const before = runs.length;
        await sleep(800);
        const counted = runs.length - before;
        await queue.unschedule('sync:mailbox-1');
        await queue.idle(5000);
        expect(counted).toBeGreaterThanOrEqual(2);
        expect(counted).toBeLessThanOrEqual(12);
        expect(runs.filter((r) => r !== 'new')).toEqual([]);
      });

      it('runs at once with `immediately`, and only once a worker consumes the queue', async () => {
        setup();
        const runs: string[] = [];
        const job = recorder('test.immediately', runs);
        await queue.schedule(job, { messageId: 'first' }, { id: 'immediate', everyMs: 60_000, immediately: true });
        await sleep(100);
        expect(runs).toEqual([]);
        await queue.startWorker([job], { onFinalFailure });
        // An hour-long interval: only `immediately` can explain a run.
        await waitFor(() => runs.length === 1, 10_000, 'the immediate run');
        await queue.idle(5000);
        expect(runs).toEqual(['first']);
        await queue.unschedule('immediate');
      });

      it('retries a scheduled run and hands its last failure to onFinalFailure', async () => {
        setup();
        const attempts: number[] = [];
        const job = defineJob({
          name: 'test.scheduled-failing',
          queue: 'ai',
          payload: messagePayload,
          handler: (_p, ctx) => {
            attempts.push(ctx.attempt);
            throw new Error(`mailbox unreachable (attempt ${ctx.attempt})`);
          },
        });
        await queue.startWorker([job], { onFinalFailure });
        await queue.schedule(job, { messageId: 'box' }, { id: 'failing', everyMs: 60_000, immediately: true });
        await waitFor(() => finalFailures.length === 1, 10_000, 'the final failure');
        await queue.idle(5000);
        expect(attempts).toEqual([1, 2, 3]);
        expect(finalFailures[0]).toMatchObject({ job: 'test.scheduled-failing', payload: { messageId: 'box', force: false }, attempts: 3 });
        expect(finalFailures[0]!.error.message).toBe('mailbox unreachable (attempt 3)');
        await queue.unschedule('failing');
      });

      it('refuses an invalid payload, id or interval', async () => {
        setup();
        const job = recorder('test.invalid-schedule', []);
        await expect(queue.schedule(job, { messageId: '' }, { id: 's', everyMs: 1000 })).rejects.toBeInstanceOf(z.ZodError);
        await expect(queue.schedule(job, { messageId: 'm' }, { id: '', everyMs: 1000 })).rejects.toThrow(/schedule id/);
        await expect(queue.schedule(job, { messageId: 'm' }, { id: 'x'.repeat(201), everyMs: 1000 })).rejects.toThrow(/schedule id/);
        for (const everyMs of [0, 1.5, 2 ** 31, Number.NaN]) {
          await expect(queue.schedule(job, { messageId: 'm' }, { id: 's', everyMs })).rejects.toThrow(/everyMs/);
        }
        await expect(queue.unschedule('')).rejects.toThrow(/schedule id/);
      });

      it('close() stops the runs of this process and refuses schedules', async () => {
        setup();
        const runs: string[] = [];
        const job = recorder('test.closed-schedule', runs);
        await queue.startWorker([job], { onFinalFailure });
        await queue.schedule(job, { messageId: 'tick' }, { id: 'closing', everyMs: 100, immediately: true });
        await waitFor(() => runs.length >= 2, 10_000, 'two scheduled runs');
        await queue.close();
        const done = runs.length;
        await sleep(300);
        expect(runs).toHaveLength(done);
        await expect(queue.schedule(job, { messageId: 'tick' }, { id: 'closing', everyMs: 100 })).rejects.toThrow(/closed/);
        await expect(queue.unschedule('closing')).rejects.toThrow(/closed/);
      });
    });
  });
}
