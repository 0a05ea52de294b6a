import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAccessTokens } from '../auth/access-tokens.ts';
import { createConsentStates } from './consent-state.ts';

const SECRET = 'un-secret-de-chiffrement-de-test-0123456789';
const caller = { orgId: 'org-1', userId: 'user-1' };
const states = createConsentStates(SECRET);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => (error as { details?: { reason?: string } }).details?.reason,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('the OAuth state of a Google consent', () => {
  it('names its provider to the user of the agency who started it, and to no one else', async () => {
    const state = await states.sign({ ...caller, provider: 'google-calendar' });
    expect(await states.verify(state, caller)).toBe('google-calendar');
    expect(await refusal(states.verify(state, { ...caller, userId: 'user-2' }))).toBe('OAUTH_STATE_INVALID');
    expect(await refusal(states.verify(state, { ...caller, orgId: 'org-2' }))).toBe('OAUTH_STATE_INVALID');
  });

  it('is refused altered, under another secret, or when it is an access token signed with the same secret', async () => {
    const state = await states.sign({ ...caller, provider: 'gmail' });
    const [header, payload, signature] = state.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, provider: 'google-calendar' })).toString('base64url');
    expect(await refusal(states.verify(`${header}.${forged}.${signature}`, caller))).toBe('OAUTH_STATE_INVALID');
    expect(await refusal(createConsentStates(`${SECRET}-autre`).verify(state, caller))).toBe('OAUTH_STATE_INVALID');
    expect(await refusal(states.verify('pas-un-jeton', caller))).toBe('OAUTH_STATE_INVALID');
    const accessTokens = createAccessTokens({ secret: SECRET, issuer: 'monimmo', audience: 'monimmo-api', ttlSeconds: 900 });
    const access = await accessTokens.sign({ ...caller, sessionId: 's' });
    expect(await refusal(states.verify(access, caller))).toBe('OAUTH_STATE_INVALID');
  });

  it('expires after ten minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const state = await states.sign({ ...caller, provider: 'gmail' });
    vi.setSystemTime(Date.now() + 9 * 60_000);
    expect(await states.verify(state, caller)).toBe('gmail');
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(await refusal(states.verify(state, caller))).toBe('OAUTH_STATE_EXPIRED');
  });
});
