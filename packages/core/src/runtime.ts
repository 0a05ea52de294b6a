import { createAIProvider, stopPdfWorker } from '@monimmo/ai';
import type { Config } from '@monimmo/config';
import { createDb, migrateDb, type Database } from '@monimmo/db';
import { createQueue, type JobQueue } from '@monimmo/queue';
import { createStorage, type Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import { createEvents, type Events } from './events/index.ts';
import { createServices, type CoreServices } from './services.ts';

export interface Runtime {
  database: Database;
  storage: Storage;
  queue: JobQueue;
  events: Events;
  services: CoreServices;
  /** Stops taking jobs and finishes the running ones, then closes the database and storage. */
  close(): Promise<void>;
}

/**
 * Everything a host process needs, wired from the configuration: the API and the worker
 * start the same way. Only the API migrates (one process owns the schema); a host that
 * consumes jobs starts its worker here.
 */
export async function startRuntime(
  config: Config,
  logger: Logger,
  { migrate, consumeJobs }: { migrate: boolean; consumeJobs: (queue: JobQueue) => boolean },
): Promise<Runtime> {
  const database = await createDb(config.DATABASE_URL, {
    authToken: config.DATABASE_AUTH_TOKEN,
    busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
  });
  if (migrate) {
    const report = await migrateDb(database);
    if (report.applied) logger.info({ applied: report.applied }, 'database migrations applied');
    if (report.foreignKeyViolations.length)
      logger.error({ violations: report.foreignKeyViolations }, 'rows break a foreign key after the migrations (PRAGMA foreign_key_check)');
    // Until a person has looked: the rows a migration found naming another agency's, and what it did with them.
    if (report.tenancyMismatches.length) {
      // Ids only: the rows' own data (a prospect's note…) stays in the table.
      const mismatches = report.tenancyMismatches.map(({ rowData: _rowData, ...ids }) => ids);
      logger.warn(
        { mismatches },
        `${report.tenancyMismatches.length} cross-agency references were cleared by a migration: check them in tenancy_mismatches, then empty that table`,
      );
    }
  }
  const storage = createStorage(config);
  const queue = createQueue(config, logger);
  const events = createEvents(config, logger);
  const services = createServices({ config, database, storage, queue, events, ai: createAIProvider(config), logger });
  if (consumeJobs(queue)) {
    await queue.startWorker(services.jobs.all, { onFinalFailure: services.jobs.onFinalFailure });
    // One schedule however many workers start it: the pass itself is safe to run twice.
    await queue.schedule(services.jobs.recovery, {}, { id: 'recovery-pass', everyMs: config.RECOVERY_INTERVAL_MS });
    await queue.schedule(services.jobs.storageSweep, {}, { id: 'storage-sweep', everyMs: config.STORAGE_SWEEP_INTERVAL_MS });
    // The in-process driver forgot its schedules with the last process; BullMQ's are kept (this refreshes them).
    const integrations = await services.scheduleIntegrationSyncs();
    if (integrations) logger.info({ integrations }, 'periodic integration syncs scheduled');
  }
  return {
    database,
    storage,
    queue,
    events,
    services,
    async close() {
      await queue.close();
      await services.drain();
      services.events.close();
      await events.close();
      database.close();
      storage.close();
      await stopPdfWorker();
    },
  };
}
