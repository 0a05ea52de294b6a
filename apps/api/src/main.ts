import type { AddressInfo } from 'node:net';
import { loadConfigOrExit, usesDevSecret } from '@monimmo/config';
import { createLogger, startRuntime } from '@monimmo/core';
import { createApp } from './app.ts';
import { closeGracefully } from './shutdown.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
if (usesDevSecret(config)) logger.warn('JWT_SECRET is not set: using the development secret (refused in production)');

// Without Redis, jobs run here: every QUEUED answer still gets its work done.
const runtime = await startRuntime(config, logger, { migrate: true, consumeJobs: (queue) => queue.driver === 'in-process' });
const server = createApp({ config, ...runtime, logger });

server.listen(config.PORT, config.HOST, () => {
  const { port } = server.address() as AddressInfo;
  logger.info(
    { url: `http://${config.HOST}:${port}`, database: runtime.database.kind, queue: runtime.queue.driver },
    'Monimmo API listening',
  );
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Open event streams end now (their clients reconnect to a live process); the rest finishes.
    runtime.services.events.close();
    void closeGracefully(server, config.SHUTDOWN_TIMEOUT_MS, () => server.cutUploads()).then(async () => {
      await runtime.close();
      logger.info('stopped');
      process.exit(0);
    });
  });
}
