import type { CalendarEvent } from '@monimmo/connectors';
import { calendarEvents } from '@monimmo/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { IngestDeps, IngestTarget } from './ingest-types.ts';

/**
 * Upserts appointments by their Google id. An incremental sync sends a cancelled event as its id
 * alone: it only changes the status of the row it knows. New appointments, and changed ones not
 * yet tied to a property, are queued for matching (an AI job, on the AI queue).
 */
export async function calendarPage(
  { database, queues }: Pick<IngestDeps, 'database' | 'queues'>,
  target: IngestTarget,
  events: CalendarEvent[],
  log: Logger,
): Promise<{ upserted: number }> {
  if (events.length === 0) return { upserted: 0 };
  const ids = [...new Set(events.map((e) => e.id))];
  const before = new Map(
    (
      await database.db
        .select()
        .from(calendarEvents)
        .where(and(eq(calendarEvents.orgId, target.orgId), inArray(calendarEvents.externalId, ids)))
    ).map((row) => [row.externalId, row]),
  );
  const toMatch = await database.tx(async (tx) => {
    const match: string[] = [];
    for (const event of events) {
      const known = before.get(event.id);
      if (!event.start || !event.end) {
        if (known && event.status === 'cancelled') {
          await tx
            .update(calendarEvents)
            .set({ status: 'cancelled' })
            .where(and(eq(calendarEvents.orgId, target.orgId), eq(calendarEvents.externalId, event.id)));
        } else if (!known) log.debug({ externalId: event.id }, 'calendar event without dates: skipped');
        continue;
      }
      const values = {
        status: event.status,
        title: event.summary?.trim() || '(Sans titre)',
        description: event.description,
        location: event.location,
        startAt: event.start,
        endAt: event.end,
        allDay: event.allDay,
        attendees: event.attendees.map((a) => ({ email: a.email || null, name: a.name })),
      };
      const [row] = await tx
        .insert(calendarEvents)
        .values({ orgId: target.orgId, integrationId: target.integrationId, externalId: event.id, ...values })
        .onConflictDoUpdate({
          target: [calendarEvents.orgId, calendarEvents.externalId],
          set: { ...values, integrationId: target.integrationId },
        })
        .returning({ id: calendarEvents.id, propertyId: calendarEvents.propertyId });
      const textChanged =
        !known || known.title !== values.title || known.description !== values.description || known.location !== values.location;
      if (row && !row.propertyId && textChanged && values.status !== 'cancelled') match.push(row.id);
    }
    return match;
  });
  for (const id of toMatch) await queues.matchEvent(target.orgId, id);
  log.info({ received: events.length, toMatch: toMatch.length }, 'calendar events imported');
  return { upserted: events.length };
}
