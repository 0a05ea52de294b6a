import { z } from 'zod';

/** What the live stream tells the web app happened; one name per kind of change, by domain. */
export const EVENT_TYPES = [
  'property.status_changed',
  'property.created',
  'property.updated',
  'message.received',
  'message.triaged',
  'file.uploaded',
  'file.classified',
  'vocal.stage_changed',
  'review.opened',
  'review.resolved',
  'integration.sync_finished',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * A notification that something changed: the agency, the item, and a few non-content fields
 * (a status's before and after). Never content: the client refetches what it shows.
 */
export const domainEventSchema = z.object({
  id: z.string().min(1),
  orgId: z.uuid(),
  type: z.enum(EVENT_TYPES),
  /** The property, message, file, voice note, review item or integration that changed. */
  itemId: z.string().min(1),
  at: z.iso.datetime(),
  /** The property the item belongs to, when it has one. */
  propertyId: z.string().optional(),
  /** Before and after, for a status or a stage (enum values, never text a person typed). */
  from: z.string().optional(),
  to: z.string().optional(),
});
export type DomainEvent = z.infer<typeof domainEventSchema>;

/** Sent instead of a replay when the stream cannot tell what was missed: refetch everything. */
export const resyncEventSchema = z.object({ type: z.literal('resync') });
export type ResyncEvent = z.infer<typeof resyncEventSchema>;
export type StreamEvent = DomainEvent | ResyncEvent;

export const eventsStreamInput = z
  .object({
    /** The id of the last event received; tRPC's SSE link sends it when it reconnects. */
    lastEventId: z.string().max(100).nullish(),
  })
  .optional();

/** What the events router reads: live events, and those recently seen by this process. */
export interface EventsService {
  /** Every event of every agency as it arrives; returns the unsubscribe. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  /** The events held after `id`, oldest first; null when `id` is no longer (or never was) held. */
  since(id: string): DomainEvent[] | null;
  /** Called when the process stops: open streams end so the clients reconnect elsewhere. */
  onClose(listener: () => void): () => void;
}
