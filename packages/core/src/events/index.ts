import type { Config } from '@monimmo/config';
import type { Logger } from 'pino';
import { createInProcessEvents } from './in-process.ts';
import type { Events } from './port.ts';
import { createRedisEvents } from './redis.ts';

export type { Events, NewEvent } from './port.ts';
export { createInProcessEvents } from './in-process.ts';
export { createRedisEvents, eventsChannel } from './redis.ts';
export { createEventStream, type EventStream } from './recent.ts';
export { publishAfterCommit, withEvents } from './after-commit.ts';

/** Redis pub/sub when jobs run in workers (ENABLE_QUEUE), so their events reach the API; else in-process. */
export function createEvents(config: Pick<Config, 'ENABLE_QUEUE' | 'REDIS_URL' | 'QUEUE_PREFIX'>, logger: Logger): Events {
  return config.ENABLE_QUEUE
    ? createRedisEvents({ url: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger })
    : createInProcessEvents(logger);
}
