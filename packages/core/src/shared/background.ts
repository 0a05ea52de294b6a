import type { Logger } from 'pino';

/**
 * Work finished after the response has gone, so that its duration tells the caller nothing
 * (e.g. whether an e-mail exists). Hosts `drain()` it before closing the database.
 */
export function createBackgroundTasks(logger: Logger) {
  const pending = new Set<Promise<void>>();
  return {
    run(task: string, fn: () => Promise<unknown>): void {
      const promise: Promise<void> = fn()
        .then(() => undefined)
        .catch((err: unknown) => logger.error({ err, task }, 'background task failed'))
        .finally(() => pending.delete(promise));
      pending.add(promise);
    },
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export type BackgroundTasks = ReturnType<typeof createBackgroundTasks>;
