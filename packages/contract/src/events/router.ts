import { tracked } from '@trpc/server';
import { router, staffProcedure } from '../trpc.ts';
import { eventsStreamInput, type DomainEvent, type ResyncEvent } from './schemas.ts';

/**
 * The agency's live events over SSE (tRPC only: subscriptions have no REST form). Each event is
 * tracked by its id, so a reconnecting client resumes after the last one it saw; an id this
 * process no longer holds answers `resync` (refetch everything: the database is the truth).
 */
export const eventsRouter = router({
  stream: staffProcedure.input(eventsStreamInput).subscription(async function* ({ ctx, input, signal }) {
    const { orgId } = ctx.actor;
    const events = ctx.services.events;
    // Listening starts before the replay is read, so nothing falls between the two.
    const pending: DomainEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const unsubscribe = events.subscribe((event) => {
      if (event.orgId !== orgId) return;
      pending.push(event);
      notify();
    });
    const stopClosing = events.onClose(() => {
      closed = true;
      notify();
    });
    const onAbort = () => notify();
    signal?.addEventListener('abort', onAbort);
    try {
      const seen = new Set<string>();
      const lastEventId = input?.lastEventId;
      if (lastEventId) {
        const missed = events.since(lastEventId);
        if (missed === null) yield { type: 'resync' } as ResyncEvent;
        else
          for (const event of missed) {
            if (event.orgId !== orgId) continue;
            seen.add(event.id);
            yield tracked(event.id, event);
          }
      }
      while (!closed && !signal?.aborted) {
        const event = pending.shift();
        if (event) {
          if (!seen.has(event.id)) yield tracked(event.id, event);
          continue;
        }
        seen.clear();
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      unsubscribe();
      stopClosing();
      signal?.removeEventListener('abort', onAbort);
    }
  }),
});
