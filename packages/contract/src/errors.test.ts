import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, errorCodeFromTrpc, notFound, type ErrorCode } from './errors.ts';

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
