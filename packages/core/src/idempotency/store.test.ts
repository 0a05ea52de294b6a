import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { createIdempotencyStore, IDEMPOTENCY_TTL_MS } from './store.ts';

let h: CoreHarness;
let orgId: string;
beforeAll(async () => {
  h = await createCoreHarness();
  const s = await h.services.auth.register(
    { organizationName: 'Agence Clés', firstName: 'Paul', lastName: 'Giraud', email: 'paul@cles.fr', password: 'mot-de-passe-paul' },
    requestInfo(),
  );
  orgId = (await h.services.auth.authenticate(s.accessToken)).orgId;
});
afterAll(() => h.close());

describe('the idempotency store', () => {
  it('replays until the key expires, then runs again', async () => {
    let now = new Date('2026-06-01T10:00:00.000Z');
    const store = createIdempotencyStore(h.database, () => now);
    const request = { orgId, key: 'k-expiry', operation: 'POST /api/v1/properties', fingerprint: 'f1' };
    const first = await store.claim(request);
    expect(first.kind).toBe('claimed');
    expect(await store.claim(request)).toEqual({ kind: 'in-progress' });
    await store.complete((first as { id: string }).id, { status: 201, contentType: 'application/json', body: '{"id":"p1"}' });
    expect(await store.claim(request)).toEqual({
      kind: 'replay',
      answer: { status: 201, contentType: 'application/json', body: '{"id":"p1"}' },
    });
    expect(await store.claim({ ...request, fingerprint: 'f2' })).toEqual({ kind: 'mismatch' });
    expect(await store.claim({ ...request, operation: 'POST /api/v1/messages' })).toEqual({ kind: 'mismatch' });
    now = new Date(now.getTime() + IDEMPOTENCY_TTL_MS + 1000);
    expect((await store.claim({ ...request, fingerprint: 'f2' })).kind).toBe('claimed');
  });

  it('frees the key of a failed request, and of one abandoned by a dead process', async () => {
    const store = createIdempotencyStore(h.database);
    const request = { orgId, key: 'k-failed', operation: 'POST /api/v1/messages', fingerprint: 'f' };
    const first = (await store.claim(request)) as { id: string };
    await store.release(first.id);
    expect((await store.claim(request)).kind).toBe('claimed');
    // Sixteen minutes on, still IN_PROGRESS: its process died before answering.
    const later = createIdempotencyStore(h.database, () => new Date(Date.now() + 16 * 60_000));
    expect((await later.claim(request)).kind).toBe('claimed');
  });
});
