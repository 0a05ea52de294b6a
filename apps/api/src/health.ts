import type { ServerResponse } from 'node:http';
import { API_VERSION } from '@monimmo/contract';
import type { Database } from '@monimmo/db';
import type { JobQueue } from '@monimmo/queue';
import { sendJson } from './http/responses.ts';

/**
 * Liveness and the state of each dependency. 503 when the database or Redis is down; a queue
 * with no live worker is `degraded` (jobs wait) but the API itself still serves.
 */
export function createHealth(database: Database, queue: JobQueue) {
  const startedAt = Date.now();
  return async (res: ServerResponse): Promise<void> => {
    const started = performance.now();
    let databaseCheck: { status: 'ok' | 'down'; latencyMs: number; error?: string };
    try {
      await database.ping();
      databaseCheck = { status: 'ok', latencyMs: round(performance.now() - started) };
    } catch (error) {
      databaseCheck = { status: 'down', latencyMs: round(performance.now() - started), error: (error as Error).message };
    }
    const queueState = await queue.health();
    const down = databaseCheck.status === 'down' || queueState.redis === 'down';
    const degraded = down || queueState.workers === 0;
    sendJson(
      res,
      down ? 503 : 200,
      {
        status: degraded ? 'degraded' : 'ok',
        version: API_VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        checks: { database: databaseCheck, queue: { driver: queue.driver, ...queueState } },
      },
      { 'cache-control': 'no-store' },
    );
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
