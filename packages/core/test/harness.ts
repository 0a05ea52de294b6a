import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@monimmo/config';
import { AppError } from '@monimmo/contract';
import { createDb, migrateDb, type Database } from '@monimmo/db';
import { createStorage, type Storage } from '@monimmo/storage';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createServices } from '../src/index.ts';

export interface CoreHarness {
  config: Config;
  database: Database;
  storage: Storage;
  services: ReturnType<typeof createServices>;
  dir: string;
  close(): void;
}

/** A migrated SQLite file in its own temp folder, and the services over it. */
export async function createCoreHarness(env: Record<string, string> = {}): Promise<CoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: join(dir, 'app.db'), LOCAL_STORAGE_DIR: join(dir, 'storage'), ...env });
  const database = await createDb(config.DATABASE_URL);
  await migrateDb(database);
  const storage = createStorage(config);
  const services = createServices({ config, database, storage, logger: pino({ level: 'silent' }) });
  return {
    config,
    database,
    storage,
    services,
    dir,
    close() {
      database.close();
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
