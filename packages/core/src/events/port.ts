import type { DomainEvent } from '@monimmo/contract';

/** What a service or job says happened; the port stamps the id and the time. */
export type NewEvent = Omit<DomainEvent, 'id' | 'at'>;

/**
 * The one event stream (ARCHITECTURE « Events »): services and jobs publish after their commit,
 * the API's SSE streams (later audit logs, webhooks) subscribe. Notifications only: a lost event
 * is made good by refetching, never by replaying from here.
 */
export interface Events {
  readonly driver: 'in-process' | 'redis';
  /** Sends to every subscriber of every process sharing the stream; never throws. */
  publish(event: NewEvent): DomainEvent;
  /** Every event, from this process and the others; returns the unsubscribe. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  /** Resolves once other processes' events are heard (at once in-process). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
