import { integrations, nowIso, type Database } from '@monimmo/db';
import { and, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import { SyncAbandonedError } from './failures.ts';
import { SYNC_LEASE_MS, type IntegrationRow } from './sync-model.ts';

/** Takes the integration for this run (status SYNCING), unless another live run holds it or it cannot sync. */
export async function claimIntegration(database: Database, orgId: string, integrationId: string): Promise<IntegrationRow | null> {
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
export async function checkpoint(database: Database, integrationId: string, cursor?: string | null): Promise<void> {
  const [kept] = await database.tx((tx) =>
    tx
      .update(integrations)
      .set(cursor === undefined ? { updatedAt: nowIso() } : { cursor })
      .where(and(eq(integrations.id, integrationId), eq(integrations.status, 'SYNCING')))
      .returning({ id: integrations.id }),
  );
  if (!kept) throw new SyncAbandonedError();
}
