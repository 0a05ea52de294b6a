import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOGLE_SCOPES, GoogleOAuthClient } from '../src/oauth.ts';
import { json } from '../src/fake/http.ts';
import { startFakeGoogle, type FakeGoogleServer } from './fake-google.ts';

let google: FakeGoogleServer;
beforeEach(async () => {
  google = await startFakeGoogle();
});
afterEach(() => google.close());

const catchError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );

describe('GoogleOAuthClient', () => {
  it('exchanges a code for tokens, form-encoded as Google expects', async () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    const oauth = new GoogleOAuthClient({
      clientId: google.fake.oauth.clientId,
      clientSecret: google.fake.oauth.clientSecret,
      tokenUrl: `${google.origin}/token`,
      now: () => now,
    });
    const tokens = await oauth.exchangeCode('4/0Aean-code', 'https://app.monimmo.test/callback');
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toMatch(/^1\/\//);
    expect(tokens.expiresAt).toBe('2026-11-25T10:59:59.000Z');
    expect(tokens.scope).toContain('gmail.readonly');
    const form = new URLSearchParams(google.requests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: '4/0Aean-code',
      redirect_uri: 'https://app.monimmo.test/callback',
      client_id: google.fake.oauth.clientId,
      client_secret: google.fake.oauth.clientSecret,
    });
  });

  it('refreshes an access token, without a new refresh token', async () => {
    const first = await google.connect();
    const refreshed = await google.oauth.refresh(first.refreshToken as string);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.refreshToken).toBeUndefined();
    expect(new URLSearchParams(google.requests[1]?.body).get('grant_type')).toBe('refresh_token');
  });

  it('reads invalid_grant as AUTH_REVOKED, without the token in the message', async () => {
    const { refreshToken } = await google.connect();
    google.fake.oauth.revokeRefreshToken(refreshToken as string);
    const error = await catchError(google.oauth.refresh(refreshToken as string));
    expect(error).toMatchObject({ kind: 'AUTH_REVOKED', reason: 'invalid_grant', provider: 'GOOGLE_OAUTH', status: 400 });
    expect(error.message).not.toContain(refreshToken);
    google.fake.oauth.rejectCode('used-code');
    expect(await catchError(google.oauth.exchangeCode('used-code', 'https://app.monimmo.test/callback'))).toMatchObject({
      kind: 'AUTH_REVOKED',
    });
    expect(await catchError(google.oauth.refresh('1//not-one-of-ours'))).toMatchObject({ kind: 'AUTH_REVOKED' });
  });

  it('reads a wrong client or a missing redirect URI as INVALID_REQUEST', async () => {
    const wrong = new GoogleOAuthClient({
      clientId: google.fake.oauth.clientId,
      clientSecret: 'GOCSPX-wrong-secret',
      tokenUrl: `${google.origin}/token`,
    });
    const error = await catchError(wrong.exchangeCode('code', 'https://app.monimmo.test/callback'));
    expect(error).toMatchObject({ kind: 'INVALID_REQUEST', reason: 'invalid_client', status: 401 });
    expect(error.message).not.toContain('GOCSPX-wrong-secret');
    expect(await catchError(google.oauth.exchangeCode('code', ''))).toMatchObject({ kind: 'INVALID_REQUEST', reason: 'invalid_request' });
  });

  it('reads an outage, an odd answer or no answer as TEMPORARY', async () => {
    google.failNext('/token', () => new Response('upstream error', { status: 503 }));
    expect(await catchError(google.connect())).toMatchObject({ kind: 'TEMPORARY', status: 503 });
    google.failNext('/token', () => json(200, { token_type: 'Bearer' }));
    expect(await catchError(google.connect())).toMatchObject({ kind: 'TEMPORARY' });
    google.failNext('/token', () => new Response('not json', { status: 200 }));
    expect(await catchError(google.connect())).toMatchObject({ kind: 'TEMPORARY' });
    google.hang('/token');
    const slow = new GoogleOAuthClient({ clientId: 'x', clientSecret: 'y', tokenUrl: `${google.origin}/token`, timeoutMs: 50 });
    expect(await catchError(slow.refresh('1//whatever'))).toMatchObject({
      kind: 'TEMPORARY',
      message: 'GOOGLE_OAUTH did not answer in time',
    });
    await google.close();
    expect(await catchError(google.connect())).toMatchObject({ kind: 'TEMPORARY' });
  });

  it('sends the browser to the consent screen for offline access, and the fake answers as Google does', async () => {
    const oauth = new GoogleOAuthClient({
      clientId: google.fake.oauth.clientId,
      clientSecret: google.fake.oauth.clientSecret,
      tokenUrl: `${google.origin}/token`,
      authorizationUrl: `${google.origin}/o/oauth2/v2/auth`,
    });
    const redirectUri = 'https://app.monimmo.test/integrations/google/callback';
    const url = new URL(oauth.consentUrl({ scope: GOOGLE_SCOPES.GMAIL, redirectUri, state: 'état signé' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: google.fake.oauth.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/gmail.readonly',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state: 'état signé',
    });
    expect(new GoogleOAuthClient({ clientId: 'id', clientSecret: 's' }).consentUrl({ scope: 's', redirectUri, state: 'x' })).toMatch(
      /^https:\/\/accounts\.google\.com\/o\/oauth2\/v2\/auth\?client_id=id&/,
    );

    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('état signé');
    const code = back.searchParams.get('code')!;
    // The code serves once, for the redirect URI it was issued for, with the scope asked for.
    expect(await catchError(oauth.exchangeCode(code, 'https://ailleurs.test/callback'))).toMatchObject({
      kind: 'INVALID_REQUEST',
      reason: 'redirect_uri_mismatch',
    });
    expect((await oauth.exchangeCode(code, redirectUri)).scope).toBe(GOOGLE_SCOPES.GMAIL);
    expect(await catchError(oauth.exchangeCode(code, redirectUri))).toMatchObject({ kind: 'AUTH_REVOKED', reason: 'invalid_grant' });

    google.fake.oauth.denyNextConsent();
    const denied = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'état signé' });
  });

  it('has a consent screen that shows an error page for a wrong client, redirect URI or scope', async () => {
    const consent = (params: Record<string, string>) =>
      fetch(`${google.origin}/o/oauth2/v2/auth?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
    const good = {
      client_id: google.fake.oauth.clientId,
      redirect_uri: 'https://app.test/cb',
      response_type: 'code',
      scope: GOOGLE_SCOPES.GMAIL,
    };
    expect((await consent(good)).status).toBe(302);
    expect((await consent({ ...good, client_id: 'someone-else' })).status).toBe(401);
    expect((await consent({ ...good, redirect_uri: 'pas une adresse' })).status).toBe(400);
    expect((await consent({ ...good, scope: 'https://mail.google.com/' })).status).toBe(400);
    expect((await consent({ ...good, response_type: 'token' })).status).toBe(400);
  });

  it('has a fake that refuses what Google refuses', async () => {
    expect((await fetch(`${google.origin}/token`)).status).toBe(405);
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: google.fake.oauth.clientId,
      client_secret: google.fake.oauth.clientSecret,
    });
    const answer = await fetch(`${google.origin}/token`, { method: 'POST', body: form });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await fetch(`${google.origin}/nowhere`)).status).toBe(404);
  });
});
