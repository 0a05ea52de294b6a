import type { EventType } from '@monimmo/contract';

/**
 * The API domains whose cached answers the web app refetches on an event; `property` is only the
 * detail of the property the event names (nothing when it names none).
 */
export type LiveDomain = 'properties' | 'property' | 'messages' | 'files' | 'vocals' | 'reviewQueue' | 'integrations';

/**
 * What each event makes stale. Generous on purpose: an event is a hint to refetch, and a review
 * item, a message and its property are shown together on several screens.
 */
export const STALE_BY_EVENT: Record<EventType, readonly LiveDomain[]> = {
  'property.status_changed': ['properties'],
  'property.created': ['properties'],
  'property.updated': ['properties'],
  // A message changes its property's detail (documents) at most: the inbox shows a property per
  // row, and refetching them all on every message held the list's answer back in their batch.
  'message.received': ['messages', 'property'],
  // Attached, a message brings its attachments to the property's documents.
  'message.triaged': ['messages', 'reviewQueue', 'property', 'files'],
  'file.uploaded': ['files', 'properties'],
  'file.classified': ['files', 'reviewQueue', 'properties'],
  'vocal.stage_changed': ['vocals', 'reviewQueue', 'properties'],
  'review.opened': ['reviewQueue', 'messages', 'files', 'vocals'],
  'review.resolved': ['reviewQueue', 'messages', 'files', 'vocals', 'properties'],
  'integration.sync_finished': ['integrations', 'messages', 'files', 'vocals'],
};

/** The domains an event makes stale; none for a type this build does not know (a newer API). */
export const staleDomains = (type: string): readonly LiveDomain[] => STALE_BY_EVENT[type as EventType] ?? [];
