import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConnectors, GmailClient, GoogleCalendarClient, type Connectors } from '@monimmo/connectors';
import { startFakeGoogle, type FakeGoogleServer } from '@monimmo/connectors/testing';
import { type ApiHarness, login, register, rest, startApi, trpcClient, type Session } from './harness.ts';

type Integration = { provider: string; status: string; accountLabel: string | null; connectedAt: string | null };
type Refusal = { code: string; details?: { reason?: string; provider?: string } };

const APP = 'https://app.agence-test.fr';
const CALLBACK = `${APP}/integrations/google/callback`;

/** A manager or an agent of the agency, signed in. */
async function staffOf(api: ApiHarness, admin: Session, role: 'AGENT' | 'MANAGER'): Promise<Session> {
  const email = `${role.toLowerCase()}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@agence-test.fr`;
  const created = await rest(api, '/users', {
    method: 'POST',
    token: admin.token,
    body: { accountType: 'AGENT', role, firstName: 'Inès', lastName: 'Moreau', email, password: 'mot-de-passe-agent' },
  });
  expect(created.status).toBe(201);
  return login(api, email, 'mot-de-passe-agent');
}

const start = (api: ApiHarness, who: Session, provider: string) =>
  rest<{ url: string } & Refusal>(api, `/integrations/${provider}/consent`, { method: 'POST', token: who.token, body: {} });
const complete = (api: ApiHarness, who: Session, body: Record<string, string>) =>
  rest<Integration & Refusal>(api, '/integrations/consent/complete', { method: 'POST', token: who.token, body });

/** The agency's integration rows: what a refused completion must leave untouched. */
const rowsOf = async (api: ApiHarness, who: Session) =>
  (
    await api.database.client.execute({
      sql: 'SELECT provider, connected_by_user_id, encrypted_credentials FROM integrations WHERE org_id = ?',
      args: [who.orgId],
    })
  ).rows;

describe('Google consent, live: the consent screen of Google, faked on 127.0.0.1', () => {
  let google: FakeGoogleServer;
  let api: ApiHarness;
  let admin: Session;
  let manager: Session;

  beforeAll(async () => {
    google = await startFakeGoogle({ emailAddress: 'contact@agence-test.fr' });
    const { clientId, clientSecret } = google.fake.oauth;
    // The live clients, with Google's endpoints at the fake's address.
    const live = createConnectors({ runtime: 'live', google: { clientId, clientSecret, tokenUrl: `${google.origin}/token` } });
    const connectors: Connectors = {
      ...live,
      gmail: (auth) => new GmailClient({ auth, baseUrl: google.origin }),
      calendar: (auth) => new GoogleCalendarClient({ auth, baseUrl: `${google.origin}/calendar/v3` }),
    };
    api = await startApi(
      { CONNECTOR_RUNTIME: 'live', GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret, APP_BASE_URL: APP },
      undefined,
      { connectors },
    );
    admin = await register(api);
    manager = await staffOf(api, admin, 'MANAGER');
  });
  afterAll(async () => {
    await api.stop();
    await google.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** What Google does with the URL: its consent screen, then the redirect back with `code` and `state`. */
  async function consent(url: string): Promise<URLSearchParams> {
    const answer = await fetch(`${google.origin}/o/oauth2/v2/auth${new URL(url).search}`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    return back.searchParams;
  }

  it("answers Google's consent URL for offline read-only access, with a state", async () => {
    const started = await start(api, manager, 'gmail');
    expect(started.status).toBe(200);
    const url = new URL(started.json.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    const { state, ...params } = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      client_id: google.fake.oauth.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/gmail.readonly',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
    });
    expect(state).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const calendar = new URL((await start(api, manager, 'google-calendar')).json.url);
    expect(calendar.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/calendar.readonly');
    expect(calendar.searchParams.get('state')).not.toBe(state);
  });

  it('lets only managers and administrators start, for Gmail or Calendar', async () => {
    const agent = await staffOf(api, admin, 'AGENT');
    expect((await start(api, agent, 'gmail')).json).toMatchObject({ code: 'FORBIDDEN' });
    expect((await start(api, agent, 'gmail')).status).toBe(403);
    expect((await start(api, admin, 'whatsapp')).status).toBe(400);
    expect((await rest(api, '/integrations/gmail/consent', { method: 'POST', body: {} })).status).toBe(401);
    expect((await complete(api, agent, { code: 'x', state: 'y' })).status).toBe(403);
    expect((await complete(api, admin, { state: 'y' })).status).toBe(400);
  });

  it('refuses a state of another user, another agency, expired or altered, and writes nothing; then connects with the right one', async () => {
    const started = await start(api, manager, 'gmail');
    const back = await consent(started.json.url);
    const code = back.get('code')!;
    const state = back.get('state')!;
    expect(state).toBe(new URL(started.json.url).searchParams.get('state'));

    const colleague = await staffOf(api, admin, 'MANAGER');
    const otherAgency = await register(api);
    const [header, payload, signature] = state.split('.') as [string, string, string];
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const [who, attempt, reason] of [
      [colleague, state, 'OAUTH_STATE_INVALID'],
      [admin, state, 'OAUTH_STATE_INVALID'],
      [otherAgency, state, 'OAUTH_STATE_INVALID'],
      [manager, tampered, 'OAUTH_STATE_INVALID'],
      [manager, 'pas-un-etat', 'OAUTH_STATE_INVALID'],
    ] as const) {
      const refused = await complete(api, who, { code, state: attempt });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ code: 'BAD_REQUEST', details: { reason } });
      expect(await rowsOf(api, who)).toEqual([]);
    }

    // Eleven minutes later, the state is no longer good (the access token still is: 15 minutes).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    expect((await complete(api, manager, { code, state })).json).toMatchObject({ details: { reason: 'OAUTH_STATE_EXPIRED' } });
    vi.useRealTimers();
    expect(await rowsOf(api, manager)).toEqual([]);

    // None of this spent the one-time code: it was never sent to Google.
    const connected = await complete(api, manager, { code, state });
    expect(connected.status).toBe(200);
    expect(connected.json).toMatchObject({ provider: 'GMAIL', accountLabel: 'contact@agence-test.fr' });
    expect(['SYNC_QUEUED', 'SYNCING', 'CONNECTED']).toContain(connected.json.status);
    const exchange = google.requests.filter((r) => r.path === '/token');
    expect(new URLSearchParams(exchange.at(-1)?.body).get('redirect_uri')).toBe(CALLBACK);
    const [row] = await rowsOf(api, manager);
    expect(row).toMatchObject({ provider: 'GMAIL', connected_by_user_id: manager.userId });
    expect(String(row!.encrypted_credentials)).not.toContain(code);

    // The same callback again: Google has spent the code.
    expect((await complete(api, manager, { code, state })).json).toMatchObject({ details: { reason: 'OAUTH_CODE_REFUSED' } });
  });

  it("refuses one provider's code under another provider's state: the scope was not granted", async () => {
    const agency = await register(api);
    const gmail = await consent((await start(api, agency, 'gmail')).json.url);
    const calendar = await consent((await start(api, agency, 'google-calendar')).json.url);
    const mixed = await complete(api, agency, { code: gmail.get('code')!, state: calendar.get('state')! });
    expect(mixed.status).toBe(400);
    expect(mixed.json).toMatchObject({ details: { reason: 'OAUTH_SCOPE_NOT_GRANTED' } });
    expect(await rowsOf(api, agency)).toEqual([]);
    // Through tRPC, as the web app completes.
    const client = trpcClient(api, { token: agency.token });
    const view = await client.integrations.completeGoogleConsent.mutate({ code: calendar.get('code')!, state: calendar.get('state')! });
    expect(view).toMatchObject({ provider: 'GOOGLE_CALENDAR', accountLabel: 'Agenda principal' });
  });

  it('says the person refused access, for the provider of the state', async () => {
    const agency = await register(api);
    google.fake.oauth.denyNextConsent();
    const back = await consent((await start(api, agency, 'google-calendar')).json.url);
    expect(back.get('code')).toBeNull();
    const denied = await complete(api, agency, { state: back.get('state')!, error: back.get('error')! });
    expect(denied.status).toBe(400);
    expect(denied.json).toMatchObject({ details: { reason: 'OAUTH_CONSENT_DENIED', provider: 'google-calendar' } });
    const failed = await complete(api, agency, { state: back.get('state')!, error: 'server_error' });
    expect(failed.json).toMatchObject({ details: { reason: 'OAUTH_CONSENT_FAILED' } });
    expect(await rowsOf(api, agency)).toEqual([]);
  });
});

describe('Google consent, mock runtime: the same flow without Google in between', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ APP_BASE_URL: APP });
  });
  afterAll(() => api.stop());

  it("answers the app's own callback with an accepted code and the state, which completes the connection", async () => {
    const admin = await register(api);
    const started = await start(api, admin, 'gmail');
    expect(started.status).toBe(200);
    const url = new URL(started.json.url);
    expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
    const code = url.searchParams.get('code')!;
    const state = url.searchParams.get('state')!;
    expect(code).toBeTruthy();
    expect(state).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const other = await register(api);
    expect((await complete(api, other, { code, state })).json).toMatchObject({ details: { reason: 'OAUTH_STATE_INVALID' } });
    expect(await rowsOf(api, other)).toEqual([]);

    const connected = await complete(api, admin, { code, state });
    expect(connected.status).toBe(200);
    expect(connected.json).toMatchObject({ provider: 'GMAIL', accountLabel: 'direction@vieuxport-immobilier.fr' });
    const list = await rest<{ items: Integration[] }>(api, '/integrations', { token: admin.token });
    expect(list.json.items.find((i) => i.provider === 'GMAIL')?.connectedAt).toEqual(expect.any(String));
  });
});
