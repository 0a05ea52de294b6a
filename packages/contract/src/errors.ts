import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { invalidInputMessage, type IssueView } from './common/validation.ts';

export { describeIssues, invalidInputMessage, type IssueView } from './common/validation.ts';

/** What the OpenAPI document says of a code. */
export interface ErrorCodeDoc {
  status: number;
  /** What the status means here, as the OpenAPI document says it. */
  description: string;
  /** A realistic body for the reference page. */
  example?: ErrorBody;
  /** Answers carry `Retry-After` (from `details.retryAfterSeconds`). */
  retryAfter?: true;
}

interface ErrorCodeEntry extends ErrorCodeDoc {
  trpc: TRPC_ERROR_CODE_KEY;
}

/**
 * The one table of error codes: what services throw, what tRPC carries, what REST answers with
 * and what the OpenAPI document says of it. Every transport reads it, so a code always means the
 * same status.
 */
export const ERROR_CODES = {
  BAD_REQUEST: {
    trpc: 'BAD_REQUEST',
    status: 400,
    description:
      'Invalid input: `details.issues` lists each problem, with the field it is about (`path`, dotted; empty for the body as a whole)',
    example: {
      code: 'BAD_REQUEST',
      message: 'Invalid input: email: must be an e-mail address; price: required',
      details: {
        issues: [
          { path: 'email', code: 'invalid_format', message: 'must be an e-mail address' },
          { path: 'price', code: 'invalid_type', message: 'required' },
        ],
      },
    },
  },
  UNAUTHORIZED: {
    trpc: 'UNAUTHORIZED',
    status: 401,
    description: 'Missing, invalid or expired credentials',
    example: { code: 'UNAUTHORIZED', message: 'Access token expired', details: { reason: 'TOKEN_EXPIRED' } },
  },
  FORBIDDEN: {
    trpc: 'FORBIDDEN',
    status: 403,
    description: 'Your role does not allow this',
    example: { code: 'FORBIDDEN', message: 'Only a manager or an administrator can manage staff accounts' },
  },
  NOT_FOUND: {
    trpc: 'NOT_FOUND',
    status: 404,
    description: 'Not found (or belongs to another agency)',
    example: { code: 'NOT_FOUND', message: 'User not found' },
  },
  METHOD_NOT_ALLOWED: {
    trpc: 'METHOD_NOT_SUPPORTED',
    status: 405,
    description: 'The path does not take this method: `Allow` lists those it takes',
  },
  CONFLICT: {
    trpc: 'CONFLICT',
    status: 409,
    description: 'Conflicts with existing data',
    example: { code: 'CONFLICT', message: 'Another user already has this e-mail', details: { reason: 'EMAIL_TAKEN' } },
  },
  INVALID_STATE: {
    trpc: 'UNPROCESSABLE_CONTENT',
    status: 422,
    description: 'Not allowed in the current state',
    example: {
      code: 'INVALID_STATE',
      message: 'The agency must keep at least one active administrator',
      details: { reason: 'LAST_ADMIN' },
    },
  },
  REQUEST_TIMEOUT: {
    trpc: 'TIMEOUT',
    status: 408,
    description: 'The request did not arrive in time (uploads: no byte for `UPLOAD_IDLE_TIMEOUT_MS`)',
    example: {
      code: 'REQUEST_TIMEOUT',
      message: 'The upload sent nothing for 30000 ms',
      details: { reason: 'UPLOAD_IDLE', limitMs: 30000 },
    },
  },
  PAYLOAD_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    status: 413,
    description: 'Request body too large',
    example: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1048576 bytes', details: { limitBytes: 1048576 } },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    trpc: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    description: 'Body is not JSON',
    example: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' },
  },
  RATE_LIMITED: {
    trpc: 'TOO_MANY_REQUESTS',
    status: 429,
    description: 'Too many attempts: retry after `Retry-After` seconds',
    example: { code: 'RATE_LIMITED', message: 'Too many login attempts, try again later', details: { retryAfterSeconds: 840 } },
    retryAfter: true,
  },
  UNAVAILABLE: {
    trpc: 'SERVICE_UNAVAILABLE',
    status: 503,
    description: 'Temporarily unavailable (e.g. the database is busy): retry after `Retry-After` seconds',
    example: {
      code: 'UNAVAILABLE',
      message: 'The database is busy: try again in a moment',
      details: { reason: 'DATABASE_BUSY', retryAfterSeconds: 1 },
    },
    retryAfter: true,
  },
  INTERNAL_ERROR: {
    trpc: 'INTERNAL_SERVER_ERROR',
    status: 500,
    description: 'Unexpected error: `details.requestId` identifies it in the logs',
    example: { code: 'INTERNAL_ERROR', message: 'Internal server error', details: { requestId: '5f0c6a1e-2b7d-4c39-9a51-0d8e7f6b3a24' } },
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** The one error body on the wire, REST's whole answer: `{ code, message, details? }`. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What tRPC carries in `error.data`: our code, the same one REST answers with. */
export interface ErrorData {
  code: ErrorCode;
  httpStatus: number;
  details?: Record<string, unknown>;
}

export const errorBody = (error: AppError): ErrorBody =>
  error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };

export const errorData = (error: AppError): ErrorData => ({
  code: error.code,
  httpStatus: error.status,
  ...(error.details ? { details: error.details } : {}),
});

/** The `Retry-After` header a refusal carries, from `details.retryAfterSeconds`; none without it. */
export function retryAfterHeaders(details: Record<string, unknown> | undefined): Record<string, string> {
  const seconds = details?.retryAfterSeconds;
  return typeof seconds === 'number' ? { 'retry-after': String(seconds) } : {};
}

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

/** The answer to an unexpected error: nothing of its cause, only the request id to find it in the logs. */
export const internalError = (requestId: string | undefined) =>
  new AppError('INTERNAL_ERROR', 'Internal server error', requestId === undefined ? undefined : { requestId });

/** A 400 listing each problem in `details.issues`, its message naming the first ones. */
export const invalidInput = (issues: IssueView[]) => new AppError('BAD_REQUEST', invalidInputMessage(issues), { issues });

/** A 400 about one field that only a service can judge (a contact that is staff…), worded like the schema's own. */
export function invalidField(path: string, message: string): AppError {
  return invalidInput([{ path, code: 'custom', message }]);
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
      return new AppError('UNAVAILABLE', 'The job queue cannot be reached: try again in a moment', {
        reason: 'QUEUE_UNAVAILABLE',
        retryAfterSeconds: 5,
      });
    }
  }
  return null;
}
