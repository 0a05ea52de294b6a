import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@monimmo/config';
import { AppError, type Actor } from '@monimmo/contract';
import { createDb, migrateDb, type Database } from '@monimmo/db';
import { createAIProvider, type AIProvider } from '@monimmo/ai';
import type { Connectors } from '@monimmo/connectors';
import { createQueue, type JobQueue } from '@monimmo/queue';
import { createStorage, type Storage } from '@monimmo/storage';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { createEvents, createServices, type Events, type MailMessage } from '../src/index.ts';

export interface CoreHarness {
  config: Config;
  database: Database;
  storage: Storage;
  queue: JobQueue;
  /** In-process, or Redis pub/sub with ENABLE_QUEUE (a worker's events reach this process). */
  events: Events;
  services: ReturnType<typeof createServices>;
  /** What the mailer delivered, secrets included, oldest first (the outbox keeps them masked). */
  mail: MailMessage[];
  dir: string;
  close(): Promise<void>;
}

/** A migrated SQLite file in its own temp folder, and the services over it. */
export async function createCoreHarness(
  env: Record<string, string> = {},
  options: { ai?: AIProvider; connectors?: Connectors; logger?: Logger; migrationsFolder?: string } = {},
): Promise<CoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: join(dir, 'app.db'),
    LOCAL_STORAGE_DIR: join(dir, 'storage'),
    ...env,
  });
  const database = await createDb(config.DATABASE_URL, { busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS });
  await migrateDb(database, options.migrationsFolder);
  const storage = createStorage(config);
  const logger = options.logger ?? pino({ level: 'silent' });
  // Jobs run in this process, as in the embedded default: every QUEUED answer gets done.
  const queue = createQueue(config, logger);
  const events = createEvents(config, logger);
  const mail: MailMessage[] = [];
  const mailTransport = { deliver: async (message: MailMessage) => void mail.push(message) };
  const services = createServices({
    config,
    database,
    storage,
    ai: options.ai ?? createAIProvider(config),
    queue,
    events,
    logger,
    mailTransport,
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  // With ENABLE_QUEUE the tests run a real worker process instead.
  if (queue.driver === 'in-process') await queue.startWorker(services.jobs.all, { onFinalFailure: services.jobs.onFinalFailure });
  return {
    config,
    database,
    storage,
    queue,
    events,
    services,
    mail,
    dir,
    async close() {
      await queue.close();
      await services.drain();
      services.events.close();
      await events.close();
      database.close();
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers a new agency and answers its admin as an actor, as a request would see them. */
export async function registerActor(h: CoreHarness, organizationName: string, email: string): Promise<Actor> {
  const session = await h.services.auth.register(
    { organizationName, firstName: 'Inès', lastName: 'Morel', email, password: 'mot-de-passe-ines' },
    requestInfo(),
  );
  return h.services.auth.authenticate(session.accessToken);
}

/** The demo seed's own documents and recordings (dpe.pdf, mandat.pdf, facade.jpg, visite-initiale-rue-paradis.m4a). */
export const seedAsset = (name: string): Buffer => readFileSync(new URL(`../src/seed-assets/${name}`, import.meta.url));

/** Recordings in MP4 layouts the voice-note pipeline must read (faststart, isom, with a video track). */
export const audioFixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/audio/${name}`, import.meta.url));

// A review item set up directly, for states no HTTP call reaches.
export { openReviewItem } from '../src/review-queue/service.ts';

export const requestInfo = (ip = '127.0.0.1') => ({ requestId: 'test', ip, userAgent: 'vitest' });

/** Asserts the promise rejects with an AppError of this code (and reason, when given). */
export async function expectAppError(promise: Promise<unknown>, code: string, reason?: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (reason) expect((error as AppError).details?.reason).toBe(reason);
  return error as AppError;
}
