import type { JobContext } from '@monimmo/queue';
import type { z } from 'zod';
import { matchEvent } from './calendar-match.ts';
import { createFailureHandler } from './failures.ts';
import { createIngest } from './ingest.ts';
import { PROVIDER_CONCURRENCY, type SyncDeps, type SyncRun, type syncPayload, type webhookPayload } from './sync-model.ts';
import { runSync } from './sync-pull.ts';
import { importWebhook } from './webhook-import.ts';

export * from './sync-model.ts';

/**
 * The sync and import jobs. A sync claims its integration (status SYNCING, a lease renewed at
 * each page), so two runs of one integration never work at once, whatever queued them (a person,
 * the periodic schedule, a retry); reads a page, commits its items, then moves the cursor: a run
 * killed midway resumes from the last committed page and imports nothing twice.
 */
export function createSyncRunner(deps: SyncDeps) {
  const { database, settings, logger } = deps;
  const run: SyncRun = {
    ...deps,
    ingest: createIngest({
      database,
      storage: deps.storage,
      queues: deps.queues,
      maxUploadBytes: settings.maxUploadBytes,
      concurrency: PROVIDER_CONCURRENCY,
    }),
    handleFailure: createFailureHandler({
      database,
      logger,
      attempts: settings.attempts,
      backoffMs: settings.backoffMs,
      unschedule: deps.unschedule,
    }),
  };
  return {
    sync: (payload: z.output<typeof syncPayload>, ctx: JobContext) => runSync(run, payload, ctx),
    ingestWebhook: (payload: z.output<typeof webhookPayload>, ctx: JobContext) => importWebhook(run, payload, ctx),
    matchEvent: (orgId: string, eventId: string) => matchEvent(run, orgId, eventId),
  };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;
