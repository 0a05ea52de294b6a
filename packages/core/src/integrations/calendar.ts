import { calendarEvents } from '@monimmo/db';
import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { decodeCursor, toPage } from '../shared/pagination.ts';
import type { IntegrationOperation as Op } from './deps.ts';
import { toCalendarEventView } from './views.ts';

const overlapsFrom = (from: string): SQL =>
  sql`(case when ${calendarEvents.allDay} then ${calendarEvents.endAt} > ${from.slice(0, 10)} else ${calendarEvents.endAt} > ${from} end)`;
const overlapsTo = (to: string): SQL =>
  sql`(case when ${calendarEvents.allDay} then ${calendarEvents.startAt} <= ${to.slice(0, 10)} else ${calendarEvents.startAt} < ${to} end)`;

/** Rows strictly after the cursor in (startAt ASC, id ASC) order: the calendar reads forwards in time. */
function afterCursorAscending(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  return sql`(${calendarEvents.startAt}, ${calendarEvents.id}) > (${c.sortKey}, ${c.id})`;
}

/** The agency's calendar events overlapping the range, a page at a time. */
export const listCalendarEvents: Op<'listCalendarEvents'> = async ({ database }, actor, input) => {
  const filters: (SQL | undefined)[] = [
    eq(calendarEvents.orgId, actor.orgId),
    // Ending after `from`, starting before `to`: what overlaps the range. All-day events hold
    // dates (end exclusive), compared with the range's days rather than as strings of instants.
    input.from ? overlapsFrom(new Date(input.from).toISOString()) : undefined,
    input.to ? overlapsTo(new Date(input.to).toISOString()) : undefined,
    input.propertyId ? eq(calendarEvents.propertyId, input.propertyId) : undefined,
    input.includeCancelled ? undefined : ne(calendarEvents.status, 'cancelled'),
    afterCursorAscending(input.cursor),
  ];
  const rows = await database.db
    .select()
    .from(calendarEvents)
    .where(and(...filters))
    .orderBy(asc(calendarEvents.startAt), asc(calendarEvents.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => ({ sortKey: r.startAt, id: r.id }), toCalendarEventView);
};
