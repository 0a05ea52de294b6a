import { createClient, type Transaction } from '@libsql/client';
import { vocalFixture } from '@monimmo/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi } from './harness.ts';

let api: ApiHarness;
let token: string;

beforeAll(async () => {
  // A short busy timeout, so the test waits 200 ms rather than the default 10 s.
  api = await startApi({ DATABASE_BUSY_TIMEOUT_MS: '200' });
  token = (await register(api)).token;
});
afterAll(() => api.stop());

const property = {
  title: 'T2 Castellane',
  address: '40 rue de Rome',
  postalCode: '13006',
  city: 'Marseille',
  owner: { firstName: 'Anne', lastName: 'Vidal', email: 'anne.vidal@exemple.fr' },
};

describe('another process holding the SQLite write lock past the busy timeout', () => {
  it('answers 503 with Retry-After on every transport, never a 500, and works again once the lock is gone', async () => {
    // Another process writing the same file (a worker), as a second connection holding BEGIN IMMEDIATE.
    const other = createClient({ url: `file:${api.config.DATABASE_URL}` });
    let lock: Transaction | undefined = await other.transaction('write');
    try {
      const rest = await fetch(`${api.baseUrl}/api/v1/properties`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(property),
      });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('1');
      expect(await rest.json()).toEqual({
        code: 'UNAVAILABLE',
        message: 'The database is busy: try again in a moment',
        details: { reason: 'DATABASE_BUSY', retryAfterSeconds: 1 },
      });

      const rpc = await fetch(`${api.baseUrl}/trpc/properties.create`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(property),
      });
      expect(rpc.status).toBe(503);
      expect(((await rpc.json()) as { error: { data: unknown } }).error.data).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503 });

      // A streamed upload is written by the host's own route: the same answer.
      const audio = vocalFixture('visite-suivi.ogg');
      const upload = await fetch(`${api.baseUrl}/api/v1/vocals/upload?fileName=suivi.ogg`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/ogg' },
        body: audio,
      });
      expect(upload.status).toBe(503);

      await lock.rollback();
      lock = undefined;
      const after = await fetch(`${api.baseUrl}/api/v1/properties`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(property),
      });
      expect({ status: after.status, body: await after.json() }).toMatchObject({ status: 201 });
    } finally {
      await lock?.rollback();
      other.close();
    }
  });
});
