// The product as the API runs it by default: a fresh SQLite file migrated at start, local storage,
// the embedded queue (ENABLE_QUEUE=false) running every job in this process, and the services.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../packages/config/src/index.ts';
import { createLogger, startRuntime, type Runtime } from '../../packages/core/src/index.ts';

export interface Product {
  services: Runtime['services'];
  /** Resolves once every queued job (triage, classification, voice-note steps) has run. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startProduct(env: Record<string, string> = {}): Promise<Product> {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-eval-triage-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ENABLE_QUEUE: 'false',
    DATABASE_URL: join(dir, 'app.db'),
    LOCAL_STORAGE_DIR: join(dir, 'storage'),
    ...env,
  });
  const runtime = await startRuntime(config, createLogger(config.LOG_LEVEL), {
    migrate: true,
    consumeJobs: (queue) => queue.driver === 'in-process',
  });
  return {
    services: runtime.services,
    settle: () => runtime.queue.idle(120_000),
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
