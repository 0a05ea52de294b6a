import { loadConfigOrExit } from '@monimmo/config';
import { createLogger, startRuntime } from '@monimmo/core';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, 'worker');
if (!config.ENABLE_QUEUE) {
  // Nothing would reach this process: without Redis the API runs the jobs itself.
  console.error('ENABLE_QUEUE is off: jobs run inside the API process. Set ENABLE_QUEUE=true and REDIS_URL to run workers.');
  process.exit(78);
}

const runtime = await startRuntime(config, logger, { migrate: false, consumeJobs: () => true });
logger.info({ concurrency: config.JOB_WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX }, 'Monimmo worker consuming jobs');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the running jobs');
    void runtime.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  });
}
