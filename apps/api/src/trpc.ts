import type { IncomingMessage } from 'node:http';
import { AppError, appRouter, type Services } from '@monimmo/contract';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { contextFactory } from './context.ts';
import { requestInfoOf } from './http/request-info.ts';

/** Typed RPC for the first-party app at /trpc (batching on). */
export function createTrpcHandler(services: Services, logger: Logger, bodyLimit: number) {
  return createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: bodyLimit,
    createContext: contextFactory(services),
    responseMeta({ errors }) {
      const retry = errors.map((e) => (e.cause instanceof AppError ? e.cause.details?.retryAfterSeconds : undefined)).find((s) => typeof s === 'number');
      return retry === undefined ? {} : { headers: { 'retry-after': String(retry) } };
    },
    onError({ error, req }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, requestId: requestInfoOf(req as IncomingMessage).requestId }, 'unhandled error');
      }
    },
  });
}
