import { decodeToken, encodeToken, googleError, json } from './http.ts';

export interface EventSpec {
  id?: string;
  summary: string;
  description?: string;
  location?: string;
  /** An instant, or a `YYYY-MM-DD` date for an all-day event (end exclusive). */
  start: Date | string;
  end: Date | string;
  status?: 'confirmed' | 'tentative';
  attendees?: { email: string; name?: string; responseStatus?: 'needsAction' | 'accepted' | 'declined' | 'tentative' }[];
}

export interface FakeCalendarOptions {
  owner?: { email: string; name: string };
  maxPageSize?: number;
  now?: () => number;
}

interface StoredEvent {
  json: Record<string, unknown>;
  seq: number;
  cancelled: boolean;
  endsAt: number;
  startsAt: number;
}

interface PageCursor {
  /** Offset in the listing, and the change sequence it was taken at. */
  o: number;
  s: number;
}

// Parameters Google refuses next to a sync token.
const NOT_WITH_SYNC_TOKEN = [
  'timeMin',
  'timeMax',
  'orderBy',
  'q',
  'updatedMin',
  'iCalUID',
  'privateExtendedProperty',
  'sharedExtendedProperty',
];

/** Google Calendar events.list of the primary calendar, with sync tokens, pages and 410 on expired tokens. */
export class FakeCalendar {
  private readonly owner: { email: string; name: string };
  private readonly maxPageSize: number;
  private readonly now: () => number;
  private readonly events = new Map<string, StoredEvent>();
  private seq = 0;
  private syncFloor = 0;
  private idCounter = 0;

  constructor(options: FakeCalendarOptions = {}) {
    this.owner = options.owner ?? { email: 'direction@vieuxport-immobilier.fr', name: 'Sophie Marchand' };
    this.maxPageSize = options.maxPageSize ?? 2500;
    this.now = options.now ?? Date.now;
  }

  /** Creates or replaces an event; returns its id. */
  upsertEvent(spec: EventSpec): string {
    this.idCounter += 1;
    const id = spec.id ?? (0x3b9aca07n * BigInt(this.idCounter) + 0x5f5e0ffn).toString(32).padStart(12, '0');
    const stamp = new Date(this.now()).toISOString();
    const previous = this.events.get(id);
    this.seq += 1;
    const json = {
      kind: 'calendar#event',
      etag: `"${3_400_000_000_000 + this.seq}"`,
      id,
      status: spec.status ?? 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${this.owner.email}`).toString('base64url')}`,
      created: (previous?.json.created as string | undefined) ?? stamp,
      updated: stamp,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.location ? { location: spec.location } : {}),
      creator: { email: this.owner.email, self: true },
      organizer: { email: this.owner.email, displayName: this.owner.name, self: true },
      start: when(spec.start),
      end: when(spec.end),
      iCalUID: `${id}@google.com`,
      sequence: 0,
      ...(spec.attendees?.length
        ? {
            attendees: spec.attendees.map((a) => ({
              email: a.email,
              ...(a.name ? { displayName: a.name } : {}),
              responseStatus: a.responseStatus ?? 'needsAction',
            })),
          }
        : {}),
      reminders: { useDefault: true },
      eventType: 'default',
    };
    this.events.set(id, { json, seq: this.seq, cancelled: false, startsAt: instant(spec.start), endsAt: instant(spec.end) });
    return id;
  }

  /** Deletes an event: an incremental sync then sees it as `cancelled`. */
  cancelEvent(id: string): void {
    const event = this.events.get(id);
    if (!event) return;
    this.seq += 1;
    this.events.set(id, { ...event, seq: this.seq, cancelled: true });
  }

  /** Every sync token issued so far answers 410 fullSyncRequired. */
  expireSyncTokens(): void {
    this.syncFloor = this.seq + 1;
  }

  handle(request: Request, calendarId: string): Response {
    if (calendarId !== 'primary' && calendarId !== this.owner.email) return googleError(404, 'notFound', 'Not Found');
    const params = new URL(request.url).searchParams;
    const syncToken = params.get('syncToken');
    if (syncToken) {
      const clash = NOT_WITH_SYNC_TOKEN.find((p) => params.has(p));
      if (clash) return googleError(400, 'invalid', `The ${clash} parameter cannot be combined with syncToken.`);
    }
    const since = syncToken ? decodeToken<{ s: number }>(syncToken.replace(/^fake-sync\./, '')) : null;
    if (syncToken && (!since || since.s < this.syncFloor)) {
      return googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', {}, 'calendar');
    }
    const pageToken = params.get('pageToken');
    const cursor = pageToken ? decodeToken<PageCursor>(pageToken) : { o: 0, s: this.seq };
    if (!cursor) return googleError(400, 'invalid', 'Invalid Value');
    const timeMin = params.get('timeMin') ? Date.parse(params.get('timeMin') as string) : null;
    if (timeMin !== null && Number.isNaN(timeMin)) return googleError(400, 'invalid', 'Bad Request');
    const all = [...this.events.values()]
      .filter((e) => e.seq <= cursor.s)
      .filter((e) => (since ? e.seq > since.s : !e.cancelled && (timeMin === null || e.endsAt > timeMin)))
      .sort((a, b) => (since ? a.seq - b.seq : a.startsAt - b.startsAt || a.seq - b.seq));
    const asked = Number(params.get('maxResults') ?? 250);
    const size = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 250, 2500, this.maxPageSize));
    const page = all.slice(cursor.o, cursor.o + size);
    const more = cursor.o + size < all.length;
    return json(200, {
      kind: 'calendar#events',
      etag: `"p${cursor.s}"`,
      summary: this.owner.email,
      updated: new Date(this.now()).toISOString(),
      timeZone: 'Europe/Paris',
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 30 }],
      ...(more
        ? { nextPageToken: encodeToken({ o: cursor.o + size, s: cursor.s }) }
        : { nextSyncToken: `fake-sync.${encodeToken({ s: cursor.s })}` }),
      items: page.map((e) => (e.cancelled ? { kind: 'calendar#event', etag: e.json.etag, id: e.json.id, status: 'cancelled' } : e.json)),
    });
  }
}

function when(value: Date | string): Record<string, string> {
  return typeof value === 'string' ? { date: value } : { dateTime: parisDateTime(value), timeZone: 'Europe/Paris' };
}

function instant(value: Date | string): number {
  return typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : value.getTime();
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-26T10:00:00+01:00`: Google writes instants in the calendar's time zone. */
export function parisDateTime(date: Date): string {
  const parts = Object.fromEntries(PARIS.formatToParts(date).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // Paris is always ahead of UTC (+01:00 or +02:00).
  const offset = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}+${hh}:${mm}`;
}

/** The instant it is `hh:mm` in Paris on the given UTC day. */
export function parisTime(day: Date, hours: number, minutes = 0): Date {
  const guess = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes));
  const offset = Date.parse(parisDateTime(guess).slice(0, 19) + 'Z') - guess.getTime();
  return new Date(guess.getTime() - offset);
}
