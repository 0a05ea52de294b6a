import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GoogleCalendarClient, type CalendarSyncPage } from '../src/calendar.ts';
import { parisDateTime, parisTime } from '../src/fake/calendar.ts';
import { sampleEvents } from '../src/mock-data/samples.ts';
import type { OAuthTokens } from '../src/oauth.ts';
import { googleFailures, startFakeGoogle, type FakeGoogleServer } from './fake-google.ts';

const NOW = new Date('2026-11-25T09:00:00Z');

let google: FakeGoogleServer;
let tokens: OAuthTokens;
beforeEach(async () => {
  google = await startFakeGoogle({ maxPageSize: 3 });
  tokens = await google.connect();
  for (const event of sampleEvents(NOW)) google.fake.calendar.upsertEvent(event);
});
afterEach(() => google.close());

const calendar = (onTokens?: (t: OAuthTokens) => void) =>
  new GoogleCalendarClient({
    baseUrl: `${google.origin}/calendar/v3`,
    auth: { tokens, refresh: (rt) => google.oauth.refresh(rt), ...(onTokens ? { onTokens } : {}) },
  });

async function collect(pages: AsyncGenerator<CalendarSyncPage>): Promise<CalendarSyncPage[]> {
  const out: CalendarSyncPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const catchError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );
const eventCalls = () => google.requests.filter((r) => r.path === '/calendar/v3/calendars/primary/events');

describe('GoogleCalendarClient', () => {
  it('full sync pages through the events from timeMin and ends with a sync token', async () => {
    const pages = await collect(calendar().syncEvents({ cursor: null, timeMin: new Date(NOW.getTime() - 7 * 86_400_000) }));
    expect(pages.map((p) => p.events.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([true, true, false]);
    expect(pages.every((p) => p.fullSync)).toBe(true);
    const events = pages.flatMap((p) => p.events);
    expect(events.map((e) => e.summary)).toEqual(sampleEvents(NOW).map((e) => e.summary));

    const visit = events[1];
    expect(visit).toMatchObject({
      status: 'confirmed',
      summary: 'Visite – T3 14 rue Sainte (Mme Girard)',
      location: '14 rue Sainte, 13001 Marseille',
      start: parisTime(new Date(NOW.getTime() + 86_400_000), 10).toISOString(),
      allDay: false,
      organizer: { email: 'direction@vieuxport-immobilier.fr', name: 'Sophie Marchand' },
      attendees: [
        { email: 'nathalie.girard@gmail.com', name: 'Nathalie Girard' },
        { email: 'jp.fabre@orange.fr', name: 'Jean-Pierre Fabre' },
      ],
    });
    expect(visit?.start).toBe('2026-11-26T09:00:00.000Z');
    expect(events.find((e) => e.summary?.startsWith('Contre-visite'))?.status).toBe('tentative');
    expect(events.find((e) => e.allDay)).toMatchObject({
      start: '2026-11-30',
      end: '2026-12-01',
      summary: "Salon de l'immobilier de Marseille – parc Chanot",
    });

    const calls = eventCalls();
    expect(calls[0]?.query.get('timeMin')).toBe('2026-11-18T09:00:00.000Z');
    expect(calls[0]?.query.get('singleEvents')).toBe('true');
    expect(calls.slice(1).every((c) => c.query.has('pageToken'))).toBe(true);
  });

  it('incremental sync sends only the sync token and returns changes, cancellations included', async () => {
    const first = await collect(calendar().syncEvents({ cursor: null }));
    const cursor = first.at(-1)?.nextCursor as string;
    const added = google.fake.calendar.upsertEvent({
      summary: 'Visite – studio rue Bernard du Bois (Mme Nguyen)',
      start: parisTime(NOW, 17),
      end: parisTime(NOW, 17, 30),
    });
    const firstId = first[0]?.events[0]?.id as string;
    google.fake.calendar.cancelEvent(firstId);
    google.fake.calendar.cancelEvent('unknown-id');

    const pages = await collect(calendar().syncEvents({ cursor }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.fullSync).toBe(false);
    expect(pages[0]?.events.map((e) => [e.id, e.status])).toEqual([
      [added, 'confirmed'],
      [firstId, 'cancelled'],
    ]);
    expect(pages[0]?.events[1]).toMatchObject({ summary: null, start: null, end: null, attendees: [], organizer: null, updated: null });
    const incremental = eventCalls().at(-1);
    expect(incremental?.query.get('syncToken')).toBe(cursor);
    expect(incremental?.query.has('timeMin')).toBe(false);

    const quiet = await collect(calendar().syncEvents({ cursor: pages[0]?.nextCursor as string }));
    expect(quiet.map((p) => p.events.length)).toEqual([0]);
  });

  it('an expired sync token answers 410, thrown as CURSOR_EXPIRED', async () => {
    const first = await collect(calendar().syncEvents({ cursor: null }));
    google.fake.calendar.expireSyncTokens();
    const error = await catchError(collect(calendar().syncEvents({ cursor: first.at(-1)?.nextCursor as string })));
    expect(error).toMatchObject({ kind: 'CURSOR_EXPIRED', status: 410, reason: 'fullSyncRequired', provider: 'GOOGLE_CALENDAR' });
    expect(await catchError(calendar().listEvents({ syncToken: 'garbage' }))).toMatchObject({ kind: 'CURSOR_EXPIRED' });
  });

  it('refuses to combine a sync token with timeMin, as Google does', async () => {
    const before = google.requests.length;
    expect(await catchError(calendar().listEvents({ syncToken: 'x', timeMin: NOW }))).toMatchObject({ kind: 'INVALID_REQUEST' });
    expect(google.requests).toHaveLength(before);
    const direct = await fetch(`${google.origin}/calendar/v3/calendars/primary/events?syncToken=x&orderBy=startTime`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(direct.status).toBe(400);
  });

  it('lists one page, another calendar, and bad parameters', async () => {
    const page = await calendar().listEvents({ maxResults: 2, timeMin: '2026-11-25T00:00:00Z' });
    expect(page.events).toHaveLength(2);
    expect(page.nextPageToken).not.toBeNull();
    expect(page.nextSyncToken).toBeNull();
    const next = await calendar().listEvents({ pageToken: page.nextPageToken as string, timeMin: '2026-11-25T00:00:00Z' });
    expect(next.events[0]?.summary).toBe('Contre-visite studio rue Bernard du Bois (M. Lenoir)');
    expect(await catchError(calendar().listEvents({ calendarId: 'someone-else@gmail.com' }))).toMatchObject({ kind: 'NOT_FOUND' });
    const byEmail = await calendar().listEvents({ calendarId: 'direction@vieuxport-immobilier.fr' });
    expect(byEmail.events).toHaveLength(3);
    expect(await catchError(calendar().listEvents({ pageToken: '%%%' }))).toMatchObject({ kind: 'INVALID_REQUEST' });
    expect(await catchError(calendar().listEvents({ timeMin: 'hier' }))).toMatchObject({ kind: 'INVALID_REQUEST' });
  });

  it('refreshes on 401 and reads throttling and outages', async () => {
    google.fake.oauth.expireAccessTokens();
    const onTokens = vi.fn();
    expect((await calendar(onTokens).listEvents()).events).toHaveLength(3);
    expect(onTokens).toHaveBeenCalledTimes(1);
    google.failNext('/calendar/', googleFailures.rateLimited('3'), 1);
    expect(await catchError(calendar(onTokens).listEvents())).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 3000 });
    google.failNext('/calendar/', googleFailures.backendError());
    expect(await catchError(calendar(onTokens).listEvents())).toMatchObject({ kind: 'TEMPORARY' });
  });

  it('writes instants in Paris time, summer and winter', () => {
    expect(parisDateTime(new Date('2026-07-14T08:30:00Z'))).toBe('2026-07-14T10:30:00+02:00');
    expect(parisDateTime(new Date('2026-12-24T18:00:00Z'))).toBe('2026-12-24T19:00:00+01:00');
    expect(parisTime(new Date('2026-07-14T00:00:00Z'), 10).toISOString()).toBe('2026-07-14T08:00:00.000Z');
  });
});
