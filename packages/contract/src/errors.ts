import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { invalidInputMessage } from './common/validation.ts';

export { describeIssues, invalidInputMessage, type IssueView } from './common/validation.ts';

/**
 * The one table of error codes: what services throw, what tRPC carries and what REST
 * answers with. Both transports read it, so a code always means the same status.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { trpc: 'BAD_REQUEST', status: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', status: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', status: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', status: 404 },
  METHOD_NOT_ALLOWED: { trpc: 'METHOD_NOT_SUPPORTED', status: 405 },
  CONFLICT: { trpc: 'CONFLICT', status: 409 },
  INVALID_STATE: { trpc: 'UNPROCESSABLE_CONTENT', status: 422 },
  REQUEST_TIMEOUT: { trpc: 'TIMEOUT', status: 408 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { trpc: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', status: 429 },
  UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', status: 503 },
  INTERNAL_ERROR: { trpc: 'INTERNAL_SERVER_ERROR', status: 500 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; status: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** Errors raised by framework layers (parsing, routing) mapped back to our codes. */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'BAD_REQUEST',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  UNPROCESSABLE_CONTENT: 'INVALID_STATE',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_ERROR',
};

export function errorCodeFromTrpc(code: TRPC_ERROR_CODE_KEY): ErrorCode {
  if (code in ERROR_CODES) return code as ErrorCode;
  return FROM_TRPC[code] ?? 'INTERNAL_ERROR';
}

/** The only error services throw. `message` is safe to show; `details` is machine-readable. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** A 400 about one field that only a service can judge (a contact that is staff…), worded like the schema's own. */
export function invalidField(path: string, message: string): AppError {
  const issues = [{ path, code: 'custom', message }];
  return new AppError('BAD_REQUEST', invalidInputMessage(issues), { issues });
}

/**
 * A failure that passes by itself, as the caller should hear it: an UNAVAILABLE AppError wrapped
 * by a library (the database's own busy error, as drizzle rethrows it), or the job queue's Redis
 * unreachable, is a 503 to retry, not a 500. Null for any other error.
 */
export function asTemporaryError(error: unknown): AppError | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof AppError && e.code === 'UNAVAILABLE') return e;
    const code = (e as { code?: unknown }).code;
    // The queue package's QueueUnavailableError, known by its code: the contract imports none of ours.
    if (code === 'QUEUE_UNAVAILABLE') {
      return new AppError('UNAVAILABLE', 'The job queue cannot be reached: try again in a moment', { reason: 'QUEUE_UNAVAILABLE', retryAfterSeconds: 5 });
    }
  }
  return null;
}
