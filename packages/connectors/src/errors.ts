/** The providers a connector talks to; GOOGLE_OAUTH is the token endpoint shared by Gmail and Calendar. */
export type ConnectorProvider = 'GMAIL' | 'GOOGLE_CALENDAR' | 'GOOGLE_OAUTH' | 'WHATSAPP';

/**
 * What the caller should do about a failure, not what the provider said:
 * TEMPORARY retry later, RATE_LIMITED retry after `retryAfterMs`, AUTH_REVOKED ask for a
 * reconnection, CURSOR_EXPIRED run a bounded full resync, NOT_FOUND skip the item,
 * INVALID_REQUEST a bug or a misconfiguration that retrying will not fix.
 */
export type ConnectorErrorKind = 'TEMPORARY' | 'RATE_LIMITED' | 'AUTH_REVOKED' | 'CURSOR_EXPIRED' | 'NOT_FOUND' | 'INVALID_REQUEST';

export interface ConnectorErrorInit {
  kind: ConnectorErrorKind;
  provider: ConnectorProvider;
  message: string;
  status?: number;
  retryAfterMs?: number;
  /** The provider's machine-readable reason (`rateLimitExceeded`, `invalid_grant`, `fullSyncRequired`, …). */
  reason?: string;
  cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly kind: ConnectorErrorKind;
  readonly provider: ConnectorProvider;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly reason?: string;

  constructor(init: ConnectorErrorInit) {
    super(redact(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.provider = init.provider;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.reason !== undefined) this.reason = init.reason;
  }
}

export const isConnectorError = (error: unknown): error is ConnectorError => error instanceof ConnectorError;

export interface ErrorContext {
  /** The request carried a sync cursor (Gmail startHistoryId): a 404 then means the cursor is too old. */
  cursor?: boolean;
  /** Values to blank out of the message whatever their shape (the tokens in use). */
  secrets?: readonly string[];
  /** Clock for Retry-After given as an HTTP date. */
  now?: number;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

// Google answers quota errors as 403 with these reasons (and 429 for the newer ones).
const GOOGLE_RATE_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'quotaExceeded',
  'RATE_LIMIT_EXCEEDED',
  'RESOURCE_EXHAUSTED',
]);
// Graph API throttling codes (app, account, WhatsApp pair and per-number limits).
const GRAPH_RATE_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);
// Graph 190 is "access token expired or invalidated": a WhatsApp system token cannot be refreshed.
const GRAPH_AUTH_CODES = new Set([102, 190]);

/** Maps one HTTP answer of a provider to a typed error. */
export function errorFromResponse(
  provider: ConnectorProvider,
  status: number,
  headers: HeaderBag,
  body: unknown,
  context: ErrorContext = {},
): ConnectorError {
  const info = describeBody(body);
  const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), context.now);
  const reasonText = info.reason ?? (info.code === undefined ? undefined : String(info.code));
  const make = (kind: ConnectorErrorKind, reason = reasonText) => {
    const detail = info.message ? `: ${truncate(info.message)}` : '';
    const message = scrub(`${provider} answered ${status}${reason ? ` (${reason})` : ''}${detail}`, context.secrets);
    return new ConnectorError({
      kind,
      provider,
      status,
      message,
      ...(reason ? { reason } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  };

  if (status === 429) return make('RATE_LIMITED');
  if (info.oauthError) {
    // Token endpoint: only invalid_grant says the user's grant is gone; the rest is our configuration.
    return make(info.oauthError === 'invalid_grant' ? 'AUTH_REVOKED' : 'INVALID_REQUEST', info.oauthError);
  }
  if (info.code !== undefined && GRAPH_RATE_CODES.has(info.code)) return make('RATE_LIMITED');
  if (info.code !== undefined && GRAPH_AUTH_CODES.has(info.code)) return make('AUTH_REVOKED');
  // Graph's "object with ID … does not exist" comes as a 400.
  if (info.code === 100 && info.subcode === 33) return make('NOT_FOUND');
  if (status === 401) return make('AUTH_REVOKED');
  if (status === 403) return make(info.reason && GOOGLE_RATE_REASONS.has(info.reason) ? 'RATE_LIMITED' : 'AUTH_REVOKED');
  if (status === 410 && (provider === 'GOOGLE_CALENDAR' || context.cursor)) return make('CURSOR_EXPIRED');
  if (status === 404 || status === 410) return make(context.cursor ? 'CURSOR_EXPIRED' : 'NOT_FOUND');
  if (status === 408 || status >= 500) return make('TEMPORARY');
  return make('INVALID_REQUEST');
}

/** A request that got no answer at all: refused connection, reset, DNS, timeout. */
export function errorFromFailure(provider: ConnectorProvider, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = error instanceof Error ? error.name : '';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const code = causeCode(error);
  const message = timedOut ? `${provider} did not answer in time` : `${provider} could not be reached${code ? ` (${code})` : ''}`;
  return new ConnectorError({ kind: 'TEMPORARY', provider, message, cause: error });
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

interface BodyInfo {
  message?: string;
  reason?: string;
  code?: number;
  subcode?: number;
  oauthError?: string;
}

function describeBody(body: unknown): BodyInfo {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
    try {
      value = JSON.parse(text);
    } catch {
      return text.trim() ? { message: text.trim() } : {};
    }
  }
  if (!isRecord(value)) return {};
  const error = value.error;
  // OAuth 2.0 token endpoint: { error: 'invalid_grant', error_description }.
  if (typeof error === 'string') {
    return { oauthError: error, ...(typeof value.error_description === 'string' ? { message: value.error_description } : {}) };
  }
  if (!isRecord(error)) return {};
  const info: BodyInfo = {};
  if (typeof error.message === 'string') info.message = error.message;
  // Graph API: { error: { code: 190, type: 'OAuthException' } }; Google: { error: { code: 404, status, errors } }.
  if (typeof error.code === 'number' && typeof error.type === 'string') {
    info.code = error.code;
    if (typeof error.error_subcode === 'number') info.subcode = error.error_subcode;
  }
  const first = Array.isArray(error.errors) ? error.errors.find(isRecord) : undefined;
  if (first && typeof first.reason === 'string') info.reason = first.reason;
  const detail = Array.isArray(error.details) ? error.details.find((d) => isRecord(d) && typeof d.reason === 'string') : undefined;
  if (!info.reason && isRecord(detail)) info.reason = String(detail.reason);
  if (!info.reason && typeof error.status === 'string' && error.status === 'RESOURCE_EXHAUSTED') info.reason = error.status;
  return info;
}

function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause && typeof cause.code === 'string' ? cause.code : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const truncate = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

function scrub(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

// Token shapes that must never reach a log through an error message, whoever echoed them.
const TOKEN_PATTERNS = [
  /ya29\.[\w.-]+/g,
  /1\/\/[\w.-]{10,}/g,
  /\bEAA[A-Za-z0-9]{20,}/g,
  /Bearer\s+[\w.~+/-]+=*/gi,
  /(access_token|refresh_token|code)=[^&\s"]+/gi,
];

function redact(message: string): string {
  return TOKEN_PATTERNS.reduce(
    (out, pattern) =>
      out.replace(pattern, (match) =>
        match.includes('=') && !match.startsWith('Bearer') ? `${match.split('=')[0]}=[redacted]` : '[redacted]',
      ),
    message,
  );
}
