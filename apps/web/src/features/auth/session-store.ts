import type { RouterOutputs } from '../../lib/api-types.ts';

export type BrowserSession = RouterOutputs['session']['login'];
export type SignOutReason = 'logout' | 'expired' | 'reused';

export type SessionState =
  | { status: 'unknown' }
  | { status: 'signedIn'; session: BrowserSession; expiresAt: number }
  | { status: 'signedOut'; reason?: SignOutReason };

/** Renew this long before the access token expires, so no call leaves with a stale one. */
const RENEW_MARGIN_MS = 30_000;
const CHANNEL = 'monimmo-session';

type Message = { type: 'signed-out'; reason: SignOutReason } | { type: 'signed-in' };

/**
 * The signed-in person, in memory only: the access token never reaches storage a script could
 * read later, and the refresh token lives in an HttpOnly cookie the API sets. Tabs tell each other
 * when the session ends, so a stolen-token alarm signs every tab out at once.
 */
export class SessionStore {
  private state: SessionState = { status: 'unknown' };
  private readonly listeners = new Set<() => void>();
  private renewing: Promise<BrowserSession | null> | undefined;
  private readonly channel: BroadcastChannel | undefined;

  constructor(
    private readonly renew: () => Promise<BrowserSession>,
    private readonly now: () => number = Date.now,
  ) {
    this.channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);
    this.channel?.addEventListener('message', (event: MessageEvent<Message>) => {
      if (event.data.type === 'signed-out') this.set({ status: 'signedOut', reason: event.data.reason });
      // Another tab signed in: this one picks up the new cookie's session.
      if (event.data.type === 'signed-in' && this.state.status !== 'signedIn') void this.refresh();
    });
  }

  getSnapshot = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  signIn(session: BrowserSession): void {
    this.set({ status: 'signedIn', session, expiresAt: this.now() + session.expiresIn * 1000 });
    this.channel?.postMessage({ type: 'signed-in' } satisfies Message);
  }

  signOut(reason: SignOutReason): void {
    this.set({ status: 'signedOut', reason });
    this.channel?.postMessage({ type: 'signed-out', reason } satisfies Message);
  }

  /** A valid access token, renewed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const state = this.state;
    if (state.status === 'signedIn' && state.expiresAt - this.now() > RENEW_MARGIN_MS) return state.session.accessToken;
    if (state.status === 'signedOut') return null;
    const session = await this.refresh();
    return session?.accessToken ?? null;
  }

  /** Exchanges the refresh cookie for a new session; one exchange at a time, shared by all callers. */
  refresh(): Promise<BrowserSession | null> {
    this.renewing ??= this.renew()
      .then((session) => {
        this.set({ status: 'signedIn', session, expiresAt: this.now() + session.expiresIn * 1000 });
        return session;
      })
      .catch((error: unknown) => {
        const reason = (error as { data?: { details?: { reason?: string } } }).data?.details?.reason;
        if (reason === 'REFRESH_TOKEN_REUSED') this.signOut('reused');
        else if (this.state.status === 'signedIn') this.signOut('expired');
        else this.set({ status: 'signedOut' });
        return null;
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  /** Resolves once the first refresh (at page load) has said whether someone is signed in. */
  async ready(): Promise<SessionState> {
    if (this.state.status === 'unknown') await this.refresh();
    return this.state;
  }

  /** Applies a change to the signed-in person (their name, their agency) without a new token. */
  update(change: (session: BrowserSession) => BrowserSession): void {
    if (this.state.status === 'signedIn') this.set({ ...this.state, session: change(this.state.session) });
  }

  close(): void {
    this.channel?.close();
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
