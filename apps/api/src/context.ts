import type { IncomingMessage } from 'node:http';
import type { Context, Services } from '@monimmo/contract';
import { bearerTokenOf, requestInfoOf } from './http/request-info.ts';

/** One context factory for both transports: each hands it the Node request. */
export const contextFactory =
  (services: Services) =>
  ({ req }: { req: IncomingMessage }): Context => ({
    services,
    request: requestInfoOf(req),
    bearerToken: bearerTokenOf(req),
  });
