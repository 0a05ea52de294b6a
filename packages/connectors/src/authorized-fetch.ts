import type { z } from 'zod';
import { ConnectorError, errorFromFailure, errorFromResponse, type ConnectorProvider } from './errors.ts';
import type { OAuthTokens } from './oauth.ts';

/** Tokens as stored by the caller; a stored `expiresAt` lets us refresh before a request fails. */
export interface TokenState {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string | Date;
  scope?: string;
}

export interface ConnectorAuth {
  tokens: TokenState;
  /** Usually `(rt) => oauth.refresh(rt)`; without it a refused token is AUTH_REVOKED at once. */
  refresh?: (refreshToken: string) => Promise<OAuthTokens>;
  /** Called with the complete new token set after each refresh, for the caller to persist. */
  onTokens?: (tokens: OAuthTokens) => void | Promise<void>;
}

export interface HttpOptions {
  fetch?: typeof fetch;
  /** Per request, answer body included. */
  timeoutMs?: number;
  now?: () => number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  /** The request carries a sync cursor, so a 404 means it expired. */
  cursor?: boolean;
  timeoutMs?: number;
  accept?: string;
}

// Refresh this long before the stored expiry rather than spend a request on a certain 401.
const EXPIRY_MARGIN_MS = 60_000;

/** fetch with a Bearer token: refreshes once on 401 (or shortly before expiry), maps failures to ConnectorError. */
export class AuthorizedFetch {
  private current: TokenState;
  private refreshing: Promise<TokenState> | undefined;
  private readonly provider: ConnectorProvider;
  private readonly auth: ConnectorAuth;
  private readonly options: HttpOptions;

  constructor(provider: ConnectorProvider, auth: ConnectorAuth, options: HttpOptions = {}) {
    this.provider = provider;
    this.auth = auth;
    this.options = options;
    this.current = { ...auth.tokens };
  }

  /** A successful answer, its body unread; anything else is thrown as a ConnectorError. */
  async request(url: string, options: RequestOptions = {}): Promise<Response> {
    if (this.isExpiring()) await this.refreshFrom(this.current.accessToken);
    const used = this.current.accessToken;
    let response = await this.send(url, used, options);
    if (response.status === 401 && this.canRefresh()) {
      await response.body?.cancel();
      const fresh = await this.refreshFrom(used);
      response = await this.send(url, fresh.accessToken, options);
    }
    if (response.ok) return response;
    const body = await response.text().catch(() => '');
    throw errorFromResponse(this.provider, response.status, response.headers, body, {
      ...(options.cursor ? { cursor: true } : {}),
      secrets: this.secrets(),
      now: this.now(),
    });
  }

  /** GET and validate a JSON answer. */
  async json<T>(url: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(url, options);
    let value: unknown;
    const unexpected = (cause: unknown) =>
      new ConnectorError({
        kind: 'TEMPORARY',
        provider: this.provider,
        status: response.status,
        message: `${this.provider} sent an answer of an unexpected shape`,
        cause,
      });
    try {
      value = await response.json();
    } catch (error) {
      throw error instanceof SyntaxError ? unexpected(error) : errorFromFailure(this.provider, error);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw unexpected(parsed.error);
    return parsed.data;
  }

  private async send(url: string, accessToken: string, options: RequestOptions): Promise<Response> {
    const target = withQuery(url, options.query);
    try {
      return await (this.options.fetch ?? fetch)(target, {
        headers: { authorization: `Bearer ${accessToken}`, accept: options.accept ?? 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw errorFromFailure(this.provider, error);
    }
  }

  private canRefresh(): boolean {
    return Boolean(this.auth.refresh && this.current.refreshToken);
  }

  private isExpiring(): boolean {
    if (!this.current.expiresAt || !this.canRefresh()) return false;
    return new Date(this.current.expiresAt).getTime() - EXPIRY_MARGIN_MS <= this.now();
  }

  // Concurrent requests refused with the same token share one refresh; a request refused with a
  // token another request already replaced simply retries with the new one.
  private async refreshFrom(refusedToken: string): Promise<TokenState> {
    if (this.current.accessToken !== refusedToken) return this.current;
    this.refreshing ??= this.runRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async runRefresh(): Promise<TokenState> {
    const { refresh } = this.auth;
    const refreshToken = this.current.refreshToken;
    if (!refresh || !refreshToken)
      throw new ConnectorError({
        kind: 'AUTH_REVOKED',
        provider: this.provider,
        message: `${this.provider} token expired and cannot be refreshed`,
      });
    const fresh = await refresh(refreshToken);
    const merged: OAuthTokens = { ...fresh, refreshToken: fresh.refreshToken ?? refreshToken };
    this.current = merged;
    await this.auth.onTokens?.({ ...merged });
    return merged;
  }

  private secrets(): string[] {
    return [this.current.accessToken, this.current.refreshToken, this.auth.tokens.accessToken, this.auth.tokens.refreshToken].filter(
      (s): s is string => Boolean(s),
    );
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

export function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) target.searchParams.set(key, String(value));
  return target.toString();
}
