import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@monimmo/contract';
import type { NewEvent } from './port.ts';

/** An event as it travels: a unique id (what SSE clients resume from) and when it was published. */
export const stamp = (event: NewEvent): DomainEvent => ({ ...event, id: randomUUID(), at: new Date().toISOString() });

/** Calls each listener; one that throws does not stop the others. */
export function deliver(listeners: Iterable<(event: DomainEvent) => void>, event: DomainEvent, onError: (err: unknown) => void): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (err) {
      onError(err);
    }
  }
}
