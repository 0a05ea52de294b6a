import { afterCommit, type Database, type Tx } from '@monimmo/db';
import type { Events, NewEvent } from './port.ts';

const publishers = new WeakMap<Tx, Events>();

/**
 * The database whose transactions know where their events go: services and jobs publish with
 * `publishAfterCommit(tx, …)` wherever they hold a transaction, without an events dependency
 * threaded through every helper. Wired once, in createServices.
 */
export function withEvents(database: Database, events: Events): Database {
  const wrapped = Object.create(database) as Database;
  wrapped.tx = (fn) =>
    database.tx((tx) => {
      publishers.set(tx, events);
      return fn(tx);
    });
  return wrapped;
}

/** Publishes once the transaction commits (never if it rolls back); a no-op on a database without events. */
export function publishAfterCommit(tx: Tx, event: NewEvent): void {
  const events = publishers.get(tx);
  if (events) afterCommit(tx, () => events.publish(event));
}
