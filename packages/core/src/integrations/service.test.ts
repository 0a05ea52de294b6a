import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@monimmo/config';
import { createConnectors } from '@monimmo/connectors';
import { calendarEvents, integrations } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoreHarness, expectAppError } from '../../test/harness.ts';
import { connectorsFromConfig } from '../index.ts';
import { startRuntime, type Runtime } from '../runtime.ts';
import {
  agency,
  allMessages,
  connectGoogle,
  connectWhatsApp,
  googleError,
  integrationHarness,
  integrationRow,
  mandates,
  memoryLogger,
  type IntegrationHarness,
} from '../../test/integrations.ts';

let h: IntegrationHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

const tokenEndpoint = (url: URL, method: string) => method === 'POST' && url.pathname === '/token';

describe('connect', () => {
  it('lists the three providers, connected or not, with nothing secret', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    expect((await h.services.integrations.list(actor)).items).toEqual(
      ['GMAIL', 'GOOGLE_CALENDAR', 'WHATSAPP'].map((provider) => ({
        provider,
        status: 'DISCONNECTED',
        accountLabel: null,
        connectedAt: null,
        lastSyncedAt: null,
        lastError: null,
        failureCount: 0,
      })),
    );
    await connectGoogle(h, actor, 'gmail');
    const items = (await h.services.integrations.list(actor)).items;
    expect(items.map((i) => [i.provider, i.status])).toEqual([
      ['GMAIL', 'CONNECTED'],
      ['GOOGLE_CALENDAR', 'DISCONNECTED'],
      ['WHATSAPP', 'DISCONNECTED'],
    ]);
    expect(Object.keys(items[0]!).sort()).toEqual([
      'accountLabel',
      'connectedAt',
      'failureCount',
      'lastError',
      'lastSyncedAt',
      'provider',
      'status',
    ]);
  });

  it('answers the provider refusing the code, throttling, failing, or refusing our OAuth client', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    h.runtime.google.oauth.rejectCode('4/0expired');
    await expectAppError(
      h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0expired' }),
      'BAD_REQUEST',
      'OAUTH_CODE_REFUSED',
    );
    h.script.failNext(tokenEndpoint, googleError(429, 'rateLimitExceeded'));
    await expectAppError(
      h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0code' }),
      'RATE_LIMITED',
      'PROVIDER_RATE_LIMITED',
    );
    h.script.failNext(tokenEndpoint, () => new Response('<html>502</html>', { status: 502 }));
    await expectAppError(
      h.services.integrations.connect(actor, { provider: 'google-calendar', code: '4/0code' }),
      'INVALID_STATE',
      'PROVIDER_UNAVAILABLE',
    );
    h.script.failNext(tokenEndpoint, () =>
      Response.json({ error: 'invalid_client', error_description: 'The OAuth client was not found.' }, { status: 401 }),
    );
    await expectAppError(
      h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0code' }),
      'INVALID_STATE',
      'OAUTH_CLIENT_REFUSED',
    );
    // Nothing was stored along the way.
    expect(await h.database.db.select().from(integrations).where(eq(integrations.orgId, actor.orgId))).toEqual([]);
    // The redirect URI defaults to the web app's own callback page (APP_BASE_URL).
    const exchange = vi.spyOn(h.connectors.oauth, 'exchangeCode');
    await h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0code' });
    expect(exchange).toHaveBeenCalledWith('4/0code', 'http://127.0.0.1:3000/integrations/google/callback');
    await h.services.integrations.connect(actor, {
      provider: 'google-calendar',
      code: '4/0code',
      redirectUri: 'https://app.monimmo.fr/oauth',
    });
    expect(exchange).toHaveBeenLastCalledWith('4/0code', 'https://app.monimmo.fr/oauth');
    await h.queue.idle();
  });

  it('gives one WhatsApp number to one agency only', async () => {
    h = await integrationHarness();
    const first = await agency(h, 'Agence du Vieux-Port');
    const second = await agency(h, 'Agence de la Plaine');
    await connectWhatsApp(h, first);
    const { phoneNumberId, accessToken, appSecret, verifyToken } = h.runtime.settings.whatsapp;
    await expectAppError(
      h.services.integrations.connect(second, { provider: 'whatsapp', phoneNumberId, accessToken, appSecret, verifyToken }),
      'CONFLICT',
      'WHATSAPP_NUMBER_TAKEN',
    );
    // Once the first agency lets it go, the number is free.
    await h.services.integrations.disconnect(first, 'whatsapp');
    await connectWhatsApp(h, second);
    expect((await integrationRow(h, second.orgId, 'WHATSAPP')).status).toBe('CONNECTED');
  });
});

describe('connect at once', () => {
  it('two agencies connecting the same WhatsApp number at the same moment: one gets it, the other a conflict', async () => {
    h = await integrationHarness();
    const first = await agency(h, 'Agence du Panier');
    const second = await agency(h, 'Agence de Castellane');
    const { phoneNumberId, accessToken, appSecret, verifyToken } = h.runtime.settings.whatsapp;
    const input = { provider: 'whatsapp' as const, phoneNumberId, accessToken, appSecret, verifyToken };
    const results = await Promise.allSettled([
      h.services.integrations.connect(first, input),
      h.services.integrations.connect(second, input),
    ]);
    await h.queue.idle();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'WHATSAPP_NUMBER_TAKEN' },
    });
    const holders = await h.database.db.select().from(integrations).where(eq(integrations.externalAccountId, phoneNumberId));
    expect(holders.filter((r) => r.status !== 'DISCONNECTED')).toHaveLength(1);
  });
});

describe('disconnect', () => {
  it('erases the tokens, stops the periodic sync and keeps what was imported', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const before = await integrationRow(h, actor.orgId, 'GMAIL');
    const unschedule = vi.spyOn(h.queue, 'unschedule');
    const view = await h.services.integrations.disconnect(actor, 'gmail');
    expect(view).toMatchObject({
      provider: 'GMAIL',
      status: 'DISCONNECTED',
      accountLabel: 'direction@vieuxport-immobilier.fr',
      lastError: null,
    });
    expect(unschedule).toHaveBeenCalledWith(`integration-sync:${before.id}`);
    expect(await integrationRow(h, actor.orgId, 'GMAIL')).toMatchObject({
      encryptedCredentials: null,
      cursor: null,
      status: 'DISCONNECTED',
    });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(7);
    await expectAppError(h.services.integrations.sync(actor, 'gmail'), 'NOT_FOUND');
    await expectAppError(h.services.integrations.disconnect(actor, 'gmail'), 'NOT_FOUND');
    await expectAppError(h.services.integrations.disconnect(actor, 'whatsapp'), 'NOT_FOUND');
    // A run still queued for it (a periodic tick, a retry) finds nothing to do.
    await h.services.jobs.integrationSync.handler(
      { orgId: actor.orgId, integrationId: before.id, retries: 0 },
      { jobId: 'late', attempt: 1, log: memoryLogger().logger },
    );
    expect((await integrationRow(h, actor.orgId, 'GMAIL')).status).toBe('DISCONNECTED');
  });
});

describe('tenant isolation', () => {
  it('another agency sees none of it and can act on none of it', async () => {
    h = await integrationHarness();
    const owner = await agency(h, 'Agence du Vieux-Port');
    const props = await mandates(h, owner);
    await connectGoogle(h, owner, 'gmail');
    await connectGoogle(h, owner, 'google-calendar');
    const other = await agency(h, 'Agence de la Plaine');
    expect((await h.services.integrations.list(other)).items.every((i) => i.status === 'DISCONNECTED')).toBe(true);
    expect(await h.services.integrations.listCalendarEvents(other, { limit: 100 })).toEqual({ items: [], nextCursor: null });
    expect((await h.services.integrations.listCalendarEvents(other, { limit: 100, propertyId: props.sainte.id })).items).toEqual([]);
    expect((await h.services.messages.list(other, { limit: 100 })).items).toEqual([]);
    await expectAppError(h.services.integrations.sync(other, 'gmail'), 'NOT_FOUND');
    await expectAppError(h.services.integrations.disconnect(other, 'google-calendar'), 'NOT_FOUND');
    // The owner's integration was not touched by the attempts.
    expect((await integrationRow(h, owner.orgId, 'GMAIL')).status).toBe('CONNECTED');
    const event = (await h.services.integrations.listCalendarEvents(owner, { limit: 1 })).items[0]!;
    // A sync job naming another agency's integration does nothing.
    const integration = await integrationRow(h, owner.orgId, 'GMAIL');
    const { logger, lines } = memoryLogger();
    await h.services.jobs.integrationSync.handler(
      { orgId: other.orgId, integrationId: integration.id, retries: 0 },
      { jobId: 'x', attempt: 1, log: logger },
    );
    expect(lines.map((l) => l.msg)).toEqual(['sync skipped: another run holds it, or it is disconnected or waits for a reconnection']);
    await h.services.jobs.calendarMatch.handler({ orgId: other.orgId, eventId: event.id }, { jobId: 'y', attempt: 1, log: logger });
  });
});

describe('periodic syncs', () => {
  it('schedules every connected integration that pulls, and skips those waiting for a reconnection', async () => {
    h = await integrationHarness({ INTEGRATION_SYNC_INTERVAL_MS: '60000' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await connectGoogle(h, actor, 'google-calendar');
    await connectWhatsApp(h, actor);
    const schedule = vi.spyOn(h.queue, 'schedule');
    expect(await h.services.scheduleIntegrationSyncs()).toBe(3);
    expect(schedule.mock.calls.map(([, , options]) => options)).toEqual(
      (await h.database.db.select().from(integrations).where(eq(integrations.orgId, actor.orgId))).map((r) => ({
        id: `integration-sync:${r.id}`,
        everyMs: 60_000,
      })),
    );
    await h.database.db.update(integrations).set({ status: 'NEEDS_RECONNECT' }).where(eq(integrations.provider, 'GMAIL'));
    expect(await h.services.scheduleIntegrationSyncs()).toBe(2);
  });

  it('the process that runs jobs schedules them again at start (the in-process driver forgets them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monimmo-runtime-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: join(dir, 'app.db'),
      LOCAL_STORAGE_DIR: join(dir, 'storage'),
      LOG_LEVEL: 'silent',
    });
    let runtime: Runtime | undefined;
    try {
      runtime = await startRuntime(config, memoryLogger().logger, { migrate: true, consumeJobs: () => true });
      const actor = await agency(runtime);
      await runtime.services.integrations.connect(actor, { provider: 'google-calendar', code: '4/0consent' });
      await runtime.queue.idle();
      await runtime.close();
      const { logger, lines } = memoryLogger();
      runtime = await startRuntime(config, logger, { migrate: false, consumeJobs: () => true });
      expect(lines.find((l) => l.msg === 'periodic integration syncs scheduled')).toMatchObject({ integrations: 1 });
    } finally {
      await runtime?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('connectors from the configuration', () => {
  it('are the mock runtime by default and the live clients with the Google OAuth client', () => {
    expect(connectorsFromConfig(loadConfig({})).runtime).toBe('mock');
    const live = connectorsFromConfig(
      loadConfig({ CONNECTOR_RUNTIME: 'live', GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'GOCSPX-secret' }),
    );
    expect(live).toMatchObject({ runtime: 'live', mock: null, whatsapp: null });
    expect(() => connectorsFromConfig({ ...loadConfig({}), CONNECTOR_RUNTIME: 'live' })).toThrow(/GOOGLE_CLIENT_ID/);
  });

  it('live WhatsApp is not pulled: connected at once, no periodic sync, a manual sync only settles its status', async () => {
    const connectors = createConnectors({ runtime: 'live', google: { clientId: 'id', clientSecret: 'secret' } });
    const base = await createCoreHarness({}, { connectors });
    try {
      const actor = await agency(base);
      const schedule = vi.spyOn(base.queue, 'schedule');
      const view = await base.services.integrations.connect(actor, {
        provider: 'whatsapp',
        phoneNumberId: '106540352242922',
        accessToken: 'EAAlivetoken000000000000000',
        appSecret: 'live-app-secret-0000',
        verifyToken: 'verify-token-live',
      });
      expect(view.status).toBe('CONNECTED');
      expect(schedule).not.toHaveBeenCalled();
      expect(await base.services.scheduleIntegrationSyncs()).toBe(0);
      expect(await base.services.integrations.sync(actor, 'whatsapp')).toMatchObject({ status: 'QUEUED' });
      await base.queue.idle();
      const [row] = await base.database.db.select().from(integrations).where(eq(integrations.orgId, actor.orgId));
      expect(row).toMatchObject({ status: 'CONNECTED', failureCount: 0, cursor: null });
      expect(row!.lastSyncedAt).toEqual(expect.any(String));

      // A manual sync whose job was lost with its process (in-process queue): the next start settles it.
      await base.database.db.update(integrations).set({ status: 'SYNC_QUEUED' }).where(eq(integrations.id, row!.id));
      expect(await base.services.scheduleIntegrationSyncs()).toBe(0);
      await base.queue.idle();
      const [settled] = await base.database.db.select().from(integrations).where(eq(integrations.id, row!.id));
      expect(settled).toMatchObject({ status: 'CONNECTED' });
    } finally {
      await base.close();
    }
  });
});

describe('calendar date ranges', () => {
  it('all-day appointments (dates, end exclusive) overlap a range by its days; timed ones by their instants', async () => {
    h = await integrationHarness();
    const actor = await agency(h, 'Agence des Dates');
    const row = (externalId: string, startAt: string, endAt: string, allDay: boolean) => ({
      orgId: actor.orgId,
      externalId,
      status: 'confirmed' as const,
      title: externalId,
      startAt,
      endAt,
      allDay,
    });
    await h.database.db
      .insert(calendarEvents)
      .values([
        row('salon', '2026-11-30', '2026-12-01', true),
        row('visite', '2026-11-30T09:00:00.000Z', '2026-11-30T10:00:00.000Z', false),
        row('signature', '2026-12-01T14:00:00.000Z', '2026-12-01T15:00:00.000Z', false),
      ]);
    const titles = async (from: string, to: string) =>
      (await h!.services.integrations.listCalendarEvents(actor, { from, to, limit: 100 })).items.map((e) => e.title);
    // The afternoon of the 30th: the all-day fair is on, the morning visit is over.
    expect(await titles('2026-11-30T12:00:00.000Z', '2026-11-30T18:00:00.000Z')).toEqual(['salon']);
    // From midnight on the 30th: both; from the 1st: only the signature.
    expect(await titles('2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toEqual(['salon', 'visite', 'signature']);
    expect(await titles('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toEqual(['signature']);
    // Up to the morning of the 30th: the fair's day has begun.
    expect(await titles('2026-11-29T00:00:00.000Z', '2026-11-30T08:00:00.000Z')).toEqual(['salon']);
  });
});
