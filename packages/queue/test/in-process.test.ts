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
    const queue = createQueue(testConfig({ ENABLE_QUEUE: 'false', BULLMQ_BACKOFF_DELAY_MS: '60000' }), logger);
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
