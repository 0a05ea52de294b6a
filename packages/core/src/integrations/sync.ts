import { createHash } from 'node:crypto';
import { MESSAGE_PROPERTY_FLOOR, type AIProvider } from '@monimmo/ai';
import { WhatsAppClient, type ConnectorAuth, type Connectors } from '@monimmo/connectors';
import type { IntegrationProvider } from '@monimmo/contract';
import { calendarEvents, integrations, nowIso, type Database } from '@monimmo/db';
import type { JobContext } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq, inArray, isNotNull, isNull, lt, ne, notInArray, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { selectCandidates } from '../properties/candidates.ts';
import { CredentialsKeyMismatchError, type CredentialsBox, type GoogleCredentials, type WhatsAppCredentials } from './credentials.ts';
import { createFailureHandler, decideFailure, SyncAbandonedError, UnreadableCredentialsError, type FailureContext } from './failures.ts';
import { createIngest, fromGmail, fromWhatsApp, type IncomingMessage, type IngestQueues, type IngestTarget } from './ingest.ts';

type IntegrationRow = typeof integrations.$inferSelect;

export const syncPayload = z.object({
  orgId: z.uuid(),
  integrationId: z.uuid(),
  /** Delayed re-runs (after a Retry-After) this run descends from: they count as attempts. */
  retries: z.number().int().min(0).default(0),
});
export type SyncPayload = z.input<typeof syncPayload>;

const inboundMessage = z.object({
  id: z.string().min(1),
  from: z.string().min(1),
  fromName: z.string().nullable(),
  timestamp: z.string(),
  type: z.string(),
  text: z.string().nullable(),
  media: z
    .object({ id: z.string(), mimeType: z.string(), sha256: z.string().nullable(), fileName: z.string().nullable(), voice: z.boolean() })
    .nullable(),
  phoneNumberId: z.string(),
});
/** Messages one import job carries at most: a bigger delivery is queued as several jobs. */
export const WEBHOOK_BATCH = 1000;
export const webhookPayload = z.object({
  orgId: z.uuid(),
  integrationId: z.uuid(),
  messages: z.array(inboundMessage).min(1).max(WEBHOOK_BATCH),
  retries: z.number().int().min(0).default(0),
});
export type WebhookPayload = z.input<typeof webhookPayload>;

export const calendarMatchPayload = z.object({ orgId: z.uuid(), eventId: z.uuid() });

/** The job key of a webhook delivery: its wamids, so a replay while it waits queues nothing. */
export function webhookJobKey(integrationId: string, wamids: string[]): string {
  const digest = createHash('sha256')
    .update([...wamids].sort().join('\n'))
    .digest('base64url');
  return `whatsapp-ingest:${integrationId}:${digest}`;
}

/** The job key of an integration's sync: one waiting or running at a time. */
export const syncJobKey = (integrationId: string): string => `integration-sync:${integrationId}`;

/** The id of an integration's periodic sync: the same in every process, so scheduling it again replaces it. */
export const syncScheduleId = (integrationId: string): string => `integration-sync:${integrationId}`;

/** A sync whose status has not moved for this long is taken for dead (its worker was killed) and may be claimed again. */
export const SYNC_LEASE_MS = 15 * 60_000;
/** A full calendar sync starts this far back. */
export const CALENDAR_DAYS_BACK = 90;
/** Provider requests at once within one integration (media downloads; GmailClient fetches 4 messages at once itself). */
export const PROVIDER_CONCURRENCY = 4;

export interface SyncSettings {
  /** INTEGRATION_FULL_SYNC_MAX_ITEMS. */
  fullSyncMaxItems: number;
  /** MAX_UPLOAD_BYTES. */
  maxUploadBytes: number;
  /** JOB_ATTEMPTS, JOB_BACKOFF_DELAY_MS. */
  attempts: number;
  backoffMs: number;
}

export interface SyncDeps {
  database: Database;
  storage: Storage;
  ai: AIProvider;
  logger: Logger;
  connectors: Connectors;
  box: CredentialsBox;
  settings: SyncSettings;
  queues: IngestQueues;
  requeueSync(payload: SyncPayload, delayMs: number): Promise<unknown>;
  requeueWebhook(payload: WebhookPayload, delayMs: number): Promise<unknown>;
  unschedule(integrationId: string): Promise<void>;
}

type SealedRow = Pick<IntegrationRow, 'id' | 'orgId' | 'provider' | 'encryptedCredentials'>;

/**
 * Opens a row's stored credentials; anything unreadable asks for a reconnection, never garbage.
 * Credentials in the old format or under a retired key are written back sealed under the current
 * one (only over what was read), so a rotated secret can leave the key ring once every row was read.
 */
export async function openCredentials<T extends GoogleCredentials | WhatsAppCredentials>(
  database: Database,
  box: CredentialsBox,
  row: SealedRow,
): Promise<{ credentials: T; sealed: string }> {
  const stored = row.encryptedCredentials;
  if (!stored) throw new UnreadableCredentialsError(new Error('no stored credentials'));
  let opened: { credentials: T; resealed: string | null };
  try {
    opened = box.open<T>(stored, row);
  } catch (error) {
    if (error instanceof CredentialsKeyMismatchError) throw error;
    throw new UnreadableCredentialsError(error);
  }
  if (!opened.resealed) return { credentials: opened.credentials, sealed: stored };
  const [kept] = await database.tx((tx) =>
    tx
      .update(integrations)
      .set({ encryptedCredentials: opened.resealed })
      .where(and(eq(integrations.id, row.id), eq(integrations.encryptedCredentials, stored)))
      .returning({ id: integrations.id }),
  );
  return { credentials: opened.credentials, sealed: kept ? opened.resealed : stored };
}

/**
 * Whether this runtime pulls the provider: live WhatsApp is pushed to us (webhooks), the mock
 * runtime's WhatsApp is pulled like the others.
 */
export const pullsProvider = (connectors: Connectors, provider: IntegrationProvider): boolean =>
  provider !== 'WHATSAPP' || connectors.mock !== null;

/**
 * The sync and import jobs. A sync claims its integration (status SYNCING, a lease renewed at
 * each page), so two runs of one integration never work at once, whatever queued them (a person,
 * the periodic schedule, a retry); reads a page, commits its items, then moves the cursor: a run
 * killed midway resumes from the last committed page and imports nothing twice.
 */
export function createSyncRunner(deps: SyncDeps) {
  const { database, connectors, box, settings, logger } = deps;
  const ingest = createIngest({
    database,
    storage: deps.storage,
    queues: deps.queues,
    maxUploadBytes: settings.maxUploadBytes,
    concurrency: PROVIDER_CONCURRENCY,
  });
  const handleFailure = createFailureHandler({
    database,
    logger,
    attempts: settings.attempts,
    backoffMs: settings.backoffMs,
    unschedule: deps.unschedule,
  });

  async function claim(orgId: string, integrationId: string): Promise<IntegrationRow | null> {
    const staleBefore = new Date(Date.now() - SYNC_LEASE_MS).toISOString();
    const [row] = await database.tx((tx) =>
      tx
        .update(integrations)
        .set({ status: 'SYNCING' })
        .where(
          and(
            eq(integrations.id, integrationId),
            eq(integrations.orgId, orgId),
            isNotNull(integrations.encryptedCredentials),
            or(
              inArray(integrations.status, ['CONNECTED', 'SYNC_QUEUED']),
              and(eq(integrations.status, 'SYNCING'), lt(integrations.updatedAt, staleBefore)),
            ),
          ),
        )
        .returning(),
    );
    return row ?? null;
  }

  /** Renews the lease, and moves the cursor when given; a lost lease stops the run. */
  async function checkpoint(integrationId: string, cursor?: string | null): Promise<void> {
    const [kept] = await database.tx((tx) =>
      tx
        .update(integrations)
        .set(cursor === undefined ? { updatedAt: nowIso() } : { cursor })
        .where(and(eq(integrations.id, integrationId), eq(integrations.status, 'SYNCING')))
        .returning({ id: integrations.id }),
    );
    if (!kept) throw new SyncAbandonedError();
  }

  /** Google clients share one token state per run, written back (sealed) at each refresh. */
  function googleAuth(row: IntegrationRow, credentials: GoogleCredentials, opened: string): ConnectorAuth {
    // What this run read or last wrote: the tokens are written back over it only (compare-and-swap),
    // never over those of a connection made meanwhile (another account, or a new grant).
    let sealed = opened;
    const auth: ConnectorAuth = {
      tokens: {
        accessToken: credentials.accessToken,
        refreshToken: credentials.refreshToken ?? undefined,
        expiresAt: credentials.expiresAt,
      },
      refresh: (refreshToken) => connectors.oauth.refresh(refreshToken),
      onTokens: async (tokens) => {
        const next: GoogleCredentials = {
          kind: 'google',
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken ?? credentials.refreshToken,
          expiresAt: tokens.expiresAt,
          scope: tokens.scope ?? credentials.scope,
        };
        auth.tokens = { accessToken: next.accessToken, refreshToken: next.refreshToken ?? undefined, expiresAt: next.expiresAt };
        const resealed = box.seal(next, row);
        const [kept] = await database.tx((tx) =>
          tx
            .update(integrations)
            .set({ encryptedCredentials: resealed })
            .where(and(eq(integrations.id, row.id), ne(integrations.status, 'DISCONNECTED'), eq(integrations.encryptedCredentials, sealed)))
            .returning({ id: integrations.id }),
        );
        if (kept) sealed = resealed;
      },
    };
    return auth;
  }

  function mediaReader(credentials: WhatsAppCredentials): (mediaId: string) => Promise<Buffer> {
    // The mock runtime accepts any WhatsApp credentials at connection: it serves media under its own token.
    const client = connectors.mock ? connectors.mock.whatsappClient() : new WhatsAppClient({ accessToken: credentials.accessToken });
    return async (mediaId) => (await client.readMedia(mediaId)).content;
  }

  const targetOf = (row: IntegrationRow): IngestTarget => ({ orgId: row.orgId, integrationId: row.id, provider: row.provider });
  const present = <T>(value: T | null): value is T => value !== null;

  async function pull(
    row: IntegrationRow,
    cursor: string | null,
    session: { google?: ConnectorAuth; whatsapp?: WhatsAppCredentials },
    log: Logger,
  ): Promise<void> {
    const target = targetOf(row);
    if (row.provider === 'GMAIL') {
      const client = connectors.gmail(session.google!);
      for await (const page of client.syncMailbox({ cursor, maxMessages: settings.fullSyncMaxItems })) {
        await ingest.messagesPage(target, page.messages.map(fromGmail).filter(present), log);
        await checkpoint(row.id, page.nextCursor ?? undefined);
        if (page.truncated)
          log.info(
            { fullSync: page.fullSync, max: settings.fullSyncMaxItems },
            page.fullSync ? 'full sync bounded: older mail is not imported' : 'sync bounded: the rest comes with the next run',
          );
      }
    } else if (row.provider === 'GOOGLE_CALENDAR') {
      const client = connectors.calendar(session.google!);
      const timeMin = cursor === null ? new Date(Date.now() - CALENDAR_DAYS_BACK * 86_400_000) : undefined;
      for await (const page of client.syncEvents({ cursor, timeMin })) {
        await ingest.calendarPage(target, page.events, log);
        await checkpoint(row.id, page.nextCursor ?? undefined);
      }
    } else if (connectors.mock) {
      const readMedia = mediaReader(session.whatsapp!);
      let from = cursor;
      for (;;) {
        const page = connectors.mock.pullWhatsApp({ cursor: from });
        await ingest.messagesPage(target, page.messages.map((m) => fromWhatsApp(m, readMedia)).filter(present), log);
        await checkpoint(row.id, page.nextCursor);
        from = page.nextCursor;
        if (!page.hasMore) break;
      }
    }
  }

  async function syncOnce(row: IntegrationRow, log: Logger): Promise<void> {
    const { credentials, sealed } = await openCredentials(database, box, row);
    const session = credentials.kind === 'google' ? { google: googleAuth(row, credentials, sealed) } : { whatsapp: credentials };
    try {
      await pull(row, row.cursor, session, log);
    } catch (error) {
      if (row.cursor === null || decideFailure(error, row.provider).action !== 'RESYNC') throw error;
      // The gap: what the provider changed between the old cursor and the bounded resync's reach is not imported.
      log.warn(
        { integrationId: row.id, provider: row.provider, oldCursor: row.cursor, max: settings.fullSyncMaxItems },
        'sync cursor expired: bounded full resync',
      );
      await checkpoint(row.id, null);
      await pull(row, null, session, log);
    }
  }

  async function sync(payload: z.output<typeof syncPayload>, ctx: JobContext): Promise<void> {
    const row = await claim(payload.orgId, payload.integrationId);
    if (!row) {
      ctx.log.info(
        { integrationId: payload.integrationId },
        'sync skipped: another run holds it, or it is disconnected or waits for a reconnection',
      );
      return;
    }
    const log = ctx.log.child({ integrationId: row.id, provider: row.provider });
    const failure: FailureContext = {
      integrationId: row.id,
      provider: row.provider,
      kind: 'sync',
      attempt: ctx.attempt,
      retries: payload.retries,
      requeue: (delayMs, retries) => deps.requeueSync({ orgId: row.orgId, integrationId: row.id, retries }, delayMs),
    };
    try {
      await syncOnce(row, log);
    } catch (error) {
      await handleFailure(error, failure);
      return;
    }
    await database.tx((tx) =>
      tx
        .update(integrations)
        .set({ status: 'CONNECTED', failureCount: 0, lastError: null, lastSyncedAt: nowIso() })
        .where(and(eq(integrations.id, row.id), eq(integrations.status, 'SYNCING'))),
    );
  }

  /** Messages a WhatsApp webhook delivered (already verified): imported like a pulled page. */
  async function ingestWebhook(payload: z.output<typeof webhookPayload>, ctx: JobContext): Promise<void> {
    const [row] = await database.db
      .select()
      .from(integrations)
      .where(
        and(
          eq(integrations.id, payload.integrationId),
          eq(integrations.orgId, payload.orgId),
          ne(integrations.status, 'DISCONNECTED'),
          isNotNull(integrations.encryptedCredentials),
        ),
      );
    if (!row) {
      ctx.log.info({ integrationId: payload.integrationId }, 'webhook messages dropped: the integration was disconnected');
      return;
    }
    const log = ctx.log.child({ integrationId: row.id, provider: row.provider });
    const failure: FailureContext = {
      integrationId: row.id,
      provider: row.provider,
      kind: 'ingest',
      attempt: ctx.attempt,
      retries: payload.retries,
      requeue: (delayMs, retries) => deps.requeueWebhook({ ...payload, retries }, delayMs),
    };
    try {
      const readMedia = mediaReader((await openCredentials<WhatsAppCredentials>(database, box, row)).credentials);
      const page = payload.messages.map((m) => fromWhatsApp(m, readMedia)).filter((m): m is IncomingMessage => m !== null);
      await ingest.messagesPage({ ...targetOf(row), lastTry: ctx.attempt + payload.retries >= settings.attempts }, page, log);
    } catch (error) {
      await handleFailure(error, failure);
      return;
    }
    // The status belongs to the syncs; an import that went through clears the last error.
    await database.tx((tx) =>
      tx
        .update(integrations)
        .set({ failureCount: 0, lastError: null, lastSyncedAt: nowIso() })
        .where(and(eq(integrations.id, row.id), notInArray(integrations.status, ['DISCONNECTED', 'NEEDS_RECONNECT']))),
    );
  }

  /**
   * Ties an appointment to a property, as triage does a message: the agency's candidates, the AI's
   * match on title, description and place, at or above the floor and unambiguous; otherwise left
   * alone (an appointment goes to no review queue). Never overwrites a property already set.
   */
  async function matchEvent(orgId: string, eventId: string): Promise<void> {
    const [event] = await database.db
      .select()
      .from(calendarEvents)
      .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.orgId, orgId)));
    if (!event || event.propertyId || event.status === 'cancelled') return;
    const text = [event.description, event.location].filter(Boolean).join('\n');
    const candidates = await selectCandidates(database.db, orgId, { fromAddress: '', subject: event.title, body: text });
    if (candidates.length === 0) return;
    // No sender: attendees such as a notary or a prospect take part in several properties.
    const match = await deps.ai.matchProperty({ subject: event.title, text, candidates });
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

  return { sync, ingestWebhook, matchEvent };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;
