import type { EventType } from '@monimmo/contract';

/** The API domains whose cached answers the web app refetches on an event. */
export type LiveDomain = 'properties' | 'messages' | 'files' | 'vocals' | 'reviewQueue' | 'integrations';

/**
 * What each event makes stale. Generous on purpose: an event is a hint to refetch, and a review
 * item, a message and its property are shown together on several screens.
 */
export const STALE_BY_EVENT: Record<EventType, readonly LiveDomain[]> = {
  'property.status_changed': ['properties'],
  'property.created': ['properties'],
  'property.updated': ['properties'],
  'message.received': ['messages', 'properties'],
  'message.triaged': ['messages', 'reviewQueue', 'properties'],
  'file.uploaded': ['files', 'properties'],
  'file.classified': ['files', 'reviewQueue', 'properties'],
  'vocal.stage_changed': ['vocals', 'reviewQueue', 'properties'],
  'review.opened': ['reviewQueue', 'messages', 'files', 'vocals'],
  'review.resolved': ['reviewQueue', 'messages', 'files', 'vocals', 'properties'],
  'integration.sync_finished': ['integrations', 'messages', 'files', 'vocals'],
};

/** The domains an event makes stale; none for a type this build does not know (a newer API). */
export const staleDomains = (type: string): readonly LiveDomain[] => STALE_BY_EVENT[type as EventType] ?? [];
