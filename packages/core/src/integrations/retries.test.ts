import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@monimmo/contract';
import { files, integrations, messages } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIngest, fromGmail, type IncomingMessage } from './ingest.ts';
import {
  agency,
  allMessages,
  connectGoogle,
  googleError,
  integrationHarness,
  integrationRow,
  isPath,
  mail,
  memoryLogger,
  type IntegrationHarness,
} from '../../test/integrations.ts';

let h: IntegrationHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

const view = async (harness: IntegrationHarness, actor: Actor, provider = 'GMAIL') =>
  (await harness.services.integrations.list(actor)).items.find((i) => i.provider === provider)!;
const syncLines = (harness: IntegrationHarness, msg: string) => harness.lines.filter((l) => l.job === 'integration-sync' && l.msg === msg);

/** Every object the local storage holds under its root. */
function storedObjects(root: string): number {
  let n = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else n += 1;
    }
  };
  walk(root);
  return n;
}

describe('retries', () => {
  it('429 with a Retry-After longer than the backoff: queued again after it, then success and the failure count back to 0', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const integration = await integrationRow(h, actor.orgId, 'GMAIL');
    await h.runtime.addEmail(mail('Disponible jeudi ?'));
    h.script.failNext(isPath('/history'), googleError(429, 'rateLimitExceeded', { 'retry-after': '1' }));
    const enqueue = vi.spyOn(h.queue, 'enqueue');

    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    const delayed = enqueue.mock.calls.find(([, , options]) => options.delayMs !== undefined);
    expect(delayed?.[1]).toEqual({ orgId: actor.orgId, integrationId: integration.id, retries: 1 });
    expect(delayed?.[2]).toEqual({ key: `integration-sync-retry:${integration.id}`, delayMs: 1000 });
    expect(h.lines.find((l) => l.msg.startsWith('provider asked to wait'))).toMatchObject({
      retryAfterMs: 1000,
      integrationId: integration.id,
    });
    expect(await view(h, actor)).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(8);
  });

  it('a provider error: the queue retries with its backoff and the next try succeeds', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await h.runtime.addEmail(mail('Les clés sont chez le gardien'));
    // A 429 without Retry-After, then a 503: two tries fail, the third goes through.
    h.script.failNext(isPath('/history'), googleError(429, 'rateLimitExceeded'));
    h.script.failNext(isPath('/history'), googleError(503, 'backendError'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(syncLines(h, 'job failed, will retry').map((l) => l.attempt)).toEqual([1, 2]);
    expect(await view(h, actor)).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(8);
  });

  it('out of tries: the failure stays visible in French until the next sync succeeds', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '2' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    h.script.failNext(isPath('/history'), googleError(503, 'backendError'), 2);
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await view(h, actor)).toMatchObject({
      status: 'CONNECTED',
      failureCount: 2,
      lastError: 'Gmail ne répond pas pour le moment ; la synchronisation sera relancée automatiquement.',
    });
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await view(h, actor)).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
  });

  it('a Retry-After with no try left is not waited for: the periodic sync comes back later', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '1' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    h.script.failNext(isPath('/history'), googleError(429, 'rateLimitExceeded', { 'retry-after': '120' }));
    const enqueue = vi.spyOn(h.queue, 'enqueue');
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(enqueue.mock.calls.filter(([, , options]) => options.delayMs !== undefined)).toEqual([]);
    expect(await view(h, actor)).toMatchObject({
      status: 'CONNECTED',
      failureCount: 1,
      lastError: expect.stringContaining('dans 2 minutes environ'),
    });
  });

  it('a refused request (our configuration) and a calendar that is gone are not retried', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await connectGoogle(h, actor, 'google-calendar');
    h.script.failNext(isPath('/history'), googleError(400, 'invalidArgument'));
    // With a sync token a 404 reads as an expired token; the full listing of the resync settles it.
    h.script.failNext(isPath('/events'), googleError(404, 'notFound'), 2);
    const historyCalls = h.script.count((r) => r.url.pathname.endsWith('/history'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.services.integrations.sync(actor, 'google-calendar');
    await h.queue.idle();
    expect(h.script.count((r) => r.url.pathname.endsWith('/history')) - historyCalls).toBe(1);
    expect(await view(h, actor)).toMatchObject({
      status: 'CONNECTED',
      failureCount: 1,
      lastError: expect.stringContaining('a refusé la demande de synchronisation'),
    });
    expect(await view(h, actor, 'GOOGLE_CALENDAR')).toMatchObject({
      status: 'CONNECTED',
      failureCount: 1,
      lastError: 'Google Agenda ne trouve plus le compte ou l’agenda synchronisé : vérifiez la connexion.',
    });
  });

  it('an unexpected error (storage unavailable) is retried and named in French meanwhile', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '1' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await h.runtime.addEmail({
      ...mail('Le diagnostic amiante'),
      attachments: [{ fileName: 'amiante.pdf', mimeType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }],
    });
    vi.spyOn(h.storage, 'put').mockRejectedValueOnce(new Error('ENOSPC: no space left on device'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await view(h, actor)).toMatchObject({
      failureCount: 1,
      lastError: 'Erreur inattendue pendant la synchronisation de Gmail ; nouvelle tentative automatique.',
    });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(7);
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await view(h, actor)).toMatchObject({ failureCount: 0, lastError: null });
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(8);
  });
});

describe('a sync stopped midway', () => {
  it('first sync dies on page 2: the committed page stays, the cursor does not move, the rerun completes without duplicates', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '1' });
    const actor = await agency(h);
    h.script.failNext(isPath('/messages', true), googleError(500, 'backendError'));
    await connectGoogle(h, actor, 'gmail');
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(3);
    expect(await integrationRow(h, actor.orgId, 'GMAIL')).toMatchObject({ cursor: null, status: 'CONNECTED', failureCount: 1 });

    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(7);
    expect((await h.database.db.select().from(files).where(eq(files.orgId, actor.orgId))).length).toBe(6);
    expect(await integrationRow(h, actor.orgId, 'GMAIL')).toMatchObject({
      status: 'CONNECTED',
      failureCount: 0,
      cursor: h.runtime.google.gmail.historyId,
    });
  });

  it('an incremental sync dies on page 2: the rerun imports exactly the new mail, once', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '1' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const cursor = (await integrationRow(h, actor.orgId, 'GMAIL')).cursor;
    for (const subject of ['Premier', 'Deuxième', 'Troisième', 'Quatrième']) await h.runtime.addEmail(mail(`${subject} message`));
    h.script.failNext(isPath('/history', true), googleError(503, 'backendError'));
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(10);
    expect((await integrationRow(h, actor.orgId, 'GMAIL')).cursor).toBe(cursor);

    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(11);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(11);
  });

  it('a crash between a commit and its AI jobs: the rerun of the page queues what was left', async () => {
    h = await integrationHarness({ JOB_ATTEMPTS: '2' });
    const actor = await agency(h);
    const enqueue = h.queue.enqueue.bind(h.queue);
    let refused = 0;
    vi.spyOn(h.queue, 'enqueue').mockImplementation((job, payload, options) => {
      // The first triage of the first page never reaches the queue (the process died).
      if (options.key.startsWith('triage-message:') && refused === 0) {
        refused += 1;
        return Promise.reject(new Error('process killed'));
      }
      return enqueue(job, payload, options);
    });
    await connectGoogle(h, actor, 'gmail');
    expect(refused).toBe(1);
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.aiStatus === 'PENDING')).toEqual([]);
    const docs = await h.database.db.select().from(files).where(eq(files.orgId, actor.orgId));
    expect(docs.filter((f) => f.status === 'UPLOADED')).toEqual([]);
  });

  it('a disconnection during a sync stops it at its next page, without an error', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    await h.runtime.addEmail(mail('Pendant la déconnexion'));
    h.script.failNext(isPath('/history'), async (request, pass) => {
      await h!.services.integrations.disconnect(actor, 'gmail');
      return pass(request);
    });
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    expect(await integrationRow(h, actor.orgId, 'GMAIL')).toMatchObject({
      status: 'DISCONNECTED',
      encryptedCredentials: null,
      lastError: null,
      failureCount: 0,
    });
    expect(syncLines(h, 'job finished')).not.toHaveLength(0);
  });
});

describe('concurrency', () => {
  it('two syncs of one integration at once: one runs, the other steps aside; nothing twice', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const integration = await integrationRow(h, actor.orgId, 'GMAIL');
    await h.runtime.addEmail(mail('Premier en même temps'));
    await h.runtime.addEmail(mail('Second en même temps'));
    const { logger, lines } = memoryLogger();
    const payload = { orgId: actor.orgId, integrationId: integration.id, retries: 0 };
    const run = () => h!.services.jobs.integrationSync.handler(payload, { jobId: 'direct', attempt: 1, log: logger });
    await Promise.all([run(), run(), h.services.integrations.sync(actor, 'gmail'), h.services.integrations.sync(actor, 'gmail')]);
    await h.queue.idle();
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(9);
    expect(lines.filter((l) => l.msg.startsWith('sync skipped'))).toHaveLength(1);
  });

  it('a sync that looks dead (SYNCING, untouched for 15 minutes) is taken over; a live one is not', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const integration = await integrationRow(h, actor.orgId, 'GMAIL');
    await h.runtime.addEmail(mail('Après une panne'));
    const { logger, lines } = memoryLogger();
    const run = () =>
      h!.services.jobs.integrationSync.handler(
        { orgId: actor.orgId, integrationId: integration.id, retries: 0 },
        { jobId: 'direct', attempt: 1, log: logger },
      );
    const setSyncing = (updatedAt: string) =>
      h!.database.db.update(integrations).set({ status: 'SYNCING', updatedAt }).where(eq(integrations.id, integration.id));

    await setSyncing(new Date().toISOString());
    await run();
    expect(lines.filter((l) => l.msg.startsWith('sync skipped'))).toHaveLength(1);
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(7);

    await setSyncing(new Date(Date.now() - 16 * 60_000).toISOString());
    await run();
    await h.queue.idle();
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(8);
    expect((await integrationRow(h, actor.orgId, 'GMAIL')).status).toBe('CONNECTED');
  });

  it('two imports of the same page at once write each message and file once, and leave no stray bytes in storage', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    const client = h.connectors.gmail({ tokens: await h.connectors.oauth.exchangeCode('4/0consent', 'http://localhost/callback') });
    const page: IncomingMessage[] = [];
    for await (const p of client.syncMailbox({ cursor: null }))
      page.push(...p.messages.map(fromGmail).filter((m): m is IncomingMessage => m !== null));
    const triaged: string[] = [];
    const ingest = createIngest({
      database: h.database,
      storage: h.storage,
      maxUploadBytes: 10_000_000,
      concurrency: 2,
      queues: {
        triage: async (_o, id) => triaged.push(id),
        classify: async () => undefined,
        transcribe: async () => undefined,
        matchEvent: async () => undefined,
      },
    });
    const target = { orgId: actor.orgId, integrationId: '00000000-0000-7000-8000-000000000000', provider: 'GMAIL' as const };
    const { logger } = memoryLogger();
    const [a, b] = await Promise.all([ingest.messagesPage(target, page, logger), ingest.messagesPage(target, page, logger)]);
    expect(a.imported + b.imported).toBe(7);
    expect(triaged).toHaveLength(7);
    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    expect(rows).toHaveLength(7);
    const docs = await h.database.db
      .select()
      .from(files)
      .where(and(eq(files.orgId, actor.orgId), eq(files.source, 'GMAIL')));
    expect(docs).toHaveLength(6);
    expect(storedObjects(h.config.LOCAL_STORAGE_DIR)).toBe(6);
    // And a third time, alone: nothing.
    expect((await ingest.messagesPage(target, page, logger)).imported).toBe(0);
    expect(await ingest.messagesPage(target, [], logger)).toEqual({ imported: 0 });
  });
});
