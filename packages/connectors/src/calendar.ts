import { z } from 'zod';
import { AuthorizedFetch, type ConnectorAuth, type HttpOptions } from './authorized-fetch.ts';
import { ConnectorError } from './errors.ts';

export interface GoogleCalendarClientOptions extends HttpOptions {
  baseUrl?: string;
  auth: ConnectorAuth;
}

export type CalendarEventStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface CalendarPerson {
  email: string;
  name: string | null;
}

/** An event as the product keeps it; a cancelled one from an incremental sync may carry only id and status. */
export interface CalendarEvent {
  id: string;
  status: CalendarEventStatus;
  summary: string | null;
  description: string | null;
  location: string | null;
  /** ISO 8601 instant, or a `YYYY-MM-DD` date for an all-day event (end exclusive, as Google gives it). */
  start: string | null;
  end: string | null;
  allDay: boolean;
  attendees: CalendarPerson[];
  organizer: CalendarPerson | null;
  updated: string | null;
}

export interface ListEventsOptions {
  calendarId?: string;
  /** Incremental listing; Google refuses it together with timeMin, timeMax, orderBy, q or updatedMin. */
  syncToken?: string | undefined;
  pageToken?: string | undefined;
  /** Lower bound of the event's end, for a full sync only. */
  timeMin?: string | Date | undefined;
  maxResults?: number;
}

export interface EventsPage {
  events: CalendarEvent[];
  nextPageToken: string | null;
  /** Only on the last page. */
  nextSyncToken: string | null;
}

export interface CalendarSyncOptions {
  calendarId?: string;
  /** The nextSyncToken stored after the previous sync; null for a full sync. */
  cursor: string | null;
  timeMin?: string | Date;
  pageSize?: number;
}

export interface CalendarSyncPage {
  events: CalendarEvent[];
  fullSync: boolean;
  /** Set on the last page only: the sync token to store. */
  nextCursor: string | null;
}

const Person = z.object({ email: z.string().optional(), displayName: z.string().optional() });
const When = z.object({ dateTime: z.string().optional(), date: z.string().optional(), timeZone: z.string().optional() });
const Event = z.object({
  id: z.string(),
  status: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  location: z.string().optional(),
  start: When.optional(),
  end: When.optional(),
  attendees: z.array(Person).optional(),
  organizer: Person.optional(),
  updated: z.string().optional(),
});
const EventList = z.object({
  items: z.array(Event).optional(),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
});

/** Google Calendar API v3, events of one calendar. */
export class GoogleCalendarClient {
  private readonly http: AuthorizedFetch;
  private readonly base: string;

  constructor(options: GoogleCalendarClientOptions) {
    this.http = new AuthorizedFetch('GOOGLE_CALENDAR', options.auth, options);
    this.base = (options.baseUrl ?? 'https://www.googleapis.com/calendar/v3').replace(/\/$/, '');
  }

  /** One page of events; an expired sync token answers 410, thrown as CURSOR_EXPIRED. */
  async listEvents(options: ListEventsOptions = {}): Promise<EventsPage> {
    if (options.syncToken && options.timeMin) {
      throw new ConnectorError({
        kind: 'INVALID_REQUEST',
        provider: 'GOOGLE_CALENDAR',
        message: 'a sync token cannot be combined with timeMin',
      });
    }
    const timeMin = options.timeMin instanceof Date ? options.timeMin.toISOString() : options.timeMin;
    const url = `${this.base}/calendars/${encodeURIComponent(options.calendarId ?? 'primary')}/events`;
    // Recurring events as their instances, in the full listing and in every incremental one alike
    // (Google wants the same parameters on both sides of a sync token).
    const page = await this.http.json(url, EventList, {
      query: {
        singleEvents: true,
        maxResults: options.maxResults ?? 250,
        syncToken: options.syncToken,
        pageToken: options.pageToken,
        timeMin,
      },
      cursor: Boolean(options.syncToken),
    });
    return {
      events: (page.items ?? []).map(normalizeEvent),
      nextPageToken: page.nextPageToken ?? null,
      nextSyncToken: page.nextSyncToken ?? null,
    };
  }

  /** Pages of changed events: all of them from timeMin without a cursor, the changes since it with one. */
  async *syncEvents(options: CalendarSyncOptions): AsyncGenerator<CalendarSyncPage> {
    const fullSync = options.cursor === null;
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.listEvents({
        ...(options.calendarId ? { calendarId: options.calendarId } : {}),
        ...(fullSync ? { timeMin: options.timeMin } : { syncToken: options.cursor ?? undefined }),
        pageToken,
        maxResults: options.pageSize ?? 250,
      });
      yield { events: page.events, fullSync, nextCursor: page.nextPageToken ? null : page.nextSyncToken };
      if (!page.nextPageToken) return;
      pageToken = page.nextPageToken;
    }
  }
}

function normalizeEvent(event: z.infer<typeof Event>): CalendarEvent {
  const allDay = Boolean(event.start?.date && !event.start.dateTime);
  return {
    id: event.id,
    status: event.status === 'cancelled' || event.status === 'tentative' ? event.status : 'confirmed',
    summary: event.summary ?? null,
    description: event.description ?? null,
    location: event.location ?? null,
    start: when(event.start),
    end: when(event.end),
    allDay,
    attendees: (event.attendees ?? []).filter((a) => a.email).map(person),
    organizer: event.organizer?.email ? person(event.organizer) : null,
    updated: event.updated ?? null,
  };
}

function when(value: z.infer<typeof When> | undefined): string | null {
  if (value?.dateTime) return new Date(value.dateTime).toISOString();
  return value?.date ?? null;
}

const person = (p: z.infer<typeof Person>): CalendarPerson => ({ email: p.email ?? '', name: p.displayName ?? null });
