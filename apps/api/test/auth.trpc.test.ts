import type { AppRouter } from '@monimmo/contract';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, newAgency, startApi, trpcClient } from './harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

const client = (token?: () => string | undefined) => trpcClient(api, { token });

async function trpcError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return (error as TRPCClientError<AppRouter>).data as { code: string; httpStatus: number; details?: Record<string, unknown> };
}

describe('accounts over the typed tRPC client', () => {
  it('register → login → me → refresh → logout', async () => {
    const input = newAgency();
    const anonymous = client();
    const registered = await anonymous.auth.register.mutate(input);
    expect(registered.user.role).toBe('ADMIN');

    const session = await anonymous.auth.login.mutate({ email: input.email, password: input.password });
    let token: string | undefined = session.accessToken;
    const authed = client(() => token);
    const me = await authed.auth.me.query();
    expect(me).toMatchObject({ user: { email: input.email }, organization: { name: input.organizationName } });

    const refreshed = await anonymous.auth.refresh.mutate({ refreshToken: session.refreshToken });
    token = refreshed.accessToken;
    expect((await authed.auth.me.query()).user.id).toBe(me.user.id);

    expect(await authed.auth.logout.mutate({})).toEqual({ ok: true });
    const after = await trpcError(authed.auth.me.query());
    expect(after).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, details: { reason: 'SESSION_REVOKED' } });
  });

  it('batches calls in one request and carries our error codes', async () => {
    const s = await client().auth.register.mutate(newAgency());
    const authed = client(() => s.accessToken);
    const [me, users] = await Promise.all([authed.auth.me.query(), authed.users.list.query({ limit: 5 })]);
    expect(users.items.map((u) => u.id)).toContain(me.user.id);

    const invalid = await trpcError(authed.users.create.mutate({ accountType: 'CLIENT', firstName: 'Sans', lastName: 'Contact' }));
    expect(invalid).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(invalid.details?.issues).toEqual([expect.objectContaining({ path: 'email', message: 'a contact needs an e-mail or a phone' })]);

    const missing = await trpcError(authed.users.get.query({ id: '01938a6e-0000-7000-8000-000000000000' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });

    const lastAdmin = await trpcError(authed.users.update.mutate({ id: me.user.id, role: 'AGENT' }));
    expect(lastAdmin).toMatchObject({ code: 'INVALID_STATE', httpStatus: 422, details: { reason: 'LAST_ADMIN' } });
  });

  it('refuses calls without a valid token', async () => {
    expect(await trpcError(client().auth.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await trpcError(client(() => 'garbage').users.list.query({}))).toMatchObject({
      code: 'UNAUTHORIZED',
      details: { reason: 'TOKEN_INVALID' },
    });
  });

  it('answers 429 with Retry-After on repeated failed logins', async () => {
    const input = newAgency();
    await client().auth.register.mutate(input);
    const bad = { email: input.email, password: 'mauvais-mot-de-passe' };
    for (let i = 0; i < 5; i += 1) await trpcError(client().auth.login.mutate(bad));
    const res = await fetch(`${api.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('RATE_LIMITED');
  });
});
