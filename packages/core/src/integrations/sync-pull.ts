import type { ConnectorAuth } from '@monimmo/connectors';
import { integrations, nowIso } from '@monimmo/db';
import type { JobContext } from '@monimmo/queue';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { publishAfterCommit } from '../events/after-commit.ts';
import type { WhatsAppCredentials } from './credentials.ts';
import { decideFailure, type FailureContext } from './failures.ts';
import { fromGmail, fromWhatsApp, type IngestTarget } from './ingest.ts';
import { checkpoint, claimIntegration } from './sync-lease.ts';
import { CALENDAR_DAYS_BACK, openCredentials, type IntegrationRow, type SyncRun, type syncPayload } from './sync-model.ts';
import { googleAuth, mediaReader } from './sync-session.ts';

export const targetOf = (row: IntegrationRow): IngestTarget => ({ orgId: row.orgId, integrationId: row.id, provider: row.provider });
const present = <T>(value: T | null): value is T => value !== null;

/** Reads the provider from the cursor, page by page: each page committed, then the cursor moved. */
async function pull(
  run: SyncRun,
  row: IntegrationRow,
  cursor: string | null,
  session: { google?: ConnectorAuth; whatsapp?: WhatsAppCredentials },
  log: Logger,
): Promise<void> {
  const { database, connectors, settings, ingest } = run;
  const target = targetOf(row);
  if (row.provider === 'GMAIL') {
    const client = connectors.gmail(session.google!);
    for await (const page of client.syncMailbox({ cursor, maxMessages: settings.fullSyncMaxItems })) {
      await ingest.messagesPage(target, page.messages.map(fromGmail).filter(present), log);
      await checkpoint(database, row.id, page.nextCursor ?? undefined);
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
      await checkpoint(database, row.id, page.nextCursor ?? undefined);
    }
  } else if (connectors.mock) {
    const readMedia = mediaReader(run, session.whatsapp!);
    let from = cursor;
    for (;;) {
      const page = connectors.mock.pullWhatsApp({ cursor: from });
      await ingest.messagesPage(target, page.messages.map((m) => fromWhatsApp(m, readMedia)).filter(present), log);
      await checkpoint(database, row.id, page.nextCursor);
      from = page.nextCursor;
      if (!page.hasMore) break;
    }
  }
}

/** One pull from the stored cursor; an expired cursor falls back to a bounded full resync. */
async function syncOnce(run: SyncRun, row: IntegrationRow, log: Logger): Promise<void> {
  const { database, box, settings } = run;
  const { credentials, sealed } = await openCredentials(database, box, row);
  const session = credentials.kind === 'google' ? { google: googleAuth(run, row, credentials, sealed) } : { whatsapp: credentials };
  try {
    await pull(run, row, row.cursor, session, log);
  } catch (error) {
    if (row.cursor === null || decideFailure(error, row.provider).action !== 'RESYNC') throw error;
    // The gap: what the provider changed between the old cursor and the bounded resync's reach is not imported.
    log.warn(
      { integrationId: row.id, provider: row.provider, oldCursor: row.cursor, max: settings.fullSyncMaxItems },
      'sync cursor expired: bounded full resync',
    );
    await checkpoint(database, row.id, null);
    await pull(run, row, null, session, log);
  }
}

/** The sync job: claims the integration, pulls, then settles its status (or hands the failure over). */
export async function runSync(run: SyncRun, payload: z.output<typeof syncPayload>, ctx: JobContext): Promise<void> {
  const { database } = run;
  const row = await claimIntegration(database, payload.orgId, payload.integrationId);
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
    requeue: (delayMs, retries) => run.requeueSync({ orgId: row.orgId, integrationId: row.id, retries }, delayMs),
  };
  try {
    await syncOnce(run, row, log);
  } catch (error) {
    await run.handleFailure(error, failure);
    return;
  }
  await database.tx(async (tx) => {
    await tx
      .update(integrations)
      .set({ status: 'CONNECTED', failureCount: 0, lastError: null, lastSyncedAt: nowIso() })
      .where(and(eq(integrations.id, row.id), eq(integrations.status, 'SYNCING')));
    publishAfterCommit(tx, { orgId: row.orgId, type: 'integration.sync_finished', itemId: row.id, to: 'CONNECTED' });
  });
}
