import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, rest, startApi, trpcClient, type ApiHarness } from './harness.ts';

let api: ApiHarness;
let behindProxy: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // The test's own requests come from 127.0.0.1: here that address is the trusted proxy.
  behindProxy = await startApi({ TRUST_PROXY: 'loopback' });
});
afterAll(async () => {
  await api.stop();
  await behindProxy.stop();
});

const THIRTY_DAYS = 30 * 24 * 3600;

interface CookieSeen {
  value: string;
  /** Attributes other than Max-Age, as written. */
  attributes: string[];
  maxAge: number;
}

/** The monimmo_refresh cookie a response sets, taken apart. */
function refreshCookieOf(headers: Headers): CookieSeen | undefined {
  const all = headers.getSetCookie().filter((h) => h.startsWith('monimmo_refresh='));
  expect(all.length).toBeLessThanOrEqual(1);
  const header = all[0];
  if (!header) return undefined;
  const [pair, ...rest] = header.split('; ');
  const maxAge = rest.find((a) => a.startsWith('Max-Age='));
  return {
    value: pair!.slice('monimmo_refresh='.length),
    attributes: rest.filter((a) => a !== maxAge).sort(),
    maxAge: Number(maxAge?.slice('Max-Age='.length)),
  };
}

/** What the session and auth procedures answer, loosely: each test reads the part it expects. */
interface Envelope {
  result: { data: { accessToken: string; refreshToken?: string; refreshTokenExpiresAt: string; user: { email: string }; ok?: true } };
  error: { data: { code: string; httpStatus: number; details?: Record<string, unknown> } };
}

interface TrpcAnswer {
  status: number;
  headers: Headers;
  /** One envelope, or one per call of a batch. */
  body: Envelope & Envelope[];
}

/** One raw call to /trpc, as the browser makes it (the cookie header given by hand: fetch keeps no jar). */
async function trpc(
  on: ApiHarness,
  path: string,
  { input, cookie, token, headers = {} }: { input?: unknown; cookie?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<TrpcAnswer> {
  const res = await fetch(`${on.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie: `monimmo_refresh=${cookie}` } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as TrpcAnswer['body'] };
}

/** A new agency through session.register; answers the login input, the JSON and the cookie. */
async function registerBrowser(on: ApiHarness = api) {
  const input = newAgency();
  const answer = await trpc(on, 'session.register', { input });
  expect(answer.status).toBe(200);
  const cookie = refreshCookieOf(answer.headers);
  expect(cookie).toBeDefined();
  return { input, session: answer.body.result.data, cookie: cookie!.value };
}

/** The status of a tRPC `auth.me` with this access token. */
const meWith = async (token: string) =>
  (await fetch(`${api.baseUrl}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** Ages every used refresh token past the reuse grace period, as the JSON route's test does. */
async function pastGracePeriod(on: ApiHarness) {
  await on.database.client.execute({
    sql: 'UPDATE refresh_tokens SET used_at = ? WHERE used_at IS NOT NULL',
    args: [new Date(Date.now() - 60_000).toISOString()],
  });
}

describe('browser sessions with an HttpOnly refresh cookie', () => {
  it('login sets the cookie with its exact attributes, and the JSON carries no refresh token', async () => {
    const { input } = await registerBrowser();
    const answer = await trpc(api, 'session.login', { input: { email: input.email, password: input.password } });
    expect(answer.status).toBe(200);
    const data = answer.body.result.data;
    expect(data).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: input.email } });
    expect(Object.keys(data).sort()).toEqual(['accessToken', 'expiresIn', 'organization', 'refreshTokenExpiresAt', 'tokenType', 'user']);

    const cookie = refreshCookieOf(answer.headers)!;
    expect(cookie.attributes).toEqual(['HttpOnly', 'Path=/trpc', 'SameSite=Strict']);
    expect(cookie.value).toMatch(/^[\w-]{20,200}$/);
    // Until refreshTokenExpiresAt: 30 days by default, give or take the test's own seconds.
    const untilExpiry = (Date.parse(data.refreshTokenExpiresAt) - Date.now()) / 1000;
    expect(Math.abs(cookie.maxAge - untilExpiry)).toBeLessThan(5);
    expect(cookie.maxAge).toBeGreaterThan(THIRTY_DAYS - 60);
    expect(cookie.maxAge).toBeLessThanOrEqual(THIRTY_DAYS);
    expect(await meWith(data.accessToken)).toBe(200);
  });

  it('refresh reads the cookie and rotates it; the old value after the grace period ends the whole session', async () => {
    const { cookie: first } = await registerBrowser();
    const refreshed = await trpc(api, 'session.refresh', { cookie: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.result.data.refreshToken).toBeUndefined();
    const second = refreshCookieOf(refreshed.headers)!;
    expect(second.value).not.toBe(first);
    expect(second.attributes).toEqual(['HttpOnly', 'Path=/trpc', 'SameSite=Strict']);
    expect(await meWith(refreshed.body.result.data.accessToken)).toBe(200);

    // A second tab refreshing with the same cookie at once is answered, in the same session.
    expect((await trpc(api, 'session.refresh', { cookie: first })).status).toBe(200);

    await pastGracePeriod(api);
    const reuse = await trpc(api, 'session.refresh', { cookie: first });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.data).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'REFRESH_TOKEN_REUSED' } });
    const cleared = refreshCookieOf(reuse.headers)!;
    expect(cleared).toEqual({ value: '', attributes: ['HttpOnly', 'Path=/trpc', 'SameSite=Strict'], maxAge: 0 });

    // The whole session ended: the newest cookie fails too, as does its access token.
    const after = await trpc(api, 'session.refresh', { cookie: second.value });
    expect(after.status).toBe(401);
    expect(after.body.error.data.code).toBe('UNAUTHORIZED');
    expect(refreshCookieOf(after.headers)?.maxAge).toBe(0);
    expect(await meWith(refreshed.body.result.data.accessToken)).toBe(401);
  });

  it('refresh without the cookie answers 401 NO_SESSION_COOKIE and sets nothing', async () => {
    const answer = await trpc(api, 'session.refresh');
    expect(answer.status).toBe(401);
    expect(answer.body.error.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, details: { reason: 'NO_SESSION_COOKIE' } });
    expect(answer.headers.getSetCookie()).toEqual([]);
    // Other cookies of the site are not taken for it.
    const other = await fetch(`${api.baseUrl}/trpc/session.refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'theme=sombre; monimmo_refresh=' },
    });
    expect(other.status).toBe(401);
    // A form (no JSON content type, so no CORS preflight) cannot reach it at all.
    const form = await fetch(`${api.baseUrl}/trpc/session.refresh`, { method: 'POST', headers: { cookie: 'monimmo_refresh=x' } });
    expect(form.status).toBe(415);
  });

  it("logout ends the cookie's session and clears the cookie", async () => {
    const { session, cookie } = await registerBrowser();
    const out = await trpc(api, 'session.logout', { cookie });
    expect(out.status).toBe(200);
    expect(out.body.result.data).toEqual({ ok: true });
    expect(refreshCookieOf(out.headers)).toEqual({ value: '', attributes: ['HttpOnly', 'Path=/trpc', 'SameSite=Strict'], maxAge: 0 });
    expect((await trpc(api, 'session.refresh', { cookie })).status).toBe(401);
    expect(await meWith(session.accessToken)).toBe(401);
  });

  it("logout without a cookie ends the bearer's session", async () => {
    const { session, cookie } = await registerBrowser();
    const out = await trpc(api, 'session.logout', { token: session.accessToken });
    expect(out.status).toBe(200);
    expect(refreshCookieOf(out.headers)?.maxAge).toBe(0);
    expect((await trpc(api, 'session.refresh', { cookie })).status).toBe(401);
    // Neither cookie nor bearer: nothing to end, as on the JSON route.
    expect((await trpc(api, 'session.logout')).status).toBe(401);
  });

  it('sets the cookie in a batched call, beside the other calls, even when one of them fails', async () => {
    const { input } = await registerBrowser();
    const batch = await trpc(api, 'session.login,auth.login?batch=1', {
      input: { 0: { email: input.email, password: input.password }, 1: { email: input.email, password: 'mauvais-mot-de-passe' } },
    });
    expect(batch.status).toBe(207);
    expect(batch.body[0]!.result.data.user.email).toBe(input.email);
    expect(batch.body[1]!.error.data.code).toBe('UNAUTHORIZED');
    const cookie = refreshCookieOf(batch.headers)!;
    expect(cookie.attributes).toEqual(['HttpOnly', 'Path=/trpc', 'SameSite=Strict']);
    expect((await trpc(api, 'session.refresh', { cookie: cookie.value })).status).toBe(200);
  });

  it('works from the typed tRPC client the web app uses (batched link)', async () => {
    const { input, cookie } = await registerBrowser();
    const client = trpcClient(api, { headers: { cookie: `monimmo_refresh=${cookie}` } });
    const [refreshed, other] = await Promise.all([
      client.session.refresh.mutate(),
      client.session.login.mutate({ email: input.email, password: input.password }),
    ]);
    expect(refreshed.user.email).toBe(input.email);
    expect(other.organization.name).toBe(input.organizationName);
    expect('refreshToken' in refreshed).toBe(false);
  });

  it('marks the cookie Secure when a trusted proxy says the request came over https, and only then', async () => {
    const { input } = await registerBrowser(behindProxy);
    const credentials = { email: input.email, password: input.password };
    const viaHttps = await trpc(behindProxy, 'session.login', { input: credentials, headers: { 'x-forwarded-proto': 'https' } });
    expect(refreshCookieOf(viaHttps.headers)!.attributes).toEqual(['HttpOnly', 'Path=/trpc', 'SameSite=Strict', 'Secure']);
    const cleared = await trpc(behindProxy, 'session.logout', {
      cookie: refreshCookieOf(viaHttps.headers)!.value,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(refreshCookieOf(cleared.headers)!.attributes).toContain('Secure');

    const viaHttp = await trpc(behindProxy, 'session.login', { input: credentials, headers: { 'x-forwarded-proto': 'http' } });
    expect(refreshCookieOf(viaHttp.headers)!.attributes).not.toContain('Secure');
    const plain = await trpc(behindProxy, 'session.login', { input: credentials });
    expect(refreshCookieOf(plain.headers)!.attributes).not.toContain('Secure');

    // Without a trusted proxy, a client's own X-Forwarded-Proto is not believed.
    const { input: direct } = await registerBrowser();
    const claimed = await trpc(api, 'session.login', {
      input: { email: direct.email, password: direct.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(refreshCookieOf(claimed.headers)!.attributes).toEqual(['HttpOnly', 'Path=/trpc', 'SameSite=Strict']);
  });

  it('leaves the JSON token routes as they were: refresh token in the body, no cookie', async () => {
    const input = newAgency();
    const registered = await rest<{ refreshToken: string }>(api, '/auth/register', { method: 'POST', body: input });
    expect(registered.status).toBe(200);
    expect(registered.json.refreshToken).toBeTruthy();
    expect(registered.headers.getSetCookie()).toEqual([]);

    const viaRest = await rest<{ refreshToken: string }>(api, '/auth/refresh', {
      method: 'POST',
      body: { refreshToken: registered.json.refreshToken },
    });
    expect(viaRest.status).toBe(200);
    expect(viaRest.json.refreshToken).toBeTruthy();
    expect(viaRest.headers.getSetCookie()).toEqual([]);

    const viaTrpc = await trpc(api, 'auth.refresh', { input: { refreshToken: viaRest.json.refreshToken } });
    expect(viaTrpc.status).toBe(200);
    expect(viaTrpc.body.result.data.refreshToken).toBeTruthy();
    expect(viaTrpc.headers.getSetCookie()).toEqual([]);

    // A refresh cookie sent to the JSON route is ignored: it wants the token in the body.
    const cookieOnly = await trpc(api, 'auth.refresh', { input: {}, cookie: viaTrpc.body.result.data.refreshToken });
    expect(cookieOnly.status).toBe(400);
  });

  it('keeps the session procedures out of REST', async () => {
    const answer = await rest(api, '/session/login', { method: 'POST', body: {} });
    expect(answer.status).toBe(404);
  });
});
