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
  ({ req, res }: { req: IncomingMessage; res?: ServerResponse }): Context => ({
    services,
    request: requestInfoOf(req),
    bearerToken: bearerTokenOf(req),
    sessionCookie: cookies && res ? browserSessionCookie(req, res) : noSessionCookie,
  });
