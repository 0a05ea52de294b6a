import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  asTemporaryError,
  ERROR_CODES,
  errorBody,
  errorCodeFromTrpc,
  errorData,
  internalError,
  notFound,
  retryAfterHeaders,
  type ErrorCode,
} from './errors.ts';

describe('the error table', () => {
  it('gives each code the HTTP status tRPC itself uses for its tRPC code', () => {
    for (const [code, { trpc, status }] of Object.entries(ERROR_CODES)) {
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: trpc })), code).toBe(status);
      expect(new AppError(code as ErrorCode, 'x').status).toBe(status);
    }
  });

  it('maps framework errors back to our codes', () => {
    expect(errorCodeFromTrpc('NOT_FOUND')).toBe('NOT_FOUND');
    expect(errorCodeFromTrpc('PARSE_ERROR')).toBe('BAD_REQUEST');
    expect(errorCodeFromTrpc('TOO_MANY_REQUESTS')).toBe('RATE_LIMITED');
    expect(errorCodeFromTrpc('UNPROCESSABLE_CONTENT')).toBe('INVALID_STATE');
    expect(errorCodeFromTrpc('METHOD_NOT_SUPPORTED')).toBe('METHOD_NOT_ALLOWED');
    expect(errorCodeFromTrpc('TIMEOUT')).toBe('INTERNAL_ERROR');
  });

  it('names what was not found', () => {
    expect(notFound('User')).toMatchObject({ code: 'NOT_FOUND', message: 'User not found', status: 404 });
  });
});

describe('the error bodies', () => {
  it('are built from the table: REST body, tRPC data and Retry-After', () => {
    const busy = new AppError('UNAVAILABLE', 'Busy', { retryAfterSeconds: 1 });
    expect(errorBody(busy)).toEqual({ code: 'UNAVAILABLE', message: 'Busy', details: { retryAfterSeconds: 1 } });
    expect(errorData(busy)).toEqual({ code: 'UNAVAILABLE', httpStatus: 503, details: { retryAfterSeconds: 1 } });
    expect(retryAfterHeaders(busy.details)).toEqual({ 'retry-after': '1' });
    expect(retryAfterHeaders(undefined)).toEqual({});
    expect(errorBody(notFound('User'))).toEqual({ code: 'NOT_FOUND', message: 'User not found' });
  });

  it('say nothing of an unexpected error but its request id', () => {
    expect(errorBody(internalError('req-1'))).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      details: { requestId: 'req-1' },
    });
  });

  it('document every code, and Retry-After on the codes that carry it', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(entry.description, code).toBeTruthy();
      if ('example' in entry) expect(entry.example.code).toBe(code);
    }
    expect(
      Object.entries(ERROR_CODES)
        .filter(([, e]) => 'retryAfter' in e)
        .map(([c]) => c),
    ).toEqual(['RATE_LIMITED', 'UNAVAILABLE']);
  });

  it('find a temporary failure however a library wrapped it, and know no database codes', () => {
    const busy = new AppError('UNAVAILABLE', 'The database is busy: try again in a moment');
    expect(asTemporaryError(new Error('query failed', { cause: busy }))).toBe(busy);
    expect(asTemporaryError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBeNull();
  });
});
