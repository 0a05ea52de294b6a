import { randomUUID } from 'node:crypto';
import { domainEventSchema, type DomainEvent } from '@monimmo/contract';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Events } from './port.ts';
import { deliver, stamp } from './stamp.ts';

const envelope = z.object({ origin: z.string(), event: domainEventSchema });

/** The Redis channel of a deployment's events (under its queue prefix, like every key). */
export const eventsChannel = (prefix: string) => `${prefix}:events`;

/**
 * Redis pub/sub, for deployments with workers: an event a worker publishes reaches the API
 * process holding the browser's stream. Local listeners hear their own process's events at once
 * (and while Redis is down); other processes' come through the channel.
 */
export function createRedisEvents({ url, prefix, logger }: { url: string; prefix: string; logger: Logger }): Events {
  const origin = randomUUID();
  const channel = eventsChannel(prefix);
  const listeners = new Set<(event: DomainEvent) => void>();
  const onError = (err: unknown) => logger.error({ err }, 'an event listener failed');
  const connect = (role: string) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
    let last = '';
    redis.on('error', (err: Error) => {
      if (err.message === last) return;
      last = err.message;
      logger.error({ err, role }, 'redis connection error (events)');
    });
    redis.on('ready', () => (last = ''));
    return redis;
  };
  const publisher = connect('events-publish');
  const subscriber = connect('events-subscribe');
  const subscribed = subscriber
    .subscribe(channel)
    .catch((err: unknown) => logger.error({ err }, 'could not subscribe to the events channel'));
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let parsed: z.infer<typeof envelope>;
    try {
      parsed = envelope.parse(JSON.parse(text));
    } catch (err) {
      return logger.warn({ err }, 'an unreadable message on the events channel was ignored');
    }
    if (parsed.origin !== origin) deliver([...listeners], parsed.event, onError);
  });

  return {
    driver: 'redis',
    publish(event) {
      const stamped = stamp(event);
      deliver([...listeners], stamped, onError);
      // A notification: if Redis is down it is lost, and the clients' next refetch makes it good.
      publisher.publish(channel, JSON.stringify({ origin, event: stamped })).catch((err: unknown) => {
        logger.warn({ err, type: event.type }, 'an event could not be sent to the other processes');
      });
      return stamped;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await subscribed;
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
    ready: () => subscribed.then(() => undefined),
  };
}
