import { z } from 'zod';
import { errorFromFailure, errorFromResponse } from './errors.ts';

/** Tokens as the caller stores them (encrypted); `expiresAt` is an ISO 8601 instant. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: string;
  scope?: string;
}

/** The one read-only scope each Google integration asks for at consent (and checks it was granted). */
export const GOOGLE_SCOPES = {
  GMAIL: 'https://www.googleapis.com/auth/gmail.readonly',
  GOOGLE_CALENDAR: 'https://www.googleapis.com/auth/calendar.readonly',
} as const;

export interface GoogleOAuthClientOptions {
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
  /** Google's consent screen. */
  authorizationUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});

/** Google's OAuth 2.0 token endpoint: form-encoded POST, JSON answer. */
export class GoogleOAuthClient {
  readonly tokenUrl: string;
  readonly authorizationUrl: string;
  private readonly options: GoogleOAuthClientOptions;

  constructor(options: GoogleOAuthClientOptions) {
    this.options = options;
    this.tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
    this.authorizationUrl = options.authorizationUrl ?? 'https://accounts.google.com/o/oauth2/v2/auth';
  }

  /**
   * Where to send the browser for consent. Offline access with `prompt=consent`: Google returns a
   * refresh token only then, and a reconnection needs a new one.
   */
  consentUrl(options: { scope: string; redirectUri: string; state: string }): string {
    const url = new URL(this.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: options.redirectUri,
      response_type: 'code',
      scope: options.scope,
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state: options.state,
    }).toString();
    return url.toString();
  }

  /** Trades the authorization code from the consent redirect for tokens (the refresh token comes only here). */
  exchangeCode(code: string, redirectUri: string): Promise<OAuthTokens> {
    return this.post({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, [code]);
  }

  /** A new access token; Google keeps the refresh token unless it says otherwise. */
  refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.post({ grant_type: 'refresh_token', refresh_token: refreshToken }, [refreshToken]);
  }

  private async post(params: Record<string, string>, secrets: string[]): Promise<OAuthTokens> {
    const { clientId, clientSecret } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const body = new URLSearchParams({ ...params, client_id: clientId, client_secret: clientSecret });
    let response: Response;
    let text: string;
    try {
      response = await doFetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      text = await response.text();
    } catch (error) {
      throw errorFromFailure('GOOGLE_OAUTH', error);
    }
    if (!response.ok)
      throw errorFromResponse('GOOGLE_OAUTH', response.status, response.headers, text, { secrets: [...secrets, clientSecret] });
    const parsed = TokenAnswer.safeParse(safeJson(text));
    if (!parsed.success) throw errorFromResponse('GOOGLE_OAUTH', 502, response.headers, 'unexpected token answer');
    const now = this.options.now?.() ?? Date.now();
    const answer = parsed.data;
    return {
      accessToken: answer.access_token,
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
      expiresAt: new Date(now + answer.expires_in * 1000).toISOString(),
      ...(answer.scope ? { scope: answer.scope } : {}),
    };
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
