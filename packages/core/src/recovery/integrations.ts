import type { IntegrationProvider } from '@monimmo/contract';
import { integrations, type Database } from '@monimmo/db';
import { and, asc, eq, isNotNull, lt } from 'drizzle-orm';

export interface StalledSyncsDeps {
  database: Database;
  /** Queues the sync again and restores its periodic schedule (both keyed: nothing doubles). */
  resume(row: { orgId: string; integrationId: string; provider: IntegrationProvider }): Promise<unknown>;
}

/**
 * Integrations left SYNC_QUEUED long after the last change lost their sync job (the queue was
 * unreachable when it was connected or asked to sync, or its Redis was flushed): queue it again.
 * A sync whose job still waits keeps its key, so it is not doubled; one waiting out a provider's
 * long Retry-After may run once early, and a refusal from the provider queues it again.
 */
export async function requeueStalledSyncs(
  { database, resume }: StalledSyncsDeps,
  { staleAfterMs, batchSize }: { staleAfterMs: number; batchSize: number },
  now: Date = new Date(),
) {
  const cutoff = new Date(now.getTime() - staleAfterMs).toISOString();
  const rows = await database.db
    .select({ integrationId: integrations.id, orgId: integrations.orgId, provider: integrations.provider })
    .from(integrations)
    .where(and(eq(integrations.status, 'SYNC_QUEUED'), isNotNull(integrations.encryptedCredentials), lt(integrations.updatedAt, cutoff)))
    .orderBy(asc(integrations.updatedAt))
    .limit(batchSize);
  for (const row of rows) await resume(row);
  return rows.length;
}
