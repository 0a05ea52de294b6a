import { z } from 'zod';
import { errorFromFailure, errorFromResponse } from './errors.ts';

/** Tokens as the caller stores them (encrypted); `expiresAt` is an ISO 8601 instant. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: string;
  scope?: string;
}

export interface GoogleOAuthClientOptions {
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
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
  private readonly options: GoogleOAuthClientOptions;

  constructor(options: GoogleOAuthClientOptions) {
    this.options = options;
    this.tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
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
