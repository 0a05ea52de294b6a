import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { GOOGLE_SCOPES } from '../oauth.ts';
import { json } from './http.ts';

export interface FakeOAuthOptions {
  clientId?: string;
  clientSecret?: string;
  now?: () => number;
}

interface AccessClaims {
  /** Refresh token (grant) it was issued under. */
  r: string;
  /** Expiry, epoch ms. */
  e: number;
  /** Issuing instance and its counter, so expireAccessTokens() can refuse what was issued so far. */
  i: string;
  n: number;
}

// Not a secret: the fake signs its tokens only to recognise them again, even after a restart.
const SIGNING_KEY = 'monimmo-fake-google-oauth';
export const FAKE_GOOGLE_SCOPE = Object.values(GOOGLE_SCOPES).join(' ');

/** What a code from the consent screen was issued for (`u`: redirect URI, `s`: scopes granted), and its identity. */
interface CodeClaims {
  u: string;
  s: string;
  c: string;
}

/** Google's token endpoint and the check of the Bearer tokens it issued. */
export class FakeGoogleOAuth {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly now: () => number;
  private readonly instance = randomUUID().slice(0, 8);
  private counter = 0;
  private expiredUpTo = 0;
  private readonly revokedGrants = new Set<string>();
  private readonly rejectedCodes = new Set<string>();
  private readonly usedCodes = new Set<string>();
  private denyNext = false;

  constructor(options: FakeOAuthOptions = {}) {
    this.clientId = options.clientId ?? 'monimmo-mock.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'GOCSPX-mock-client-secret';
    this.now = options.now ?? Date.now;
  }

  /** Every access token issued so far now answers 401 (the refresh tokens stay valid). */
  expireAccessTokens(): void {
    this.expiredUpTo = this.counter;
  }

  /** The user withdrew the app's access: the refresh token and its access tokens are refused. */
  revokeRefreshToken(refreshToken: string): void {
    const grant = this.read<{ g: string }>(refreshToken, '1//fake.');
    if (grant) this.revokedGrants.add(grant.g);
  }

  /** This authorization code will be refused with invalid_grant. */
  rejectCode(code: string): void {
    this.rejectedCodes.add(code);
  }

  /** The person refuses the next consent screen: it sends them back with `error=access_denied`. */
  denyNextConsent(): void {
    this.denyNext = true;
  }

  /**
   * Google's consent screen, accepted at once: back to `redirect_uri` with a one-time code bound to
   * that URI and to the scopes asked for, and the `state` untouched. A wrong client, redirect URI or
   * scope gets an error page instead, as with Google (no redirect).
   */
  handleConsent(request: Request): Response {
    const query = new URL(request.url).searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const scope = query.get('scope') ?? '';
    if (query.get('client_id') !== this.clientId)
      return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (!URL.canParse(redirectUri)) return json(400, { error: 'redirect_uri_mismatch', error_description: 'Bad redirect_uri' });
    const known: string[] = Object.values(GOOGLE_SCOPES);
    if (query.get('response_type') !== 'code' || !scope || scope.split(' ').some((s) => !known.includes(s))) {
      return json(400, { error: 'invalid_request', error_description: 'Some requested scopes were invalid.' });
    }
    const back = new URL(redirectUri);
    if (this.denyNext) {
      this.denyNext = false;
      back.searchParams.set('error', 'access_denied');
    } else {
      back.searchParams.set('code', this.sign('4/fake.', { u: redirectUri, s: scope, c: randomUUID() } satisfies CodeClaims));
      back.searchParams.set('scope', scope);
    }
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    return new Response(null, { status: 302, headers: { location: back.toString() } });
  }

  isValidAccessToken(authorization: string | null): boolean {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const claims = token ? this.read<AccessClaims>(token, 'ya29.fake.') : null;
    if (!claims || claims.e <= this.now() || this.revokedGrants.has(claims.r)) return false;
    return !(claims.i === this.instance && claims.n <= this.expiredUpTo);
  }

  async handleToken(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'POST required' });
    const form = new URLSearchParams(await request.text());
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    }
    switch (form.get('grant_type')) {
      case 'authorization_code': {
        const code = form.get('code');
        const redirectUri = form.get('redirect_uri');
        if (!redirectUri) return json(400, { error: 'invalid_request', error_description: 'Missing parameter: redirect_uri' });
        if (!code || this.rejectedCodes.has(code)) return json(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
        // A code from the consent screen serves once, for its redirect URI; any other code stands for a consent given elsewhere.
        let scope = FAKE_GOOGLE_SCOPE;
        if (code.startsWith('4/fake.')) {
          const claims = this.read<CodeClaims>(code, '4/fake.');
          if (!claims || this.usedCodes.has(claims.c)) return json(400, { error: 'invalid_grant', error_description: 'Bad Request' });
          if (claims.u !== redirectUri) return json(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
          this.usedCodes.add(claims.c);
          scope = claims.s;
        }
        const grant = randomUUID();
        return json(200, { ...this.accessAnswer(grant, scope), refresh_token: this.sign('1//fake.', { g: grant, s: scope }) });
      }
      case 'refresh_token': {
        const grant = this.read<{ g: string; s?: string }>(form.get('refresh_token') ?? '', '1//fake.');
        if (!grant || this.revokedGrants.has(grant.g))
          return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return json(200, this.accessAnswer(grant.g, grant.s ?? FAKE_GOOGLE_SCOPE));
      }
      default:
        return json(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    }
  }

  private accessAnswer(grant: string, scope: string) {
    const claims: AccessClaims = { r: grant, e: this.now() + 3599_000, i: this.instance, n: ++this.counter };
    return { access_token: this.sign('ya29.fake.', claims), expires_in: 3599, scope, token_type: 'Bearer' };
  }

  private sign(prefix: string, claims: object): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${prefix}${body}.${this.mac(body)}`;
  }

  private read<T>(token: string, prefix: string): T | null {
    if (!token.startsWith(prefix)) return null;
    const [body = '', mac = ''] = token.slice(prefix.length).split('.');
    const expected = Buffer.from(this.mac(body));
    if (Buffer.from(mac).length !== expected.length || !timingSafeEqual(Buffer.from(mac), expected)) return null;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  }

  private mac(body: string): string {
    return createHmac('sha256', SIGNING_KEY).update(body).digest('base64url');
  }
}
