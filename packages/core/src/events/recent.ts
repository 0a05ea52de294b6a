import type { DomainEvent, EventsService } from '@monimmo/contract';
import type { Events } from './port.ts';

export interface RecentEventsOptions {
  /** Most events held for resumption. */
  max?: number;
  /** Oldest event held, in ms. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * The stream the API serves: live events plus a bounded ring of the recent ones, so a client
 * that reconnects with its last event id gets what it missed (or null: too old, resync).
 */
export function createEventStream(events: Events, { max = 1000, maxAgeMs = 5 * 60_000, now = Date.now }: RecentEventsOptions = {}) {
  const ring: { event: DomainEvent; at: number }[] = [];
  const closeListeners = new Set<() => void>();
  const prune = () => {
    const oldest = now() - maxAgeMs;
    let drop = Math.max(0, ring.length - max);
    while (drop < ring.length && ring[drop]!.at < oldest) drop++;
    if (drop) ring.splice(0, drop);
  };
  const stopRecording = events.subscribe((event) => {
    ring.push({ event, at: now() });
    prune();
  });
  const stream: EventsService & { close(): void } = {
    subscribe: (listener) => events.subscribe(listener),
    since(id) {
      prune();
      const index = ring.findIndex((r) => r.event.id === id);
      return index === -1 ? null : ring.slice(index + 1).map((r) => r.event);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => void closeListeners.delete(listener);
    },
    /** Ends the open streams (shutdown): their clients reconnect to a live process. */
    close() {
      stopRecording();
      for (const listener of [...closeListeners]) listener();
    },
  };
  return stream;
}

export type EventStream = ReturnType<typeof createEventStream>;
