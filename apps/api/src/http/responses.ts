import type { ServerResponse } from 'node:http';
import { ERROR_CODES, type ErrorCode } from '@monimmo/contract';

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
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): void {
  const retryAfter = details?.retryAfterSeconds;
  const headers: Record<string, string> = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
  sendJson(res, ERROR_CODES[code].status, details ? { code, message, details } : { code, message }, headers);
}
