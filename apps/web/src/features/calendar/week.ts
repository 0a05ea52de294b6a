// Weeks run Monday to Sunday in the browser's time zone, as an agent reads a diary.
import type { CalendarEvent } from './types.ts';

/** `YYYY-MM-DD` of a local date. */
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** A local midnight from `YYYY-MM-DD`; null when it is not a real date. */
export function parseDay(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return localDay(date) === value ? date : null;
}

/** The Monday (local midnight) of the week holding `date`. */
export function startOfWeek(date: Date): Date {
  const monday = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return monday;
}

export const addDays = (date: Date, days: number): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/** The seven days of the week starting on `monday`. */
export const weekDays = (monday: Date): Date[] => Array.from({ length: 7 }, (_, i) => addDays(monday, i));

/** The API's range for the week: from Monday midnight to the next Monday midnight, as instants. */
export const weekRange = (monday: Date): { from: string; to: string } => ({
  from: monday.toISOString(),
  to: addDays(monday, 7).toISOString(),
});

/** The first and last local days an event covers: all-day events hold dates, others instants. */
function eventDays(event: Pick<CalendarEvent, 'startAt' | 'endAt' | 'allDay'>): { first: Date; last: Date } {
  if (event.allDay) {
    const first = parseDay(event.startAt.slice(0, 10)) ?? new Date(event.startAt);
    // All-day ends are exclusive: a one-day event ends the next day.
    const end = parseDay(event.endAt.slice(0, 10)) ?? first;
    return { first, last: end > first ? addDays(end, -1) : first };
  }
  const start = new Date(event.startAt);
  // An end at midnight sharp belongs to the day before.
  const end = new Date(Math.max(Date.parse(event.endAt) - 1, start.getTime()));
  return { first: start, last: end };
}

/** The events of each day (local), in order of start: one that spans days shows on each. */
export function eventsByDay<T extends Pick<CalendarEvent, 'startAt' | 'endAt' | 'allDay'>>(events: T[], days: Date[]): T[][] {
  return days.map((day) => {
    const key = localDay(day);
    return events
      .filter((event) => {
        const { first, last } = eventDays(event);
        return localDay(first) <= key && key <= localDay(last);
      })
      .sort((a, b) => Number(b.allDay) - Number(a.allDay) || Date.parse(a.startAt) - Date.parse(b.startAt));
  });
}

export const isSameDay = (a: Date, b: Date): boolean => localDay(a) === localDay(b);
