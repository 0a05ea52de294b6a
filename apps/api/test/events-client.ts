import type { AppRouter, DomainEvent } from '@monimmo/contract';
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { Host } from './client.ts';

export interface Listening {
  /** The agency's events received so far, in order. */
  events: DomainEvent[];
  /** How many `resync` notices arrived. */
  resyncs: number;
  /** Resolves once the stream is open on the server. */
  started: Promise<void>;
  /** Rejects with the error that ended the subscription. */
  failed: Promise<never>;
  stop(): void;
}

/**
 * A client of `events.stream` over real SSE, as the web app opens it: tRPC's subscription link,
 * the token in `connectionParams` (an EventSource cannot send headers), `eventsource` in Node.
 */
export function listen(on: Host, token: string, lastEventId?: string): Listening {
  const client = createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: `${on.baseUrl}/trpc`, EventSource, connectionParams: () => ({ token }) })],
  });
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const out: Listening = { events: [], resyncs: 0, started: Promise.resolve(), failed, stop: () => undefined };
  out.started = new Promise((resolve) => {
    const sub = client.events.stream.subscribe(lastEventId ? { lastEventId } : undefined, {
      onStarted: () => resolve(),
      onData: (value) => {
        if ('data' in value) out.events.push(value.data);
        else out.resyncs += 1;
      },
      onError: (error) => fail(error),
    });
    out.stop = () => sub.unsubscribe();
  });
  return out;
}
