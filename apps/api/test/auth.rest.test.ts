import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, startApi, type ApiHarness } from './harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ BODY_LIMIT_BYTES: '4096', CORS_ORIGINS: 'https://app.monimmo.fr' });
});
afterAll(() => api.stop());

interface Call {
  method?: string;
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function call(path: string, { method = 'GET', token, body, raw, headers = {} }: Call = {}) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

async function register() {
  const input = newAgency();
  const res = await call('/api/v1/auth/register', { method: 'POST', body: input });
  expect(res.status).toBe(200);
  return { input, session: res.json as { accessToken: string; refreshToken: string; user: { id: string }; organization: { id: string } } };
}

describe('accounts over REST', () => {
  it('register → login → /me → refresh → logout with the OpenAPI paths', async () => {
    const { input } = await register();
    const login = await call('/api/v1/auth/login', {
      method: 'POST',
      body: { email: input.email, password: input.password },
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(login.status).toBe(200);
    const session = login.json as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await call('/api/v1/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email: input.email, role: 'ADMIN' }, organization: { name: input.organizationName } });

    const refreshed = await call('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const next = refreshed.json as { accessToken: string; refreshToken: string };

    // A second tab presenting the same token at once is answered, in the same session.
    const sibling = await call('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken } });
    expect(sibling.status).toBe(200);
    // Past the grace period, the rotated token coming back is reuse.
    await api.database.client.execute({
      sql: 'UPDATE refresh_tokens SET used_at = ? WHERE used_at IS NOT NULL',
      args: [new Date(Date.now() - 60_000).toISOString()],
    });
    const reuse = await call('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.json).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'REFRESH_TOKEN_REUSED' } });
    expect((await call('/api/v1/me', { token: next.accessToken })).status).toBe(401);

    const again = await call('/api/v1/auth/login', { method: 'POST', body: { email: input.email, password: input.password } });
    const s2 = again.json as { accessToken: string };
    const logout = await call('/api/v1/auth/logout', { method: 'POST', token: s2.accessToken, body: {} });
    expect(logout).toMatchObject({ status: 200, json: { ok: true } });
    expect((await call('/api/v1/me', { token: s2.accessToken })).status).toBe(401);
  });

  it('forgot-password answers the same for known and unknown e-mails', async () => {
    const { input } = await register();
    const known = await call('/api/v1/auth/forgot-password', { method: 'POST', body: { email: input.email } });
    const unknown = await call('/api/v1/auth/forgot-password', { method: 'POST', body: { email: 'inconnu@exemple.fr' } });
    expect(known).toMatchObject({ status: 200, json: { ok: true } });
    expect(unknown).toMatchObject({ status: 200, json: { ok: true } });
    const reset = await call('/api/v1/auth/reset-password', {
      method: 'POST',
      body: { token: 'faux-jeton', password: 'nouveau-mot-de-passe' },
    });
    expect(reset).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST', details: { reason: 'PASSWORD_TOKEN_INVALID' } } });
  });

  it('throttles logins with 429 and Retry-After', async () => {
    const { input } = await register();
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await call('/api/v1/auth/login', { method: 'POST', body: { email: input.email, password: 'mauvais-mot-de-passe' } })).status,
      ).toBe(401);
    }
    const limited = await call('/api/v1/auth/login', { method: 'POST', body: { email: input.email, password: input.password } });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('users over REST', () => {
  it('creates, reads, lists with filters and pages, and patches', async () => {
    const { session } = await register();
    const token = session.accessToken;
    const created = await call('/api/v1/users', {
      method: 'POST',
      token,
      body: { accountType: 'CLIENT', firstName: 'Amélie', lastName: 'Poulain', phone: '06 01 02 03 04' },
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect((await call(`/api/v1/users/${id}`, { token })).json).toMatchObject({ firstName: 'Amélie', accountType: 'CLIENT' });
    const list = await call('/api/v1/users?accountType=CLIENT&limit=1&q=am%C3%A9lie', { token });
    expect(list.json).toMatchObject({ items: [{ id }], nextCursor: null });
    const patched = await call(`/api/v1/users/${id}`, { method: 'PATCH', token, body: { city: 'Paris', postalCode: '75018' } });
    expect(patched.json).toMatchObject({ city: 'Paris', postalCode: '75018' });
  });

  it("keeps agencies apart: another agency's user is a 404 everywhere", async () => {
    const a = await register();
    const b = await register();
    const theirs = await call('/api/v1/users', {
      method: 'POST',
      token: b.session.accessToken,
      body: { accountType: 'NOTAIRE', firstName: 'Maître', lastName: 'Roche', email: 'roche@notaires.fr' },
    });
    const theirId = (theirs.json as { id: string }).id;
    for (const id of [theirId, b.session.user.id]) {
      expect((await call(`/api/v1/users/${id}`, { token: a.session.accessToken })).status).toBe(404);
      expect((await call(`/api/v1/users/${id}`, { method: 'PATCH', token: a.session.accessToken, body: { firstName: 'X' } })).status).toBe(
        404,
      );
    }
    const list = await call('/api/v1/users?limit=100', { token: a.session.accessToken });
    expect((list.json as { items: { id: string }[] }).items.map((u) => u.id)).toEqual([a.session.user.id]);
  });
});

describe('bad input never gets a 500', () => {
  let token: string;
  beforeAll(async () => {
    token = (await register()).session.accessToken;
  });

  const cases: [string, string, Call, number, string][] = [
    ['malformed JSON', '/api/v1/auth/login', { method: 'POST', raw: '{"email":' }, 400, 'BAD_REQUEST'],
    ['JSON array body', '/api/v1/auth/login', { method: 'POST', raw: '[1,2]' }, 400, 'BAD_REQUEST'],
    ['JSON null body', '/api/v1/auth/login', { method: 'POST', raw: 'null' }, 400, 'BAD_REQUEST'],
    ['empty body', '/api/v1/auth/login', { method: 'POST', raw: '' }, 400, 'BAD_REQUEST'],
    ['wrong types', '/api/v1/auth/login', { method: 'POST', body: { email: 42, password: true } }, 400, 'BAD_REQUEST'],
    ['invalid e-mail', '/api/v1/auth/register', { method: 'POST', body: { ...newAgency(), email: 'pas-un-email' } }, 400, 'BAD_REQUEST'],
    ['short password', '/api/v1/auth/register', { method: 'POST', body: { ...newAgency(), password: 'court' } }, 400, 'BAD_REQUEST'],
    [
      'text/plain body',
      '/api/v1/auth/login',
      { method: 'POST', raw: 'x', headers: { 'content-type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['empty body without content type', '/api/v1/auth/login', { method: 'POST', headers: {} }, 400, 'BAD_REQUEST'],
    [
      'body over the limit',
      '/api/v1/auth/login',
      { method: 'POST', body: { email: 'a@b.fr', password: 'x'.repeat(5000) } },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['unknown REST path', '/api/v1/nulle-part', {}, 404, 'NOT_FOUND'],
    ['wrong method', '/api/v1/auth/login', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED'],
    ['unknown root path', '/wp-admin', {}, 404, 'NOT_FOUND'],
    ['no token', '/api/v1/me', {}, 401, 'UNAUTHORIZED'],
    ['basic auth instead of bearer', '/api/v1/me', { headers: { authorization: 'Basic YTpi' } }, 401, 'UNAUTHORIZED'],
  ];
  it.each(cases)('%s → %i', async (_name, path, options, status, code) => {
    const res = await call(path, options);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ code, message: expect.any(String) });
    expect(Object.keys(res.json ?? {}).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  });

  const authed: [string, string, Call, number][] = [
    ['non-uuid id', '/api/v1/users/123', {}, 400],
    ['limit 0', '/api/v1/users?limit=0', {}, 400],
    ['limit 101', '/api/v1/users?limit=101', {}, 400],
    ['limit not a number', '/api/v1/users?limit=abc', {}, 400],
    ['bad enum', '/api/v1/users?accountType=PIRATE', {}, 400],
    ['garbage cursor', '/api/v1/users?cursor=%%%', {}, 400],
    [
      'bad postal code',
      '/api/v1/users',
      { method: 'POST', body: { accountType: 'CLIENT', firstName: 'A', lastName: 'B', phone: '0601020304', postalCode: '7500' } },
      400,
    ],
    [
      'staff without role',
      '/api/v1/users',
      { method: 'POST', body: { accountType: 'AGENT', firstName: 'A', lastName: 'B', email: 'x@y.fr' } },
      400,
    ],
    [
      'huge name',
      '/api/v1/users',
      { method: 'POST', body: { accountType: 'CLIENT', firstName: 'A'.repeat(1000), lastName: 'B', phone: '0601020304' } },
      400,
    ],
  ];
  it.each(authed)('%s → %i', async (_name, path, options, status) => {
    const res = await call(path, { ...options, token });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
  });

  it('lists each field problem in details.issues', async () => {
    const res = await call('/api/v1/auth/register', { method: 'POST', body: { organizationName: 'A', email: 'x' } });
    const issues = (res.json?.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['organizationName', 'firstName', 'lastName', 'email', 'password']));
  });
});

describe('host behaviour', () => {
  it('gives every response a request id, and keeps a well-formed incoming one', async () => {
    const own = await call('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers.get('x-request-id')).toBe('trace-123');
    const generated = await call('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the database in /health', async () => {
    const res = await call('/health');
    expect(res).toMatchObject({ status: 200, json: { status: 'ok', checks: { database: { status: 'ok' } } } });
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const allowed = await fetch(`${api.baseUrl}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.monimmo.fr', 'access-control-request-method': 'GET' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.monimmo.fr');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const denied = await fetch(`${api.baseUrl}/api/v1/me`, { headers: { origin: 'https://evil.example' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});
