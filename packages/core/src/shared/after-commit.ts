import { QueueUnavailableError } from '@monimmo/queue';
import type { Logger } from 'pino';

/**
 * Queues the job a committed write made due. The row is the durable record and the recovery
 * pass queues what it finds waiting, so an unreachable queue is logged, not turned into a failed
 * request whose write is done (the client would retry it and record it twice).
 */
export async function queueAfterCommit(
  logger: Logger,
  work: () => Promise<unknown>,
  context: Record<string, unknown>,
  consequence: string,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    logger.warn({ err: error, ...context }, `queue unreachable: ${consequence}`);
  }
}
