// The sync jobs' payloads, keys and settings, and what every phase of a run shares; sync.ts wires the phases.
import { createHash } from 'node:crypto';
import type { AIProvider } from '@monimmo/ai';
import type { Connectors } from '@monimmo/connectors';
import type { IntegrationProvider } from '@monimmo/contract';
import { integrations, type Database } from '@monimmo/db';
import type { Storage } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CredentialsKeyMismatchError, type CredentialsBox, type GoogleCredentials, type WhatsAppCredentials } from './credentials.ts';
import { UnreadableCredentialsError, type FailureHandler } from './failures.ts';
import type { Ingest, IngestQueues } from './ingest.ts';

export type IntegrationRow = typeof integrations.$inferSelect;

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

/** What every phase of a run works with: the runner's dependencies, its importer and its failure handler. */
export interface SyncRun extends SyncDeps {
  ingest: Ingest;
  handleFailure: FailureHandler;
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
