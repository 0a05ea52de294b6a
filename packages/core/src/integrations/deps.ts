import type { Connectors } from '@monimmo/connectors';
import type { Actor, IntegrationProvider, IntegrationsService } from '@monimmo/contract';
import { integrations, type Database } from '@monimmo/db';
import type { JobQueue } from '@monimmo/queue';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queueAfterCommit } from '../shared/after-commit.ts';
import type { ConsentStates } from './consent-state.ts';
import type { CredentialsBox } from './credentials.ts';
import { syncJobKey, syncScheduleId, type SyncPayload } from './sync.ts';

export type IntegrationRow = typeof integrations.$inferSelect;

/** One operation of the service, taking its dependencies first: `(deps, actor, …args)`. */
export type IntegrationOperation<K extends keyof IntegrationsService> = IntegrationsService[K] extends (
  actor: Actor,
  ...args: infer A
) => infer R
  ? (deps: IntegrationsDeps, actor: Actor, ...args: A) => R
  : never;

export interface IntegrationsDeps {
  database: Database;
  queue: JobQueue;
  connectors: Connectors;
  box: CredentialsBox;
  /** Signs and checks the OAuth state of Google's consent. */
  consentStates: ConsentStates;
  logger: Logger;
  settings: {
    /** APP_BASE_URL: the OAuth redirect URI when the client gives none. */
    appBaseUrl: string;
    /** INTEGRATION_SYNC_INTERVAL_MS. */
    syncIntervalMs: number;
  };
  /** Queues the sync job (jobs.integrationSync) under its key. */
  enqueueSync(payload: SyncPayload, key: string): Promise<{ jobId: string }>;
  /** Schedules the periodic sync of an integration, or removes it. */
  schedule(payload: SyncPayload, id: string, everyMs: number): Promise<void>;
}

export async function findIntegration(
  { database }: IntegrationsDeps,
  orgId: string,
  provider: IntegrationProvider,
): Promise<IntegrationRow | undefined> {
  const [row] = await database.db
    .select()
    .from(integrations)
    .where(and(eq(integrations.orgId, orgId), eq(integrations.provider, provider)));
  return row;
}

export const unlessQueueDown = (deps: IntegrationsDeps, work: () => Promise<unknown>, row: IntegrationRow, consequence: string) =>
  queueAfterCommit(deps.logger, work, { integrationId: row.id, provider: row.provider }, consequence);

export const connected = (row: IntegrationRow | undefined): row is IntegrationRow =>
  Boolean(row && row.status !== 'DISCONNECTED' && row.encryptedCredentials);

export async function startSyncing(deps: IntegrationsDeps, row: IntegrationRow): Promise<{ jobId: string }> {
  const payload = { orgId: row.orgId, integrationId: row.id };
  await deps.schedule(payload, syncScheduleId(row.id), deps.settings.syncIntervalMs);
  return deps.enqueueSync(payload, syncJobKey(row.id));
}
