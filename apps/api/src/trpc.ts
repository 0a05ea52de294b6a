import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, appRouter, ERROR_CODES, TRPC_MAX_BATCH_SIZE, type ErrorData, type Services } from '@monimmo/contract';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Logger } from 'pino';
import { contextFactory } from './context.ts';
import { assertJsonDepth, isJson, readJsonText } from './http/body.ts';
import { requestInfoOf } from './http/request-info.ts';
import { sendJson } from './http/responses.ts';

/** Typed RPC for the first-party app at /trpc (batching on). */
export function createTrpcHandler(services: Services, logger: Logger, bodyLimit: number) {
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: bodyLimit,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
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

  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    // The input is read here first, so that its size and nesting are checked before anything parses it.
    try {
      if (req.method === 'POST' && isJson(req.headers['content-type'])) req.body = await readJsonText(req, bodyLimit);
      const query = new URL(req.url ?? '/', 'http://local').searchParams.get('input');
      if (query) assertJsonDepth(query, 'The input');
    } catch (error) {
      if (error instanceof AppError) return sendTrpcError(res, error);
      throw error;
    }
    return handler(req, res);
  };
}

/** An error in the shape tRPC clients read (what the router's errorFormatter produces). */
function sendTrpcError(res: ServerResponse, error: AppError): void {
  const { trpc, status } = ERROR_CODES[error.code];
  const data: ErrorData = { code: error.code, httpStatus: status, ...(error.details ? { details: error.details } : {}) };
  sendJson(res, status, { error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[trpc], data } });
}
