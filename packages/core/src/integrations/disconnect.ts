import { notFound, PROVIDER_SLUGS } from '@monimmo/contract';
import { integrations } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { findIntegration, unlessQueueDown, type IntegrationOperation as Op } from './deps.ts';
import { syncScheduleId } from './sync.ts';
import { toIntegrationView } from './views.ts';

/** Erases the credentials and the cursor, and stops the periodic sync; what was imported stays. */
export const disconnectIntegration: Op<'disconnect'> = async (deps, actor, slug) => {
  const { database, queue } = deps;
  const provider = PROVIDER_SLUGS[slug];
  const current = await findIntegration(deps, actor.orgId, provider);
  if (!current || current.status === 'DISCONNECTED') throw notFound('Integration');
  const [row] = await database.tx((tx) =>
    tx
      .update(integrations)
      .set({ status: 'DISCONNECTED', encryptedCredentials: null, cursor: null, lastError: null, failureCount: 0 })
      .where(eq(integrations.id, current.id))
      .returning(),
  );
  // A schedule left behind finds the integration disconnected and does nothing.
  await unlessQueueDown(
    deps,
    () => queue.unschedule(syncScheduleId(current.id)),
    current,
    'its periodic sync stays scheduled and does nothing',
  );
  deps.logger.info({ integrationId: current.id, provider, orgId: actor.orgId, userId: actor.userId }, 'integration disconnected');
  return toIntegrationView(row!);
};
