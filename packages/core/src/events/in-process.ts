import type { DomainEvent } from '@monimmo/contract';
import type { Logger } from 'pino';
import type { Events } from './port.ts';
import { deliver, stamp } from './stamp.ts';

/** The embedded driver: one process, listeners called synchronously on publish. */
export function createInProcessEvents(logger?: Logger): Events {
  const listeners = new Set<(event: DomainEvent) => void>();
  const onError = (err: unknown) => logger?.error({ err }, 'an event listener failed');
  return {
    driver: 'in-process',
    publish(event) {
      const stamped = stamp(event);
      deliver([...listeners], stamped, onError);
      return stamped;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async ready() {},
    async close() {
      listeners.clear();
    },
  };
}
