import { ConnectorError } from '@monimmo/connectors';
import { createQueue, type JobQueue } from '@monimmo/queue';
import { calendarEvents, messages } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { createAIProvider } from '@monimmo/ai';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@monimmo/contract';
import { createServices } from '../index.ts';
import { createCredentialsBox, CredentialsKeyMismatchError, type GoogleCredentials } from './credentials.ts';
import { decideFailure, UnreadableCredentialsError } from './failures.ts';
import {
  allMessages,
  agency,
  connectGoogle,
  connectWhatsApp,
  databaseBytes,
  integrationHarness,
  integrationRow,
  mail,
  storedCredentials,
  type IntegrationHarness,
} from '../../test/integrations.ts';

let h: IntegrationHarness | undefined;
let extraQueue: JobQueue | undefined;
afterEach(async () => {
  await extraQueue?.close();
  extraQueue = undefined;
  await h?.close();
  h = undefined;
});

const gmailView = async (harness: IntegrationHarness, actor: Actor) =>
  (await harness.services.integrations.list(actor)).items.find((i) => i.provider === 'GMAIL')!;

function externalIdsUnique(rows: { externalId: string | null }[]): boolean {
  return new Set(rows.map((r) => r.externalId)).size === rows.length;
}

describe('the failure decisions', () => {
  const connector = (kind: ConnectorError['kind'], extra: Partial<ConstructorParameters<typeof ConnectorError>[0]> = {}) =>
    new ConnectorError({ kind, provider: 'GMAIL', message: 'x', ...extra });

  it('maps each connector error, and a credentials problem, to what the integration should do, in French', () => {
    expect(decideFailure(connector('CURSOR_EXPIRED'), 'GMAIL')).toEqual({ action: 'RESYNC' });
    expect(decideFailure(connector('NOT_FOUND'), 'WHATSAPP')).toEqual({ action: 'SKIP' });
    expect(decideFailure(connector('AUTH_REVOKED'), 'GMAIL')).toEqual({
      action: 'RECONNECT',
      lastError: 'Google a retiré l’accès de Monimmo à Gmail (autorisation révoquée ou expirée) : reconnectez le compte.',
    });
    expect(decideFailure(connector('AUTH_REVOKED'), 'WHATSAPP')).toMatchObject({
      action: 'RECONNECT',
      lastError: expect.stringContaining('reconnectez WhatsApp'),
    });
    expect(decideFailure(new CredentialsKeyMismatchError(), 'GOOGLE_CALENDAR')).toEqual({
      action: 'RECONNECT',
      lastError:
        'Les identifiants enregistrés ne peuvent plus être déchiffrés (la clé de chiffrement du serveur a changé) : reconnectez Google Agenda.',
    });
    expect(decideFailure(new UnreadableCredentialsError(new Error('bad tag')), 'GMAIL').action).toBe('RECONNECT');
    expect(decideFailure(connector('RATE_LIMITED', { retryAfterMs: 1000 }), 'GMAIL')).toEqual({
      action: 'RETRY',
      retryAfterMs: 1000,
      lastError: 'Gmail limite temporairement le nombre de requêtes ; la synchronisation reprendra automatiquement dans 1 seconde environ.',
    });
    expect(decideFailure(connector('RATE_LIMITED', { retryAfterMs: 300_000 }), 'GMAIL')).toMatchObject({
      lastError: expect.stringContaining('dans 5 minutes environ'),
    });
    expect(decideFailure(connector('RATE_LIMITED', { retryAfterMs: 30_000 }), 'GMAIL')).toMatchObject({
      lastError: expect.stringContaining('dans 30 secondes environ'),
    });
    expect(decideFailure(connector('RATE_LIMITED'), 'GMAIL')).toEqual({
      action: 'RETRY',
      lastError: 'Gmail limite temporairement le nombre de requêtes ; la synchronisation reprendra automatiquement.',
    });
    expect(decideFailure(connector('TEMPORARY'), 'GOOGLE_CALENDAR')).toMatchObject({
      action: 'RETRY',
      lastError: 'Google Agenda ne répond pas pour le moment ; la synchronisation sera relancée automatiquement.',
    });
    expect(decideFailure(connector('INVALID_REQUEST'), 'GMAIL')).toMatchObject({
      action: 'FAIL',
      lastError: expect.stringContaining('configuration à vérifier'),
    });
    expect(decideFailure(new Error('disk full'), 'WHATSAPP')).toMatchObject({
      action: 'RETRY',
      lastError: 'Erreur inattendue pendant la synchronisation de WhatsApp ; nouvelle tentative automatique.',
    });
  });
});

describe('expired cursors: a bounded full resync', () => {
  it('Gmail history gone (404): imports the newest mail again up to the bound, nothing twice, and logs the gap without tokens', async () => {
    h = await integrationHarness({ INTEGRATION_FULL_SYNC_MAX_ITEMS: '4' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    // The bound applies to the first sync too: the four newest of seven.
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(4);
    const before = await integrationRow(h, actor.orgId, 'GMAIL');
    expect(before.cursor).toEqual(expect.any(String));

    const { id } = await h.runtime.addEmail(mail('Nouvelle proposition de prix'));
    h.runtime.google.gmail.expireHistory();
    const gets = () => h!.script.count((r) => /\/messages\/[^/]+$/.test(r.url.pathname) && r.url.searchParams.get('format') === 'full');
    const fetchedBefore = gets();
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();

    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(5);
    expect(externalIdsUnique(rows)).toBe(true);
    expect(rows.map((r) => r.externalId)).toContain(id);
    // Bounded: the resync fetched the four newest messages, no more.
    expect(gets() - fetchedBefore).toBe(4);
    const after = await integrationRow(h, actor.orgId, 'GMAIL');
    expect(after).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null, cursor: h.runtime.google.gmail.historyId });

    const gap = h.lines.find((l) => l.msg === 'sync cursor expired: bounded full resync');
    expect(gap).toMatchObject({ level: 40, integrationId: before.id, provider: 'GMAIL', oldCursor: before.cursor, max: 4 });
    const { accessToken, refreshToken } = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    const logged = JSON.stringify(h.lines);
    expect(logged).not.toContain(accessToken);
    expect(logged).not.toContain(refreshToken!);
  });

  it('Calendar sync token gone (410): lists again from 90 days back, and updates in place', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'google-calendar');
    const oldCursor = (await integrationRow(h, actor.orgId, 'GOOGLE_CALENDAR')).cursor;
    h.runtime.google.calendar.expireSyncTokens();
    h.runtime.addEvent({
      summary: 'Visite – studio rue Bernard du Bois',
      start: new Date(Date.now() + 3_600_000),
      end: new Date(Date.now() + 7_200_000),
    });
    await h.services.integrations.sync(actor, 'google-calendar');
    await h.queue.idle();
    const rows = await h.database.db.select().from(calendarEvents).where(eq(calendarEvents.orgId, actor.orgId));
    expect(rows).toHaveLength(8);
    expect(externalIdsUnique(rows)).toBe(true);
    const resync = h.script.requests.filter((r) => r.url.pathname.endsWith('/events') && r.url.searchParams.has('timeMin'));
    const timeMin = Date.parse(resync.at(-1)!.url.searchParams.get('timeMin')!);
    expect(Math.round((Date.now() - timeMin) / 86_400_000)).toBe(90);
    expect(h.lines.find((l) => l.msg === 'sync cursor expired: bounded full resync')).toMatchObject({
      provider: 'GOOGLE_CALENDAR',
      oldCursor,
    });
    expect((await integrationRow(h, actor.orgId, 'GOOGLE_CALENDAR')).status).toBe('CONNECTED');
  });
});

describe('tokens', () => {
  it('refreshes an access token refused with 401, keeps the new one sealed, and the next sync uses it', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const sealedBefore = (await integrationRow(h, actor.orgId, 'GMAIL')).encryptedCredentials;
    const before = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    const tokenCalls = () => h!.script.count((r) => r.method === 'POST' && r.url.pathname === '/token');
    expect(tokenCalls()).toBe(1);

    h.runtime.google.oauth.expireAccessTokens();
    await h.runtime.addEmail(mail('Question sur les charges'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(tokenCalls()).toBe(2);
    const row = await integrationRow(h, actor.orgId, 'GMAIL');
    expect(row.encryptedCredentials).not.toBe(sealedBefore);
    const after = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(row).toMatchObject({ status: 'CONNECTED', failureCount: 0 });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(8);

    // The next run starts with the refreshed token: no refresh, no 401.
    await h.runtime.addEmail(mail('Relance pour la visite'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(tokenCalls()).toBe(2);
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(9);
  });

  it('a run that refreshes its token after the agency connected again never overwrites the new connection’s tokens', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const harness = h;
    let fresh: GoogleCredentials | undefined;
    // The running sync's request is refused (401) once the agency has connected again meanwhile.
    h.script.failNext(
      (url) => url.pathname.endsWith('/history'),
      async () => {
        await harness.services.integrations.connect(actor, { provider: 'gmail', code: '4/0consent-reconnect' });
        fresh = await storedCredentials<GoogleCredentials>(harness, actor.orgId, 'GMAIL');
        return new Response(JSON.stringify({ error: { code: 401, message: 'Invalid Credentials', errors: [{ reason: 'authError' }] } }), {
          status: 401,
        });
      },
    );
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(fresh).toBeDefined();
    const stored = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    expect(stored.accessToken).toBe(fresh!.accessToken);
    expect(stored.refreshToken).toBe(fresh!.refreshToken);
  });

  it('invalid_grant: NEEDS_RECONNECT with a French error the agency sees, no retry, periodic sync stopped; connecting again resumes', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const { refreshToken } = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    const integration = await integrationRow(h, actor.orgId, 'GMAIL');
    h.runtime.google.oauth.revokeRefreshToken(refreshToken!);
    const unschedule = vi.spyOn(h.queue, 'unschedule');
    const historyCalls = () => h!.script.count((r) => r.url.pathname.endsWith('/history'));
    const calls = historyCalls();

    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await gmailView(h, actor)).toMatchObject({
      status: 'NEEDS_RECONNECT',
      failureCount: 1,
      lastError: 'Google a retiré l’accès de Monimmo à Gmail (autorisation révoquée ou expirée) : reconnectez le compte.',
    });
    // One try: the 401, the refused refresh, and nothing more.
    expect(historyCalls() - calls).toBe(1);
    expect(unschedule).toHaveBeenCalledWith(`integration-sync:${integration.id}`);
    await expect(h.services.integrations.sync(actor, 'gmail')).rejects.toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'INTEGRATION_NEEDS_RECONNECT' },
    });

    // The same mailbox again: its cursor is kept, the mail is not imported twice.
    const schedule = vi.spyOn(h.queue, 'schedule');
    await h.runtime.addEmail(mail('Après la reconnexion'));
    const again = await h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0consent-again' });
    expect(again).toMatchObject({ status: 'SYNC_QUEUED', lastError: null, failureCount: 0 });
    await h.queue.idle();
    expect(schedule).toHaveBeenCalledWith(
      h.services.jobs.integrationSync,
      { orgId: actor.orgId, integrationId: integration.id },
      { id: `integration-sync:${integration.id}`, everyMs: 300_000 },
    );
    expect(await gmailView(h, actor)).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(8);
    expect(externalIdsUnique(rows)).toBe(true);
  });

  it('WhatsApp token invalidated (Graph 190 on a media download): NEEDS_RECONNECT asking for a new token', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectWhatsApp(h, actor);
    h.runtime.whatsapp.revokeToken();
    h.runtime.receiveWhatsApp({
      phone: '33680442109',
      name: 'Claire Daumas',
      at: new Date(),
      media: { type: 'image', content: Buffer.from('89504e470d0a1a0a', 'hex'), mimeType: 'image/png' },
    });
    await h.services.integrations.sync(actor, 'whatsapp');
    await h.queue.idle();
    const view = (await h.services.integrations.list(actor)).items.find((i) => i.provider === 'WHATSAPP')!;
    expect(view).toMatchObject({
      status: 'NEEDS_RECONNECT',
      lastError: 'Meta a refusé le jeton d’accès WhatsApp (révoqué ou expiré) : reconnectez WhatsApp avec un nouveau jeton.',
    });
    expect(await allMessages(h, actor, 'WHATSAPP')).toHaveLength(6);
  });

  it('are unreadable in the database file: only their sealed form is stored', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await connectWhatsApp(h, actor);
    const google = await storedCredentials<GoogleCredentials>(h, actor.orgId, 'GMAIL');
    const { accessToken, appSecret, verifyToken } = h.runtime.settings.whatsapp;
    await h.database.client.execute('PRAGMA wal_checkpoint(PASSIVE)');
    const bytes = databaseBytes(h);
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const secret of [google.accessToken, google.refreshToken!, accessToken, appSecret, verifyToken]) {
      expect(bytes.includes(Buffer.from(secret)), `${secret.slice(0, 12)}… in the database file`).toBe(false);
    }
    // Nor returned by the API.
    expect(JSON.stringify(await h.services.integrations.list(actor))).not.toMatch(/ya29|1\/\/fake|EAA/);
  });

  it('a secret rotated with the old one kept in INTEGRATION_TOKEN_SECRET_PREVIOUS syncs on, resealing the tokens under the new one', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const logger = pino({ level: 'silent' });
    const config = {
      ...h.config,
      INTEGRATION_TOKEN_SECRET: 'a-new-operator-secret-of-at-least-32-characters',
      INTEGRATION_TOKEN_SECRET_PREVIOUS: [h.config.INTEGRATION_TOKEN_SECRET],
    };
    extraQueue = createQueue(config, logger);
    const rotated = createServices({
      config,
      database: h.database,
      storage: h.storage,
      ai: createAIProvider(config),
      queue: extraQueue,
      logger,
      connectors: h.connectors,
    });
    await extraQueue.startWorker(rotated.jobs.all, { onFinalFailure: rotated.jobs.onFinalFailure });
    await rotated.integrations.sync(actor, 'gmail');
    await extraQueue.idle();
    expect(await gmailView(h, actor)).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
    const row = await integrationRow(h, actor.orgId, 'GMAIL');
    const current = createCredentialsBox(config.INTEGRATION_TOKEN_SECRET);
    expect(row.encryptedCredentials!.split('.').slice(0, 2)).toEqual(['v2', current.keyId]);
    expect(current.open(row.encryptedCredentials!, row).credentials).toMatchObject({ kind: 'google' });
  });

  it('a rotated INTEGRATION_TOKEN_SECRET asks for a reconnection in French, never reads garbage', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const logger = pino({ level: 'silent' });
    const config = { ...h.config, INTEGRATION_TOKEN_SECRET: 'a-new-operator-secret-of-at-least-32-characters' };
    extraQueue = createQueue(config, logger);
    const rotated = createServices({
      config,
      database: h.database,
      storage: h.storage,
      ai: createAIProvider(config),
      queue: extraQueue,
      logger,
      connectors: h.connectors,
    });
    await extraQueue.startWorker(rotated.jobs.all, { onFinalFailure: rotated.jobs.onFinalFailure });
    await rotated.integrations.sync(actor, 'gmail');
    await extraQueue.idle();
    const view = (await rotated.integrations.list(actor)).items.find((i) => i.provider === 'GMAIL')!;
    expect(view).toMatchObject({
      status: 'NEEDS_RECONNECT',
      failureCount: 1,
      lastError:
        'Les identifiants enregistrés ne peuvent plus être déchiffrés (la clé de chiffrement du serveur a changé) : reconnectez Gmail.',
    });
    // The sealed tokens are left as they were: the old secret still opens them.
    const row = await integrationRow(h, actor.orgId, 'GMAIL');
    expect(createCredentialsBox(h.config.INTEGRATION_TOKEN_SECRET).open(row.encryptedCredentials!, row).credentials).toMatchObject({
      kind: 'google',
    });
    // Connecting again under the new secret starts over cleanly.
    await rotated.integrations.connect(actor, { provider: 'gmail', code: '4/0consent-after-rotation' });
    await extraQueue.idle();
    expect((await rotated.integrations.list(actor)).items.find((i) => i.provider === 'GMAIL')).toMatchObject({
      status: 'CONNECTED',
      lastError: null,
      failureCount: 0,
    });
  });
});
