import type { AppRouter } from '@monimmo/contract';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi, trpcClient } from './harness.ts';

let api: ApiHarness;
const logs: string[] = [];
let token: string;

beforeAll(async () => {
  api = await startApi({}, { write: (line) => void logs.push(line) });
  token = (await register(api)).token;
  // From here on every query fails: an unexpected error, as a broken disk would cause.
  api.database.client.close();
});
afterAll(() => api.stop());

describe('unexpected errors', () => {
  it('REST answers 500 with a generic message and the request id; the stack goes to the log only', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-500' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error', details: { requestId: 'req-500' } });
    const logged = logs
      .map((l) => JSON.parse(l) as { requestId?: string; msg: string; err?: { stack?: string } })
      .find((l) => l.requestId === 'req-500' && l.msg === 'unhandled error');
    expect(logged?.err?.stack).toBeTruthy();
    // secrets never reach the log, even around failures
    expect(logs.join('\n')).not.toContain(token);
  });

  it('tRPC carries the same code without the cause', async () => {
    const client = trpcClient(api, { token, batch: false });
    const error = await client.auth.me.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const e = error as TRPCClientError<AppRouter>;
    expect(e.message).toBe('Internal server error');
    expect(e.data).toMatchObject({ code: 'INTERNAL_ERROR', httpStatus: 500, details: { requestId: expect.any(String) } });
    expect(JSON.stringify(e.data)).not.toContain('stack');
  });

  it('/health reports the database down with 503', async () => {
    const res = await fetch(`${api.baseUrl}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', checks: { database: { status: 'down' } } });
  });
});
