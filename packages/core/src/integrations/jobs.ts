import type { AIProvider } from '@monimmo/ai';
import type { Connectors } from '@monimmo/connectors';
import type { IntegrationProvider } from '@monimmo/contract';
import type { Database } from '@monimmo/db';
import { defineJob, type JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import type { CredentialsBox } from './credentials.ts';
import type { IngestQueues } from './ingest.ts';
import {
  calendarMatchPayload,
  createSyncRunner,
  pullsProvider,
  syncJobKey,
  syncPayload,
  syncScheduleId,
  webhookJobKey,
  webhookPayload,
  type SyncSettings,
} from './sync.ts';

export interface IntegrationJobDeps {
  database: Database;
  storage: Storage;
  ai: AIProvider;
  queue: JobQueue;
  integrations: {
    connectors: Connectors;
    box: CredentialsBox;
    logger: Logger;
    settings: SyncSettings;
    /** INTEGRATION_SYNC_INTERVAL_MS: the periodic sync the recovery pass restores. */
    syncIntervalMs: number;
  };
  /** The AI work an import hands over (triage, classification, transcription). */
  handOver: Omit<IngestQueues, 'matchEvent'>;
}

/** Mailbox, calendar and WhatsApp imports, and the matching of an appointment to a property. */
export function createIntegrationJobs(deps: IntegrationJobDeps) {
  const { queue } = deps;
  // Imports run on the `ingest` queue, so a mailbox backlog never delays AI work (nor the reverse);
  // the AI work they hand over (triage, classification, transcription, matching) stays on `ai`.
  const integrationSync = defineJob({
    name: 'integration-sync',
    queue: 'ingest',
    payload: syncPayload,
    handler: (p, ctx) => syncRunner.sync(p, ctx),
  });
  const whatsappIngest = defineJob({
    name: 'whatsapp-ingest',
    queue: 'ingest',
    payload: webhookPayload,
    handler: (p, ctx) => syncRunner.ingestWebhook(p, ctx),
  });
  /** A sync due again, with its periodic schedule (lost too when the queue was unreachable at connection). */
  async function resumeSync({ orgId, integrationId, provider }: { orgId: string; integrationId: string; provider: IntegrationProvider }) {
    const payload = { orgId, integrationId };
    if (pullsProvider(deps.integrations.connectors, provider)) {
      await queue.schedule(integrationSync, payload, { id: syncScheduleId(integrationId), everyMs: deps.integrations.syncIntervalMs });
    }
    await queue.enqueue(integrationSync, payload, { key: syncJobKey(integrationId) });
  }
  const calendarMatch = defineJob({
    name: 'calendar-event-match',
    queue: 'ai',
    payload: calendarMatchPayload,
    handler: (p) => syncRunner.matchEvent(p.orgId, p.eventId),
  });
  const syncRunner = createSyncRunner({
    database: deps.database,
    storage: deps.storage,
    ai: deps.ai,
    ...deps.integrations,
    queues: {
      ...deps.handOver,
      matchEvent: (orgId, eventId) => queue.enqueue(calendarMatch, { orgId, eventId }, { key: `calendar-event-match:${eventId}` }),
    },
    // Its own key: the running sync holds `integration-sync:<id>` until it ends.
    requeueSync: (payload, delayMs) =>
      queue.enqueue(integrationSync, payload, { key: `integration-sync-retry:${payload.integrationId}`, delayMs }),
    requeueWebhook: (payload, delayMs) =>
      queue.enqueue(whatsappIngest, payload, {
        key: `${webhookJobKey(
          payload.integrationId,
          payload.messages.map((m) => m.id),
        )}:retry`,
        delayMs,
      }),
    unschedule: (integrationId) => queue.unschedule(syncScheduleId(integrationId)),
  });

  return { integrationSync, whatsappIngest, calendarMatch, resumeSync };
}
