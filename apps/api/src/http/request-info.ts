import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestInfo } from '@monimmo/contract';

const infos = new WeakMap<IncomingMessage, RequestInfo>();
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Request id (the caller's, when well-formed, so traces join up), client address, agent. */
export function attachRequestInfo(req: IncomingMessage, trustProxy: boolean): RequestInfo {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const forwardedIp = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  const info: RequestInfo = {
    requestId,
    ip: forwardedIp || req.socket.remoteAddress || 'unknown',
    userAgent: req.headers['user-agent'],
  };
  infos.set(req, info);
  return info;
}

export function requestInfoOf(req: IncomingMessage): RequestInfo {
  const info = infos.get(req);
  if (!info) throw new Error('request info not attached');
  return info;
}

export function bearerTokenOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
