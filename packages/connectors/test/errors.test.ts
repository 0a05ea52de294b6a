import { describe, expect, it } from 'vitest';
import { ConnectorError, errorFromFailure, errorFromResponse, isConnectorError, parseRetryAfter } from '../src/errors.ts';

const googleBody = (code: number, reason: string, message = 'Something') => ({
  error: { code, message, errors: [{ domain: 'global', reason, message }], status: 'X' },
});
const graphBody = (code: number, subcode?: number) => ({
  error: { message: 'Graph says no', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'A1' },
});

describe('errorFromResponse', () => {
  it('reads 429 as RATE_LIMITED with Retry-After in seconds', () => {
    const error = errorFromResponse('GMAIL', 429, new Headers({ 'Retry-After': '7' }), googleBody(429, 'rateLimitExceeded'));
    expect(error).toMatchObject({ kind: 'RATE_LIMITED', status: 429, retryAfterMs: 7000, reason: 'rateLimitExceeded', provider: 'GMAIL' });
    expect(isConnectorError(error)).toBe(true);
  });

  it('reads Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    const error = errorFromResponse('GOOGLE_CALENDAR', 429, { 'retry-after': 'Wed, 25 Nov 2026 10:02:30 GMT' }, '', { now });
    expect(error.retryAfterMs).toBe(150_000);
  });

  it('reads Google 403 quota reasons as RATE_LIMITED, other 403 as AUTH_REVOKED', () => {
    expect(errorFromResponse('GMAIL', 403, {}, googleBody(403, 'userRateLimitExceeded')).kind).toBe('RATE_LIMITED');
    expect(errorFromResponse('GMAIL', 403, {}, googleBody(403, 'rateLimitExceeded')).kind).toBe('RATE_LIMITED');
    expect(
      errorFromResponse(
        'GMAIL',
        403,
        {},
        { error: { code: 403, message: 'Quota', details: [{ '@type': 'ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED' }] } },
      ).kind,
    ).toBe('RATE_LIMITED');
    expect(errorFromResponse('GMAIL', 403, {}, { error: { code: 403, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }).kind).toBe(
      'RATE_LIMITED',
    );
    expect(errorFromResponse('GMAIL', 403, {}, googleBody(403, 'insufficientPermissions')).kind).toBe('AUTH_REVOKED');
  });

  it('reads 5xx and 408 as TEMPORARY, whatever the body', () => {
    for (const status of [500, 502, 503, 504, 408])
      expect(errorFromResponse('GMAIL', status, {}, '<html>oops</html>').kind).toBe('TEMPORARY');
    expect(errorFromResponse('GMAIL', 503, { 'Retry-After': ['30'] }, '').retryAfterMs).toBe(30_000);
  });

  it('reads 401 as AUTH_REVOKED and the token endpoint by its OAuth error', () => {
    expect(errorFromResponse('GMAIL', 401, {}, googleBody(401, 'authError')).kind).toBe('AUTH_REVOKED');
    const revoked = errorFromResponse(
      'GOOGLE_OAUTH',
      400,
      {},
      JSON.stringify({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }),
    );
    expect(revoked).toMatchObject({ kind: 'AUTH_REVOKED', reason: 'invalid_grant' });
    expect(revoked.message).toContain('Token has been expired or revoked.');
    // A misconfigured client is ours to fix: reconnecting would not help.
    expect(errorFromResponse('GOOGLE_OAUTH', 401, {}, { error: 'invalid_client' })).toMatchObject({
      kind: 'INVALID_REQUEST',
      reason: 'invalid_client',
    });
  });

  it('reads an expired cursor: Gmail history 404 and Calendar 410', () => {
    expect(errorFromResponse('GMAIL', 404, {}, googleBody(404, 'notFound'), { cursor: true }).kind).toBe('CURSOR_EXPIRED');
    expect(errorFromResponse('GOOGLE_CALENDAR', 410, {}, googleBody(410, 'fullSyncRequired'))).toMatchObject({
      kind: 'CURSOR_EXPIRED',
      reason: 'fullSyncRequired',
    });
    expect(errorFromResponse('GMAIL', 404, {}, googleBody(404, 'notFound')).kind).toBe('NOT_FOUND');
    expect(errorFromResponse('WHATSAPP', 410, {}, '').kind).toBe('NOT_FOUND');
  });

  it('reads Graph API error codes', () => {
    expect(errorFromResponse('WHATSAPP', 401, {}, graphBody(190, 463)).kind).toBe('AUTH_REVOKED');
    expect(errorFromResponse('WHATSAPP', 400, {}, graphBody(130429))).toMatchObject({ kind: 'RATE_LIMITED', reason: '130429' });
    expect(errorFromResponse('WHATSAPP', 400, {}, graphBody(100, 33)).kind).toBe('NOT_FOUND');
    expect(errorFromResponse('WHATSAPP', 400, {}, graphBody(100)).kind).toBe('INVALID_REQUEST');
  });

  it('reads other 4xx as INVALID_REQUEST, with any body shape', () => {
    expect(errorFromResponse('GMAIL', 400, {}, googleBody(400, 'invalidArgument')).kind).toBe('INVALID_REQUEST');
    expect(errorFromResponse('GMAIL', 409, {}, new TextEncoder().encode('{"error":{"message":"Conflict"}}')).message).toContain('Conflict');
    expect(errorFromResponse('GMAIL', 400, {}, [1, 2]).message).toBe('GMAIL answered 400');
    expect(errorFromResponse('GMAIL', 400, {}, { error: 42 }).message).toBe('GMAIL answered 400');
    expect(errorFromResponse('GMAIL', 400, {}, '   ').message).toBe('GMAIL answered 400');
    expect(errorFromResponse('GMAIL', 400, {}, 'x'.repeat(400)).message.length).toBeLessThan(340);
  });

  it('never carries a token in its message', () => {
    const accessToken = 'ya29.a0AfB_byC1234567890abcdef';
    const error = errorFromResponse(
      'GMAIL',
      400,
      {},
      { error: { message: `Bad token ${accessToken} and refresh 1//0gXyZabcdefghijkl and Bearer abc.def` } },
    );
    expect(error.message).not.toContain(accessToken);
    expect(error.message).not.toContain('1//0gXyZ');
    expect(error.message).not.toContain('abc.def');
    const custom = errorFromResponse(
      'WHATSAPP',
      400,
      {},
      { error: { message: 'token opaque-secret-value refused' } },
      { secrets: ['opaque-secret-value'] },
    );
    expect(custom.message).toBe('WHATSAPP answered 400: token [redacted] refused');
    expect(new ConnectorError({ kind: 'TEMPORARY', provider: 'GMAIL', message: 'GET /x?access_token=EAAsecret&code=4/abc' }).message).toBe(
      'GET /x?access_token=[redacted]&code=[redacted]',
    );
  });
});

describe('parseRetryAfter', () => {
  it('accepts seconds and dates, ignores the rest', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 12 ')).toBe(12_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:59:00 GMT', Date.parse('2026-11-25T10:00:00Z'))).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('errorFromFailure', () => {
  it('reads timeouts and network failures as TEMPORARY', () => {
    const timeout = errorFromFailure('GMAIL', new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect(timeout).toMatchObject({ kind: 'TEMPORARY', message: 'GMAIL did not answer in time' });
    const refused = errorFromFailure(
      'WHATSAPP',
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
    );
    expect(refused).toMatchObject({ kind: 'TEMPORARY', message: 'WHATSAPP could not be reached (ECONNREFUSED)' });
    expect(errorFromFailure('GMAIL', 'weird').message).toBe('GMAIL could not be reached');
    const known = new ConnectorError({ kind: 'NOT_FOUND', provider: 'GMAIL', message: 'gone' });
    expect(errorFromFailure('GMAIL', known)).toBe(known);
  });
});
