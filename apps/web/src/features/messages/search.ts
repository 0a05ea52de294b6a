import { AI_STATUSES, MESSAGE_CHANNELS, type AiStatus, type MessageChannel } from '@monimmo/contract/vocabulary/lists';

/** What the inbox keeps in its address: filters, search words and the message open beside the list. */
export interface InboxSearch {
  canal?: MessageChannel;
  etat?: AiStatus;
  bien?: string;
  q?: string;
  message?: string;
}

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** Drops what it does not understand rather than failing: a shared link stays usable. */
export function parseInboxSearch(search: Record<string, unknown>): InboxSearch {
  const result: InboxSearch = {};
  const canal = oneOf(MESSAGE_CHANNELS, search.canal);
  if (canal) result.canal = canal;
  const etat = oneOf(AI_STATUSES, search.etat);
  if (etat) result.etat = etat;
  const bien = text(search.bien, 100);
  if (bien) result.bien = bien;
  const q = text(search.q, 200);
  if (q) result.q = q;
  const message = text(search.message, 100);
  if (message) result.message = message;
  return result;
}
