import type { IncomingMessage, ServerResponse } from 'node:http';
import { noSessionCookie, type Context, type Services } from '@monimmo/contract';
import { bearerTokenOf, requestInfoOf } from './http/request-info.ts';
import { browserSessionCookie } from './session-cookie.ts';

/**
 * One context factory for both transports: each hands it the Node request. Only tRPC (the web
 * app's transport) reads and writes the refresh cookie; REST never reaches the session procedures.
 */
export const contextFactory =
  (services: Services, { cookies }: { cookies: boolean }) =>
  ({
    req,
    res,
    info,
  }: {
    req: IncomingMessage;
    res?: ServerResponse;
    info?: { connectionParams: Record<string, string | undefined> | null; type?: string };
  }): Context => ({
    services,
    request: requestInfoOf(req),
    bearerToken: bearerTokenOf(req) ?? subscriptionToken(info),
    sessionCookie: cookies && res ? browserSessionCookie(req, res) : noSessionCookie,
  });

/**
 * An EventSource cannot send headers: tRPC's SSE link carries the access token in its
 * `connectionParams` (a query parameter; the request log records the path only). Read for
 * subscriptions alone, so no other call accepts a token in its URL.
 */
function subscriptionToken(
  info: { connectionParams: Record<string, string | undefined> | null; type?: string } | undefined,
): string | null {
  if (!info || info.type !== 'subscription') return null;
  const token = info.connectionParams?.token;
  return typeof token === 'string' && token.length > 0 ? token : null;
}
