import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createQueue, defineJob, InProcessQueue } from '../src/index.ts';
import { queueContract } from './queue-contract.ts';
import { gate, memoryLogger, testConfig, waitFor } from './support.ts';

const config = testConfig({ ENABLE_QUEUE: 'false' });

queueContract('in-process', { create: (logger) => createQueue(config, logger) });

describe('in-process driver', () => {
  const payload = z.object({ fileId: z.string() });

  it('is what createQueue gives without ENABLE_QUEUE, and needs no Redis', async () => {
    const queue = createQueue(config, memoryLogger().logger);
    expect(queue).toBeInstanceOf(InProcessQueue);
    expect(await queue.health()).toEqual({ redis: 'unused', workers: 0 });
    const job = defineJob({ name: 'test.noop', queue: 'ai', payload, handler: () => undefined });
    await queue.startWorker([job], { onFinalFailure: () => undefined });
    expect(await queue.health()).toEqual({ redis: 'unused', workers: 1 });
    await queue.close();
  });

  it('refuses a job no worker of this process runs, so QUEUED always means the work will be done', async () => {
    const queue = createQueue(config, memoryLogger().logger);
    const job = defineJob({ name: 'test.orphan', queue: 'ai', payload, handler: () => undefined });
    await expect(queue.enqueue(job, { fileId: 'f1' }, { key: 'classify-file:f1' })).rejects.toThrow(/no worker runs job "test.orphan"/);
    await queue.close();
  });

  it('hands the jobs close() cannot run any more to onFinalFailure', async () => {
    const { logger } = memoryLogger();
    const queue = createQueue(testConfig({ ENABLE_QUEUE: 'false', JOB_BACKOFF_DELAY_MS: '60000' }), logger);
    const held = gate();
    const seen: string[] = [];
    const job = defineJob({
      name: 'test.interrupted',
      queue: 'ai',
      payload,
      handler: async ({ fileId }) => {
        seen.push(fileId);
        if (fileId === 'retrying') throw new Error('provider down');
        if (fileId === 'running') await held.wait;
        if (fileId === 'running-fails') {
          await held.wait;
          throw new Error('cut short');
        }
      },
    });
    const failures: { payload: unknown; message: string; attempts: number }[] = [];
    await queue.startWorker([job], {
      concurrency: 2,
      onFinalFailure: (_job, p, error, attempts) => void failures.push({ payload: p, message: error.message, attempts }),
    });
    // 'retrying' fails once and waits a minute for its retry; 'running' and 'running-fails' hold both slots; 'waiting' waits.
    await queue.enqueue(job, { fileId: 'retrying' }, { key: 'r' });
    await waitFor(() => seen.includes('retrying'));
    await queue.enqueue(job, { fileId: 'running' }, { key: 'a' });
    await queue.enqueue(job, { fileId: 'running-fails' }, { key: 'b' });
    await queue.enqueue(job, { fileId: 'waiting' }, { key: 'w' });
    await waitFor(() => seen.length === 3);
    const closed = queue.close();
    held.open();
    await closed;
    expect(seen).toEqual(['retrying', 'running', 'running-fails']);
    expect(failures.sort((x, y) => JSON.stringify(x.payload).localeCompare(JSON.stringify(y.payload)))).toEqual([
      { payload: { fileId: 'retrying' }, message: expect.stringMatching(/process stopped before this job could run/), attempts: 1 },
      { payload: { fileId: 'running-fails' }, message: 'cut short', attempts: 1 },
      { payload: { fileId: 'waiting' }, message: expect.stringMatching(/process stopped before this job could run/), attempts: 0 },
    ]);
  });

  it('skips the ticks that come while the previous run of a schedule is unfinished', async () => {
    const { logger, lines } = memoryLogger();
    const queue = createQueue(config, logger);
    const held = gate();
    const runs: string[] = [];
    const job = defineJob({
      name: 'test.long-pass',
      queue: 'ai',
      payload,
      handler: async ({ fileId }) => {
        runs.push(fileId);
        if (runs.length === 1) await held.wait;
      },
    });
    await queue.startWorker([job], { onFinalFailure: () => undefined, concurrency: 4 });
    await queue.schedule(job, { fileId: 'pass' }, { id: 'pass', everyMs: 30 });
    await waitFor(() => lines.filter((l) => l.msg.startsWith('scheduled run skipped')).length >= 3, 5000, 'skipped ticks');
    expect(runs).toEqual(['pass']);
    held.open();
    await waitFor(() => runs.length >= 2, 5000, 'the next run');
    await queue.close();
  });

  it('close() drops the scheduled runs it cannot finish without calling onFinalFailure, and its timers never hold the process', async () => {
    const { logger, lines } = memoryLogger();
    const queue = createQueue(testConfig({ ENABLE_QUEUE: 'false', JOB_BACKOFF_DELAY_MS: '60000' }), logger);
    const held = gate();
    const seen: string[] = [];
    const job = defineJob({
      name: 'test.scheduled-close',
      queue: 'ai',
      payload,
      handler: async ({ fileId }) => {
        seen.push(fileId);
        if (fileId === 'fails') throw new Error('mailbox down');
        if (fileId === 'holds') await held.wait;
      },
    });
    const failures: string[] = [];
    await queue.startWorker([job], { concurrency: 1, onFinalFailure: (_job, _p, error) => void failures.push(error.message) });
    // 'fails' waits a minute for its retry; 'holds' takes the only slot; 'waits' waits for it.
    await queue.schedule(job, { fileId: 'fails' }, { id: 'fails', everyMs: 60_000, immediately: true });
    await waitFor(() => seen.includes('fails'));
    await queue.enqueue(job, { fileId: 'holds' }, { key: 'holds' });
    await queue.schedule(job, { fileId: 'waits' }, { id: 'waits', everyMs: 60_000, immediately: true });
    const timers = (queue as unknown as { schedules: Map<string, { timer: NodeJS.Timeout }> }).schedules;
    expect([...timers.values()].map((s) => s.timer.hasRef())).toEqual([false, false]);
    const closed = queue.close();
    held.open();
    await closed;
    expect(seen).toEqual(['fails', 'holds']);
    expect(failures).toEqual([]);
    expect(lines.filter((l) => l.msg === 'scheduled run dropped by close()').map((l) => l.attempts)).toEqual(
      expect.arrayContaining([1, 0]),
    );
    expect(timers.size).toBe(0);
  });

  it('idle() gives up after its timeout', async () => {
    const queue = createQueue(config, memoryLogger().logger);
    const held = gate();
    const job = defineJob({ name: 'test.busy', queue: 'ai', payload, handler: () => held.wait });
    await queue.startWorker([job], { onFinalFailure: () => undefined });
    await queue.enqueue(job, { fileId: 'f' }, { key: 'f' });
    await expect(queue.idle(30)).rejects.toThrow(/still busy after 30 ms/);
    held.open();
    await queue.close();
  });
});
