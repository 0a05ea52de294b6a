// A worker process as apps/worker will run one, for the crash tests: started with
// `node --import tsx`, killed with SIGKILL, or stopped with SIGTERM (graceful close).
import { loadConfig } from '@monimmo/config';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createQueue } from '../src/index.ts';
import { effectJob, finalFailuresKey } from './fixtures.ts';

const config = loadConfig(process.env);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const queue = createQueue(config, pino({ level: 'warn' }, pino.destination(2)), {
  lockDurationMs: Number(process.env.TEST_LOCK_DURATION_MS),
  stalledIntervalMs: Number(process.env.TEST_STALLED_INTERVAL_MS),
  maxStalledCount: Number(process.env.TEST_MAX_STALLED_COUNT),
});
await queue.startWorker([effectJob(redis, config.QUEUE_PREFIX)], {
  onFinalFailure: async (_job, payload, error, attempts) => {
    await redis.rpush(finalFailuresKey(config.QUEUE_PREFIX), JSON.stringify({ payload, error: error.message, attempts }));
  },
});
process.once('SIGTERM', () => {
  // No process.exit: the process must end by itself once every connection is closed.
  void queue.close().then(() => redis.quit());
});
process.stdout.write('ready\n');
