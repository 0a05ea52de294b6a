import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '@monimmo/config';
import type { RequestInfo } from '@monimmo/contract';
import proxyaddr from 'proxy-addr';

const infos = new WeakMap<IncomingMessage, RequestInfo>();
const secureRequests = new WeakSet<IncomingMessage>();
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

export type TrustProxy = (address: string, hop: number) => boolean;

/** TRUST_PROXY as proxy-addr's trust function: built once, not per request. */
export function compileTrustProxy(setting: Config['TRUST_PROXY']): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/**
 * Request id (the caller's, when well-formed, so traces join up), client address, agent. The
 * address is the first one, walking X-Forwarded-For back from the socket, that is not a trusted
 * proxy: the entries further left are the client's own words.
 */
export function attachRequestInfo(req: IncomingMessage, trust: TrustProxy): RequestInfo {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const info: RequestInfo = {
    requestId,
    ip: (req.socket.remoteAddress ? proxyaddr(req, trust) : undefined) || 'unknown',
    userAgent: req.headers['user-agent'],
  };
  infos.set(req, info);
  if (cameOverHttps(req, trust)) secureRequests.add(req);
  return info;
}

/**
 * Whether the client reached us over https: a TLS socket, or a trusted proxy saying so in
 * X-Forwarded-Proto (its left-most value, set by the proxy that faces the client). Anyone
 * else's X-Forwarded-Proto is ignored: a client could claim https over plain http.
 */
function cameOverHttps(req: IncomingMessage, trust: TrustProxy): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  const peer = req.socket.remoteAddress;
  if (!peer || !trust(peer, 0)) return false;
  const header = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(header) ? header[0] : header)?.split(',', 1)[0]?.trim().toLowerCase();
  return proto === 'https';
}

/** See cameOverHttps. */
export function isSecureRequest(req: IncomingMessage): boolean {
  return secureRequests.has(req);
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
