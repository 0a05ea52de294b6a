import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { staleDomains } from './invalidation.ts';

/** Before opening the stream again after it ended or failed for good (the link retries drops itself). */
const RESUBSCRIBE_AFTER_MS = 3000;

/**
 * Listens to the agency's live events and refetches what each makes stale; `resync` (the API
 * could not tell what was missed) refetches everything. Mounted once, in the app shell. Answers
 * whether the stream is down, for the banner.
 */
export function useLiveUpdates(): { down: boolean } {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [down, setDown] = useState(false);

  useEffect(() => {
    // Every browser has it; a test DOM without it (happy-dom) gets no live updates rather than a banner.
    if (typeof globalThis.EventSource === 'undefined') return;
    let lastEventId: string | undefined;
    let dropped = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | undefined;
    const filters = {
      properties: trpc.properties.pathFilter(),
      messages: trpc.messages.pathFilter(),
      files: trpc.files.pathFilter(),
      vocals: trpc.vocals.pathFilter(),
      reviewQueue: trpc.reviewQueue.pathFilter(),
      integrations: trpc.integrations.pathFilter(),
    };
    const again = () => {
      if (stopped) return;
      clearTimeout(retry);
      retry = setTimeout(open, RESUBSCRIBE_AFTER_MS);
    };
    function open() {
      subscription?.unsubscribe();
      subscription = client.events.stream.subscribe(lastEventId ? { lastEventId } : undefined, {
        onData(value) {
          if (!('data' in value)) return void queryClient.invalidateQueries();
          lastEventId = value.id;
          const { type, propertyId } = value.data;
          for (const domain of staleDomains(type)) {
            if (domain !== 'property') void queryClient.invalidateQueries(filters[domain]);
            else if (propertyId) void queryClient.invalidateQueries(trpc.properties.get.queryFilter({ id: propertyId }));
          }
        },
        onConnectionStateChange(state) {
          // `connecting` with an error: the stream dropped and the link is trying again.
          if (state.state === 'connecting' && state.error) {
            dropped = true;
            setDown(true);
          } else if (state.state === 'pending') {
            // Back: the API replays what came after the last event; with none received yet it
            // cannot tell what was missed, so everything is refetched.
            if (dropped && !lastEventId) void queryClient.invalidateQueries();
            dropped = false;
            setDown(false);
          }
        },
        onError() {
          dropped = true;
          setDown(true);
          again();
        },
        // Ended by the server (a restart): open it again, resuming from the last event.
        onComplete: again,
      });
    }
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      subscription?.unsubscribe();
    };
  }, [client, trpc, queryClient]);

  return { down };
}
