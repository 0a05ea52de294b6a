import type { ServerResponse } from 'node:http';
import { API_VERSION } from '@monimmo/contract';
import type { Database } from '@monimmo/db';
import { sendJson } from './http/responses.ts';

/** Liveness and the state of each dependency; 503 when one is down. */
export function createHealth(database: Database) {
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
    const ok = databaseCheck.status === 'ok';
    sendJson(res, ok ? 200 : 503, {
      status: ok ? 'ok' : 'degraded',
      version: API_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      checks: { database: databaseCheck },
    }, { 'cache-control': 'no-store' });
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
