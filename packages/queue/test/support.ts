import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '@monimmo/config';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A prefix of our own per test file and run, so parallel files and runs never share a key. */
export function uniquePrefix(label: string): string {
  return `t-queue-${label}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The configuration a host would load, with a tiny backoff so retries take milliseconds. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ REDIS_URL, JOB_ATTEMPTS: '3', JOB_BACKOFF_DELAY_MS: '20', ...env });
}

/**
 * A Redis client for assertions. Redis is required: a missing one fails the run (CI treats it as
 * a broken environment, never as a reason to skip).
 */
export async function connectRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`these tests need Redis at ${REDIS_URL} (set REDIS_URL or start redis-server)`, { cause: error });
  }
  return redis;
}

/** Removes every key a test wrote under its prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export interface LogLine {
  level: number;
  msg: string;
  jobId?: string;
  attempt?: number;
  [field: string]: unknown;
}

/** A real pino logger whose lines the test can read. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise the test opens when it wants: holds a handler in the middle of its job. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
