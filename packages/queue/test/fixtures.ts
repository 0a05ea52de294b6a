import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob } from '../src/index.ts';

/** Applies the effect once per job id, atomically, however many times the handler runs. */
const APPLY_ONCE = `if redis.call('SET', KEYS[1], '1', 'NX') then return redis.call('INCR', KEYS[2]) end return 0`;

/** Where the effect job leaves its traces, for the test to read. */
export const effectKeys = (prefix: string, id: string) => ({
  /** The pid of the process of each start, in order. */
  starts: `${prefix}:test:starts:${id}`,
  effects: `${prefix}:test:effects:${id}`,
});

/** The worker child's onFinalFailure appends here. */
export const finalFailuresKey = (prefix: string) => `${prefix}:test:final-failures`;

/**
 * A job written the way the architecture asks (a second run changes nothing): it records each
 * start with its process id, holds for a while (the window in which the test kills its worker), then applies its
 * effect guarded by a job-scoped key.
 */
export function effectJob(redis: Redis, prefix: string) {
  return defineJob({
    name: 'test.effect',
    queue: 'ai',
    payload: z.object({ id: z.string(), holdMs: z.number().int().min(0) }),
    handler: async ({ id, holdMs }, ctx) => {
      const keys = effectKeys(prefix, id);
      await redis.rpush(keys.starts, String(process.pid));
      await sleep(holdMs);
      await redis.eval(APPLY_ONCE, 2, `${prefix}:test:applied:${ctx.jobId}`, keys.effects);
    },
  });
}
