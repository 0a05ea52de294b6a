import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, startApi, type ApiHarness } from './harness.ts';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ BODY_LIMIT_BYTES: '1024' });
});
afterAll(() => api.stop());

const tooLarge = JSON.stringify({ 0: { email: `${'a'.repeat(2000)}@exemple.fr`, password: 'x' } });

describe('refusals the host gives before tRPC runs', () => {
  it('answer a batch with one tRPC error per call, as the router would', async () => {
    const res = await fetch(`${api.baseUrl}/trpc/auth.login,auth.login?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: tooLarge,
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { message: string; data: unknown } }[];
    expect(body).toHaveLength(2);
    for (const call of body) {
      expect(call.error.data).toEqual({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, details: { limitBytes: 1024 } });
    }
  });

  it('answer a single call with one tRPC error', async () => {
    const res = await fetch(`${api.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: tooLarge,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { data: unknown } }).error.data).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      httpStatus: 413,
      details: { limitBytes: 1024 },
    });
  });

  it('answer REST with the one error body', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: tooLarge,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body exceeds 1024 bytes',
      details: { limitBytes: 1024 },
    });
  });
});

describe('the streaming upload routes', () => {
  it('say which field is wrong as the JSON operations do', async () => {
    const { token: accessToken } = await register(api);
    const form = new FormData();
    form.append('fileName', 'mandat.pdf');
    const res = await fetch(`${api.baseUrl}/api/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'BAD_REQUEST',
      message: 'Invalid input: file: a `file` part is required',
      details: { issues: [{ path: 'file', code: 'custom', message: 'a `file` part is required' }] },
    });
  });
});
