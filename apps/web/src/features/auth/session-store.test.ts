import { afterEach, describe, expect, it } from 'vitest';
import { SessionStore, type BrowserSession } from './session-store.ts';

const session = (accessToken: string, expiresIn = 900): BrowserSession =>
  ({
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    refreshTokenExpiresAt: '2027-01-01T00:00:00.000Z',
    user: { id: 'u1', firstName: 'Claire', lastName: 'Martin', role: 'ADMIN' },
    organization: { id: 'o1', name: 'Agence du Port', createdAt: '2026-12-07T00:00:00.000Z' },
  }) as unknown as BrowserSession;

const refused = (reason: string) => Object.assign(new Error('refused'), { data: { code: 'UNAUTHORIZED', details: { reason } } });
const stores: SessionStore[] = [];
const track = (store: SessionStore) => {
  stores.push(store);
  return store;
};

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('the session in memory', () => {
  it('asks the cookie once at page load, and says nobody is signed in when it has nothing', async () => {
    let calls = 0;
    const store = track(
      new SessionStore(async () => {
        calls += 1;
        throw refused('NO_SESSION_COOKIE');
      }),
    );
    const [a, b] = await Promise.all([store.ready(), store.ready()]);
    expect(a).toEqual({ status: 'signedOut' });
    expect(b).toBe(a);
    expect(calls).toBe(1);
    expect(await store.accessToken()).toBeNull();
  });

  it('renews the access token shortly before it expires, one exchange for all callers', async () => {
    let now = 0;
    let calls = 0;
    const store = track(
      new SessionStore(
        async () => {
          calls += 1;
          return session(`renewed-${calls}`);
        },
        () => now,
      ),
    );
    store.signIn(session('first', 900));
    expect(await store.accessToken()).toBe('first');
    now = 880_000; // 20 s left: inside the renewal margin
    const tokens = await Promise.all([store.accessToken(), store.accessToken(), store.accessToken()]);
    expect(tokens).toEqual(['renewed-1', 'renewed-1', 'renewed-1']);
    expect(calls).toBe(1);
  });

  it('signs out with the reason when the refresh token was reused, and tells the other tabs', async () => {
    const here = track(new SessionStore(async () => Promise.reject(refused('REFRESH_TOKEN_REUSED'))));
    const otherTab = track(new SessionStore(async () => session('other')));
    otherTab.signIn(session('other'));
    const seen = new Promise<void>((resolve) => otherTab.subscribe(() => resolve()));
    here.signIn(session('mine'));
    await here.refresh();
    expect(here.getSnapshot()).toEqual({ status: 'signedOut', reason: 'reused' });
    await seen;
    expect(otherTab.getSnapshot()).toEqual({ status: 'signedOut', reason: 'reused' });
  });

  it('says the session expired when a signed-in person can no longer renew it', async () => {
    const store = track(new SessionStore(async () => Promise.reject(refused('REFRESH_TOKEN_INVALID'))));
    store.signIn(session('mine'));
    expect(await store.refresh()).toBeNull();
    expect(store.getSnapshot()).toEqual({ status: 'signedOut', reason: 'expired' });
  });

  it('applies a change to the signed-in person without a new token', () => {
    const store = track(new SessionStore(async () => session('x')));
    store.signIn(session('mine'));
    store.update((s) => ({ ...s, organization: { ...s.organization, name: 'Agence du Vieux-Port' } }));
    const state = store.getSnapshot();
    expect(state.status === 'signedIn' && state.session.organization.name).toBe('Agence du Vieux-Port');
    expect(state.status === 'signedIn' && state.session.accessToken).toBe('mine');
  });
});
