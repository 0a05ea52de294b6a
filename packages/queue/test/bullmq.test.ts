import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Redis as RedisClient } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BullMqQueue, createQueue, defineJob, heartbeatKey, queueHealth, QueueUnavailableError, type JobQueue } from '../src/index.ts';
import { queueContract } from './queue-contract.ts';
import { connectRedis, deleteKeys, memoryLogger, testConfig, uniquePrefix, waitFor } from './support.ts';

const PREFIX = uniquePrefix('bullmq');
let redis: RedisClient;
let tests = 0;

beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  await deleteKeys(redis, PREFIX);
  redis.disconnect();
});

/** Each queue on a prefix of its own under the file's prefix: a test never sees another's jobs. */
function bullmqQueue(logger = memoryLogger().logger, env: Record<string, string> = {}): { queue: JobQueue; prefix: string } {
  const prefix = `${PREFIX}.${(tests += 1)}`;
  return { queue: createQueue(testConfig({ ENABLE_QUEUE: 'true', QUEUE_PREFIX: prefix, ...env }), logger), prefix };
}

queueContract('BullMQ', { create: (logger) => bullmqQueue(logger).queue });

describe('BullMQ driver', () => {
  const payload = z.object({ messageId: z.string() });

  it('writes a heartbeat that queueHealth counts, and removes it on close', async () => {
    const { queue, prefix } = bullmqQueue(undefined, { JOB_REMOVE_ON_COMPLETE: '0' });
    expect(queue).toBeInstanceOf(BullMqQueue);
    expect(await queueHealth(redis, prefix)).toEqual({ redis: 'ok', workers: 0 });
    const job = defineJob({ name: 'test.noop', queue: 'ai', payload, handler: () => undefined });
    await queue.startWorker([job], { onFinalFailure: () => undefined });
    expect(await queueHealth(redis, prefix)).toEqual({ redis: 'ok', workers: 1 });
    expect(await queue.health()).toEqual({ redis: 'ok', workers: 1 });
    const ttl = await redis.pttl(heartbeatKey(prefix, (queue as BullMqQueue).workerId));
    expect(ttl).toBeGreaterThan(10_000);
    expect(ttl).toBeLessThanOrEqual(15_000);
    // JOB_REMOVE_ON_COMPLETE=0 keeps no finished job.
    const { jobId } = await queue.enqueue(job, { messageId: 'm' }, { key: 'k' });
    await queue.idle();
    expect(await redis.exists(`${prefix}:ai:${jobId}`)).toBe(0);
    await queue.close();
    expect(await queueHealth(redis, prefix)).toEqual({ redis: 'ok', workers: 0 });
  });

  it('keeps the heartbeat fresh while the worker lives and lets a dead one expire', async () => {
    const prefix = `${PREFIX}.hb`;
    const queue = new BullMqQueue(testConfig({ QUEUE_PREFIX: prefix }), memoryLogger().logger, {
      heartbeatTtlMs: 150,
      heartbeatIntervalMs: 50,
    });
    const job = defineJob({ name: 'test.noop', queue: 'ai', payload, handler: () => undefined });
    await queue.startWorker([job], { onFinalFailure: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await queueHealth(redis, prefix)).toEqual({ redis: 'ok', workers: 1 });
    // A worker killed without close() stops refreshing its key.
    await redis.set(heartbeatKey(prefix, 'dead-worker'), '{}', 'PX', 100);
    expect((await queueHealth(redis, prefix)).workers).toBe(2);
    await waitFor(async () => (await queueHealth(redis, prefix)).workers === 1, 2000, 'the dead heartbeat to expire');
    await queue.close();
  });

  it('reports Redis down without waiting or throwing', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    expect(await queueHealth(down, 'x')).toEqual({ redis: 'down', workers: 0 });
    down.disconnect();
    // A server that accepts the connection and never answers.
    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const hanging = new Redis({ port: (silent.address() as AddressInfo).port, host: '127.0.0.1', lazyConnect: true });
    const started = Date.now();
    expect(await queueHealth(hanging, 'x', 100)).toEqual({ redis: 'down', workers: 0 });
    expect(Date.now() - started).toBeLessThan(1000);
    hanging.disconnect();
    silent.close();
  });

  it('fails fast when Redis is down, so the API can answer an error instead of hanging', async () => {
    const { logger, lines } = memoryLogger();
    const queue = createQueue(
      testConfig({ ENABLE_QUEUE: 'true', QUEUE_PREFIX: `${PREFIX}.down`, REDIS_URL: 'redis://127.0.0.1:1' }),
      logger,
    );
    const job = defineJob({ name: 'test.unreachable', queue: 'ai', payload, handler: () => undefined });
    const started = Date.now();
    await expect(queue.enqueue(job, { messageId: 'm' }, { key: 'k' })).rejects.toThrow(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
    // Known down now: the next ones fail at once, schedules too, with the same error the hosts map to 503.
    await expect(queue.enqueue(job, { messageId: 'm' }, { key: 'k2' })).rejects.toMatchObject({
      name: 'QueueUnavailableError',
      code: 'QUEUE_UNAVAILABLE',
    });
    await expect(queue.schedule(job, { messageId: 'm' }, { id: 's', everyMs: 60_000 })).rejects.toThrow(QueueUnavailableError);
    expect(await queue.health()).toEqual({ redis: 'down', workers: 0 });
    // One log line per distinct connection error, not one per reconnection attempt.
    const errors = lines.filter((l) => l.msg === 'redis connection error');
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((l) => (l.err as { message: string }).message)).size).toBe(errors.length);
    await queue.close();
  });

  it('gives up on a Redis that accepts the connection and never answers, instead of hanging the caller', async () => {
    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const url = `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const queue = new BullMqQueue(
      testConfig({ ENABLE_QUEUE: 'true', QUEUE_PREFIX: `${PREFIX}.silent`, REDIS_URL: url }),
      memoryLogger().logger,
      { commandTimeoutMs: 200 },
    );
    const job = defineJob({ name: 'test.silent', queue: 'ai', payload, handler: () => undefined });
    await expect(queue.enqueue(job, { messageId: 'm' }, { key: 'k' })).rejects.toThrow(QueueUnavailableError);
    await queue.close();
    silent.close();
  });

  it('fails for good, without retrying, a job whose stored payload no longer matches its schema', async () => {
    const { logger, lines } = memoryLogger();
    const { queue, prefix } = bullmqQueue(logger);
    const ran: unknown[] = [];
    const failures: { payload: unknown; message: string; attempts: number }[] = [];
    const job = defineJob({ name: 'test.schema', queue: 'ai', payload, handler: (p) => void ran.push(p) });
    await queue.startWorker([job], {
      onFinalFailure: (_j, p, e, attempts) => void failures.push({ payload: p, message: e.message, attempts }),
    });
    // As if written by an older release with another payload shape, and a job no release knows.
    const raw = new Queue('ai', { connection: redis, prefix });
    const old = await raw.add('test.schema', { message_id: 7 }, { jobId: 'old-shape', attempts: 3 });
    const unknown = await raw.add('test.unknown', {}, { jobId: 'unknown-name', attempts: 3 });
    await queue.idle();
    expect(ran).toEqual([]);
    expect(failures).toEqual([
      { payload: { message_id: 7 }, message: expect.stringMatching(/payload no longer valid for job test.schema/), attempts: 1 },
    ]);
    expect(await raw.getJobState(old.id!)).toBe('failed');
    expect(await raw.getJobState(unknown.id!)).toBe('failed');
    expect((await raw.getJob(unknown.id!))!.attemptsMade).toBe(1);
    expect(lines.find((l) => l.jobId === 'unknown-name')).toMatchObject({ msg: 'job failed for good', job: 'test.unknown' });
    await raw.close();
    await queue.close();
  });

  it('gives one run per interval for a schedule that two worker processes schedule', async () => {
    const prefix = `${PREFIX}.shared`;
    const runs: string[] = [];
    const job = defineJob({ name: 'test.shared', queue: 'ai', payload, handler: ({ messageId }) => void runs.push(messageId) });
    // Two instances on one prefix: what two `pnpm worker` processes are to each other.
    const processes = [0, 1].map(() => createQueue(testConfig({ ENABLE_QUEUE: 'true', QUEUE_PREFIX: prefix }), memoryLogger().logger));
    for (const queue of processes) {
      await queue.startWorker([job], { onFinalFailure: () => undefined });
      await queue.schedule(job, { messageId: 'sync' }, { id: 'integration-sync:box', everyMs: 100 });
    }
    await waitFor(() => runs.length >= 1, 10_000, 'the first scheduled run');
    // 1000 ms at 100 ms is ~10 runs; one schedule per process would make ~20.
    const before = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const counted = runs.length - before;
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(counted).toBeLessThanOrEqual(14);
    const raw = new Queue('ai', { connection: redis, prefix });
    expect(await raw.getJobSchedulersCount()).toBe(1);
    await processes[1]!.unschedule('integration-sync:box');
    expect(await raw.getJobSchedulersCount()).toBe(0);
    await raw.close();
    await Promise.all(processes.map((q) => q.idle(5000)));
    await Promise.all(processes.map((q) => q.close()));
  });

  it('idle() still waits for a scheduled run that waits for its retry', async () => {
    const { logger, lines } = memoryLogger();
    const { queue } = bullmqQueue(logger, { JOB_BACKOFF_DELAY_MS: '60000' });
    const job = defineJob({ name: 'test.retrying', queue: 'ai', payload, handler: () => Promise.reject(new Error('mailbox down')) });
    await queue.startWorker([job], { onFinalFailure: () => undefined });
    await queue.schedule(job, { messageId: 'm' }, { id: 'retrying', everyMs: 60_000, immediately: true });
    await waitFor(() => lines.some((l) => l.msg === 'job failed, will retry'), 10_000, 'the first failure');
    await expect(queue.idle(100)).rejects.toThrow(/still busy/);
    await queue.unschedule('retrying');
    await expect(queue.idle(100)).rejects.toThrow(/still busy/);
    await queue.close();
  });

  it('idle() gives up after its timeout', async () => {
    const { queue } = bullmqQueue();
    const job = defineJob({ name: 'test.nobody', queue: 'ai', payload, handler: () => undefined });
    await queue.enqueue(job, { messageId: 'm' }, { key: 'k' });
    await expect(queue.idle(50)).rejects.toThrow(/still busy after 50 ms/);
    await queue.close();
  });
});
