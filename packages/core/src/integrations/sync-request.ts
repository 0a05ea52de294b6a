import { AppError, notFound, PROVIDER_SLUGS } from '@monimmo/contract';
import { integrations } from '@monimmo/db';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { connected, findIntegration, type IntegrationOperation as Op, type IntegrationsDeps } from './deps.ts';
import { PROVIDER_LABELS } from './failures.ts';
import { pullsProvider, syncJobKey, syncScheduleId } from './sync.ts';

/** Queues a sync now, on the agency's request; the periodic one runs anyway. */
export const requestSync: Op<'sync'> = async (deps, actor, slug) => {
  const { database } = deps;
  const provider = PROVIDER_SLUGS[slug];
  const row = await findIntegration(deps, actor.orgId, provider);
  if (!connected(row)) throw notFound('Integration');
  if (row.status === 'NEEDS_RECONNECT') {
    throw new AppError('INVALID_STATE', `${PROVIDER_LABELS[provider]} must be connected again before it can sync`, {
      reason: 'INTEGRATION_NEEDS_RECONNECT',
    });
  }
  // A run under way keeps its SYNCING status (its lease); the job queued now runs after it.
  await database.tx((tx) =>
    tx
      .update(integrations)
      .set({ status: 'SYNC_QUEUED' })
      .where(and(eq(integrations.id, row.id), eq(integrations.status, 'CONNECTED'))),
  );
  // Live WhatsApp has nothing to pull: its run only settles the status and the last error.
  const { jobId } = await deps.enqueueSync({ orgId: row.orgId, integrationId: row.id }, syncJobKey(row.id));
  return { jobId, status: 'QUEUED' as const };
};

/**
 * For the process that consumes jobs, at start: the periodic sync of every connected
 * integration. The in-process driver forgets its schedules with the process; BullMQ keeps
 * them in Redis, where scheduling again with the same interval changes nothing (and applies
 * a changed INTEGRATION_SYNC_INTERVAL_MS).
 */
export async function scheduleAllSyncs(deps: IntegrationsDeps): Promise<number> {
  const { database, connectors, settings } = deps;
  const rows = await database.db
    .select()
    .from(integrations)
    .where(and(inArray(integrations.status, ['CONNECTED', 'SYNC_QUEUED', 'SYNCING']), isNotNull(integrations.encryptedCredentials)));
  let scheduled = 0;
  for (const row of rows) {
    if (!pullsProvider(connectors, row.provider)) {
      // No periodic sync comes for it: a manual sync whose job was lost with its process
      // (in-process queue) would leave it SYNC_QUEUED, or SYNCING, for good. Its run settles it.
      if (row.status !== 'CONNECTED') await deps.enqueueSync({ orgId: row.orgId, integrationId: row.id }, syncJobKey(row.id));
      continue;
    }
    await deps.schedule({ orgId: row.orgId, integrationId: row.id }, syncScheduleId(row.id), settings.syncIntervalMs);
    scheduled += 1;
  }
  return scheduled;
}
