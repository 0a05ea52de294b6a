import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, usesDevSecret } from '@monimmo/config';
import { createServices } from '@monimmo/core';
import { createDb, migrateDb } from '@monimmo/db';
import { createStorage } from '@monimmo/storage';
import { createApp } from './app.ts';
import { createLogger } from './logger.ts';
import { closeGracefully } from './shutdown.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = createLogger(config.LOG_LEVEL);
if (usesDevSecret(config)) logger.warn('JWT_SECRET is not set: using the development secret (refused in production)');

const database = await createDb(config.DATABASE_URL, {
  authToken: config.DATABASE_AUTH_TOKEN,
  busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
});
await migrateDb(database);
const storage = createStorage(config);
const services = createServices({ config, database, storage, logger });
const server = createApp({ config, database, storage, services, logger });

server.listen(config.PORT, config.HOST, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ url: `http://${config.HOST}:${port}`, database: database.kind }, 'Monimmo API listening');
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    void closeGracefully(server, config.SHUTDOWN_TIMEOUT_MS).then(async () => {
      await services.drain();
      database.close();
      storage.close();
      logger.info('stopped');
      process.exit(0);
    });
  });
}
