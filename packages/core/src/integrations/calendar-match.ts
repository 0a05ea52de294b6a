import { MESSAGE_PROPERTY_FLOOR } from '@monimmo/ai';
import { calendarEvents } from '@monimmo/db';
import { and, eq, isNull } from 'drizzle-orm';
import { selectCandidates } from '../properties/candidates.ts';
import type { SyncDeps } from './sync-model.ts';

/**
 * Ties an appointment to a property, as triage does a message: the agency's candidates, the AI's
 * match on title, description and place, at or above the floor and unambiguous; otherwise left
 * alone (an appointment goes to no review queue). Never overwrites a property already set.
 */
export async function matchEvent({ database, ai }: Pick<SyncDeps, 'database' | 'ai'>, orgId: string, eventId: string): Promise<void> {
  const [event] = await database.db
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.orgId, orgId)));
  if (!event || event.propertyId || event.status === 'cancelled') return;
  const text = [event.description, event.location].filter(Boolean).join('\n');
  const candidates = await selectCandidates(database.db, orgId, { fromAddress: '', subject: event.title, body: text });
  if (candidates.length === 0) return;
  // No sender: attendees such as a notary or a prospect take part in several properties.
  const match = await ai.matchProperty({ subject: event.title, text, candidates });
  if (
    !match.propertyId ||
    match.ambiguous ||
    match.confidence < MESSAGE_PROPERTY_FLOOR ||
    !candidates.some((c) => c.id === match.propertyId)
  )
    return;
  await database.tx((tx) =>
    tx
      .update(calendarEvents)
      .set({ propertyId: match.propertyId })
      .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.orgId, orgId), isNull(calendarEvents.propertyId))),
  );
}
