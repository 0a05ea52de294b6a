import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../src/index.ts';
import { effectJob, effectKeys, finalFailuresKey } from './fixtures.ts';
import { connectRedis, deleteKeys, memoryLogger, REDIS_URL, testConfig, uniquePrefix, waitFor } from './support.ts';

// Short locks so a killed worker's job comes back in ~3 s instead of ~60 s. STACK-NOTES measured
// 4 s / 2 s; half of that still gives these idle children 2 s of event-loop block before a live
// worker would lose its lock, and keeps the file to a few seconds.
const LOCK_DURATION_MS = 2000;
const STALLED_INTERVAL_MS = 1000;

const PREFIX = uniquePrefix('crash');
let redis: Redis;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await deleteKeys(redis, PREFIX);
  redis.disconnect();
});

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** A real worker process (`node --import tsx`), resolved once it consumes the queue. */
async function startWorkerProcess(prefix: string, maxStalledCount: number): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./worker-child.ts', import.meta.url))], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      REDIS_URL,
      ENABLE_QUEUE: 'true',
      QUEUE_PREFIX: prefix,
      TEST_LOCK_DURATION_MS: String(LOCK_DURATION_MS),
      TEST_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      TEST_MAX_STALLED_COUNT: String(maxStalledCount),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = once(child, 'exit').then(([code]) => {
    children.delete(child);
    return code as number | null;
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker process exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, exited };
}

/**
 * Two worker processes consume the queue; the one that starts the job is killed with SIGKILL
 * during it, and the test waits until the queue has nothing left in flight.
 */
async function killDuringJob(label: string, maxStalledCount: number) {
  const prefix = `${PREFIX}.${label}`;
  const producer = createQueue(testConfig({ ENABLE_QUEUE: 'true', QUEUE_PREFIX: prefix }), memoryLogger().logger);
  const keys = effectKeys(prefix, 'msg');
  const job = effectJob(redis, prefix);
  const workers = await Promise.all([startWorkerProcess(prefix, maxStalledCount), startWorkerProcess(prefix, maxStalledCount)]);
  const { jobId } = await producer.enqueue(job, { id: 'msg', holdMs: 300 }, { key: 'triage-message:msg' });
  await waitFor(async () => (await redis.llen(keys.starts)) === 1, 10_000, 'a worker to start the job');
  const victimPid = Number(await redis.lindex(keys.starts, 0));
  const victim = workers.find((w) => w.child.pid === victimPid)!;
  const survivor = workers.find((w) => w !== victim)!;
  victim.child.kill('SIGKILL');
  expect(await victim.exited).toBe(null);
  // While the job sits with a dead worker, enqueueing the same work still answers the same job.
  expect((await producer.enqueue(job, { id: 'msg', holdMs: 300 }, { key: 'triage-message:msg' })).jobId).toBe(jobId);
  await producer.idle(20_000);
  const queue = new Queue('ai', { connection: redis, prefix });
  const outcome = {
    starts: (await redis.lrange(keys.starts, 0, -1)).map(Number),
    effects: Number(await redis.get(keys.effects)),
    state: await queue.getJobState(jobId),
    finalFailures: (await redis.lrange(finalFailuresKey(prefix), 0, -1)).map((s) => JSON.parse(s) as unknown),
    victimPid,
    survivorPid: survivor.child.pid!,
  };
  await queue.close();
  // SIGTERM: the survivor closes its queue and connections and its process ends by itself.
  survivor.child.kill('SIGTERM');
  expect(await survivor.exited).toBe(0);
  await producer.close();
  return outcome;
}

// The two scenarios wait on lock expiry, not on the CPU: run them side by side.
describe.concurrent('BullMQ worker processes', () => {
  it('complete a job exactly once when the worker running it is killed with SIGKILL', async () => {
    const outcome = await killDuringJob('once', 1);
    expect(outcome.starts).toEqual([outcome.victimPid, outcome.survivorPid]); // the handler ran again elsewhere…
    expect(outcome.effects).toBe(1); // …and its effect happened once
    expect(outcome.state).toBe('completed');
    expect(outcome.finalFailures).toEqual([]);
  });

  it('hand a job that crashed more workers than allowed to onFinalFailure', async () => {
    // maxStalledCount 0: the first crash is one too many, BullMQ fails the job without running it again.
    const outcome = await killDuringJob('limit', 0);
    expect(outcome.starts).toEqual([outcome.victimPid]);
    expect(outcome.effects).toBe(0);
    expect(outcome.state).toBe('failed');
    expect(outcome.finalFailures).toEqual([
      { payload: { id: 'msg', holdMs: 300 }, error: 'job stalled more than allowable limit', attempts: 1 },
    ]);
  });
});
