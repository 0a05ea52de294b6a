import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ERROR_CODES, errorBody, errorData, retryAfterHeaders, type ErrorCode } from '@monimmo/contract';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** The one REST error body: `{ code, message, details? }`, its status from the shared table. */
export function sendAppError(res: ServerResponse, error: AppError): void {
  sendJson(res, error.status, errorBody(error), retryAfterHeaders(error.details));
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string, details?: Record<string, unknown>): void {
  sendAppError(res, new AppError(code, message, details));
}

/**
 * A refusal the host gives before tRPC runs, in the envelope tRPC clients read (what the router's
 * errorFormatter produces): one per call of a batch, so a client reads it as any other error.
 */
export function sendTrpcError(req: IncomingMessage, res: ServerResponse, error: AppError): void {
  const envelope = {
    error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[ERROR_CODES[error.code].trpc], data: errorData(error) },
  };
  const url = new URL(req.url ?? '/', 'http://local');
  const calls = url.pathname.slice('/trpc/'.length).split(',').length;
  const body = url.searchParams.get('batch') === '1' ? Array.from({ length: calls }, () => envelope) : envelope;
  sendJson(res, error.status, body, retryAfterHeaders(error.details));
}

/** A refusal in the caller's transport: tRPC's envelope under /trpc/, the REST body anywhere else. */
export function refuse(req: IncomingMessage, res: ServerResponse, error: AppError): void {
  if (req.url?.startsWith('/trpc/')) sendTrpcError(req, res, error);
  else sendAppError(res, error);
}
