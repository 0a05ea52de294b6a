import { integrations, nowIso } from '@monimmo/db';
import type { JobContext } from '@monimmo/queue';
import { and, eq, isNotNull, ne, notInArray } from 'drizzle-orm';
import type { z } from 'zod';
import { publishAfterCommit } from '../events/after-commit.ts';
import type { WhatsAppCredentials } from './credentials.ts';
import type { FailureContext } from './failures.ts';
import { fromWhatsApp, type IncomingMessage } from './ingest.ts';
import { openCredentials, type SyncRun, type webhookPayload } from './sync-model.ts';
import { targetOf } from './sync-pull.ts';
import { mediaReader } from './sync-session.ts';

/** Messages a WhatsApp webhook delivered (already verified): imported like a pulled page. */
export async function importWebhook(run: SyncRun, payload: z.output<typeof webhookPayload>, ctx: JobContext): Promise<void> {
  const { database, box, settings } = run;
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
    requeue: (delayMs, retries) => run.requeueWebhook({ ...payload, retries }, delayMs),
  };
  try {
    const readMedia = mediaReader(run, (await openCredentials<WhatsAppCredentials>(database, box, row)).credentials);
    const page = payload.messages.map((m) => fromWhatsApp(m, readMedia)).filter((m): m is IncomingMessage => m !== null);
    await run.ingest.messagesPage({ ...targetOf(row), lastTry: ctx.attempt + payload.retries >= settings.attempts }, page, log);
  } catch (error) {
    await run.handleFailure(error, failure);
    return;
  }
  // The status belongs to the syncs; an import that went through clears the last error.
  await database.tx(async (tx) => {
    await tx
      .update(integrations)
      .set({ failureCount: 0, lastError: null, lastSyncedAt: nowIso() })
      .where(and(eq(integrations.id, row.id), notInArray(integrations.status, ['DISCONNECTED', 'NEEDS_RECONNECT'])));
    publishAfterCommit(tx, { orgId: row.orgId, type: 'integration.sync_finished', itemId: row.id });
  });
}
