import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, appRouter, retryAfterHeaders, TRPC_MAX_BATCH_SIZE, type Services } from '@monimmo/contract';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { contextFactory } from './context.ts';
import { assertJsonDepth, isJson, readJsonText } from './http/body.ts';
import { requestInfoOf } from './http/request-info.ts';
import { sendTrpcError } from './http/responses.ts';

/** Typed RPC for the first-party app at /trpc (batching on). */
export function createTrpcHandler(services: Services, logger: Logger, bodyLimit: number) {
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: bodyLimit,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: contextFactory(services, { cookies: true }),
    responseMeta({ errors }) {
      // The first call that says when to retry speaks for the batch.
      const retry = errors
        .map((e) => (e.cause instanceof AppError ? retryAfterHeaders(e.cause.details) : {}))
        .find((h) => Object.keys(h).length > 0);
      return retry ? { headers: retry } : {};
    },
    onError({ error, req }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, requestId: requestInfoOf(req as IncomingMessage).requestId }, 'unhandled error');
      }
    },
  });

  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    // The input is read here first, so that its size and nesting are checked before anything parses it.
    try {
      if (req.method === 'POST' && isJson(req.headers['content-type'])) req.body = await readJsonText(req, bodyLimit);
      const query = new URL(req.url ?? '/', 'http://local').searchParams.get('input');
      if (query) assertJsonDepth(query, 'The input');
    } catch (error) {
      if (error instanceof AppError) return sendTrpcError(req, res, error);
      throw error;
    }
    return handler(req, res);
  };
}
