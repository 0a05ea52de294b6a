// What the queue benchmarks share (bench/triage-throughput.mjs, issue 5, and
// bench/vocal-pipeline-throughput.mjs, issue 6): Redis access with every key of a run under one
// prefix (removed at the end), the BullMQ no-op baseline and its worker process, and small helpers
// around the app's worker process (waiting for its heartbeat, copying the seeded database).
//
// The no-op baseline: a worker process of its own (`node bench/queue-common.mjs noop-worker`, one
// BullMQ `Worker` with the app's worker options) whose handler does nothing, or, with `stages` > 1,
// only adds the item's next job (as a pipeline stage queues the next one: one `add` with the app's
// job options and a de-duplication key); the bench process adds each item's first job with one
// `addBulk`. Timed from just before the addBulk to the worker's `completed` event of the last
// item's last job (the worker reports its clock over IPC).
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const fromQueue = createRequire(new URL('packages/queue/package.json', root));
const { Queue, Worker } = fromQueue('bullmq');
const { Redis } = fromQueue('ioredis');
const { v7: uuidv7 } = fromQueue('uuid');

const SELF = fileURLToPath(import.meta.url);
const NOOP_QUEUE = 'noop';
// The app's job options with its default configuration (packages/queue/src/bullmq.ts, packages/config).
export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};
// The app's worker options (BullMqQueue.startWorker's defaults).
export const WORKER_OPTIONS = { lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 1 };

/** Wall-clock milliseconds, sub-millisecond, comparable between processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { uuidv7 };

/** `--cpu-prof` arguments for a child when the host profiles (BENCH_CPU_PROF), else none. */
export const profArgs = (host, name) =>
  host.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${host.cpuProf}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

/**
 * A run's Redis: one connection (opened on first use, failing fast when Redis is away), the
 * server's CPU time, and the removal of every key under `prefix` — the BullMQ keys and worker
 * heartbeats of every round. `prefix` is unique per run: letters, digits, dots and dashes, as
 * QUEUE_PREFIX wants.
 */
export function benchRedis(redisUrl, name) {
  const prefix = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let redis;
  const connection = () => (redis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1 }));

  async function cpuSeconds() {
    const info = await connection().info('cpu');
    const field = (key) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return field('used_cpu_user') + field('used_cpu_sys');
  }

  async function removeKeys() {
    if (!redis) return;
    try {
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}.*`, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
      redis = undefined;
    }
  }
  let cleaning;
  /** Once, however often called; after the workers stopped (none writes a heartbeat again). */
  const cleanUp = () => (cleaning ??= removeKeys());
  return { url: redisUrl, prefix, connection, cpuSeconds, cleanUp };
}

/**
 * The no-op baseline, one round: a fresh worker process under `queuePrefix`, a warm-up batch of
 * `warmup` items, then `count` items timed. Each item is `stages` jobs run one after the other
 * (the worker adds the next when one runs); `payload()` makes an item's data. `dedupe` gives
 * each job a de-duplication key, as the app's `enqueue` does. Answers the rate in items per
 * second and the CPU of the worker and of Redis over the timed batch.
 */
export async function measureNoop(host, redis, { queuePrefix, concurrency, warmup, count, stages = 1, dedupe = false, payload, profName }) {
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, NOOP_CONCURRENCY: String(concurrency), NOOP_STAGES: String(stages) };
  const child = host.spawnChild(SELF, { env, args: ['noop-worker'], ipc: true, nodeArgs: profArgs(host, profName) });
  const queue = new Queue(NOOP_QUEUE, { connection: redis.connection(), prefix: queuePrefix });
  try {
    await fromChild(child, 'ready');
    const batch = (n) =>
      Array.from({ length: n }, () => {
        const item = uuidv7();
        const data = stages > 1 ? { ...payload(), item, stage: 1 } : payload();
        const opts = { jobId: uuidv7(), ...JOB_OPTIONS, ...(dedupe ? { deduplication: { id: `noop-1:${item}` } } : {}) };
        return { name: stages > 1 ? 'noop-1' : 'noop', data, opts };
      });
    const run = async (jobs) => {
      child.send({ expect: jobs.length });
      await fromChild(child, 'ack');
      const done = fromChild(child, 'done', 120_000);
      const started = now();
      await queue.addBulk(jobs);
      const added = now();
      return { started, added, ended: (await done).done };
    };
    await run(batch(warmup));
    const jobs = batch(count);
    const cpu = host.cpuSeconds(child.pid);
    const redisCpu = await redis.cpuSeconds();
    const { started, added, ended } = await run(jobs);
    const seconds = (ended - started) / 1000;
    return {
      items: count,
      jobs: count * stages,
      seconds,
      rate: count / seconds,
      workerCpu: host.cpuSeconds(child.pid) - cpu,
      redisCpu: (await redis.cpuSeconds()) - redisCpu,
      addMs: added - started,
    };
  } finally {
    await queue.close();
    await host.stop(child);
  }
}

/** Resolves with the first IPC message of the child that has `key`; rejects if it exits first. */
export function fromChild(child, key, timeoutMs = 20_000) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "${key}" from the no-op worker within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m) => m && key in m && finish(null, m);
    const onExit = (code) => finish(new Error(`the no-op worker exited (${code}) before "${key}"`));
    function finish(error, value) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise(value);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Waits until the API's /health counts a worker process (its heartbeat in Redis). */
export async function waitForWorker(base, worker) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    const health = await fetch(`${base}/health`).then((r) => r.json());
    if (health.checks?.queue?.workers >= 1) return;
    await sleep(100);
  }
  throw new Error('the worker did not show up in /health within 20 s');
}

/** A copy of a seeded SQLite file for one round (its WAL too, if the file has one). */
export function copyDb(from, to) {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * `list` through `lanes` concurrent loops: each takes the next item and awaits `send(item)`
 * (which throws on a bad answer). Answers each call's latency in ms.
 */
export async function inLanes(list, lanes, send) {
  const latencies = [];
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const item = list[next++];
      const sent = performance.now();
      await send(item);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, list.length) }, lane));
  return latencies;
}

// ---- The no-op worker process ---------------------------------------------------------------

/**
 * One BullMQ worker whose handler does nothing but, below the last of NOOP_STAGES, add the item's
 * next job; says over IPC when it has completed `expect` items (their last job).
 */
async function noopWorker() {
  const stages = Number(process.env.NOOP_STAGES ?? 1);
  const prefix = process.env.QUEUE_PREFIX;
  const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  // The app's worker adds the next stage through its command connection, not the worker's.
  const commands = stages > 1 ? new Redis(process.env.REDIS_URL) : null;
  const queue = commands ? new Queue(NOOP_QUEUE, { connection: commands, prefix }) : null;
  const handler =
    stages > 1
      ? async (job) => {
          const stage = job.data.stage;
          if (stage >= stages) return;
          const next = stage + 1;
          await queue.add(
            `noop-${next}`,
            { ...job.data, stage: next },
            { ...JOB_OPTIONS, jobId: uuidv7(), deduplication: { id: `noop-${next}:${job.data.item}` } },
          );
        }
      : async () => {};
  const worker = new Worker(NOOP_QUEUE, handler, {
    connection,
    prefix,
    concurrency: Number(process.env.NOOP_CONCURRENCY),
    ...WORKER_OPTIONS,
  });
  let expected = Infinity;
  let completed = 0;
  worker.on('completed', (job) => {
    if ((job.data.stage ?? 1) < stages) return;
    if (++completed === expected) process.send({ done: now() });
  });
  worker.on('error', (err) => console.error('no-op worker:', err));
  process.on('message', (m) => {
    if (m.expect) {
      [expected, completed] = [m.expect, 0];
      process.send({ ack: true });
    }
  });
  const stop = async () => {
    await worker.close();
    await queue?.close();
    connection.disconnect();
    commands?.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The bench process is gone: nothing more to do.
  process.once('disconnect', stop);
  await worker.waitUntilReady();
  process.send({ ready: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href && process.argv[2] === 'noop-worker')
  await noopWorker();

/**
 * Polls `count()` (items still being processed) until it reaches 0; answers the time it saw that.
 * Fails when the worker exits, or when nothing leaves the pipeline for 30 s.
 */
export async function untilNoneLeft(count, worker, what) {
  let last = Infinity;
  let progressAt = Date.now();
  for (;;) {
    const open = await count();
    if (open === 0) return now();
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}, ${open} ${what} still in progress`);
    if (open < last) [last, progressAt] = [open, Date.now()];
    else if (Date.now() - progressAt > 30_000) throw new Error(`none of the ${open} ${what} in progress moved for 30 s`);
    await sleep(10);
  }
}
