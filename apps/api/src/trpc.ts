import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, appRouter, retryAfterHeaders, TRPC_MAX_BATCH_SIZE, type Services } from '@monimmo/contract';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { contextFactory } from './context.ts';
import { assertJsonDepth, isJson, readJsonText } from './http/body.ts';
import { requestInfoOf } from './http/request-info.ts';
import { sendTrpcError } from './http/responses.ts';
import { createDirectQueries } from './trpc-queries.ts';

/** Typed RPC for the first-party app at /trpc (batching on). */
export function createTrpcHandler(services: Services, logger: Logger, bodyLimit: number, { directQueries = true } = {}) {
  const createContext = contextFactory(services, { cookies: true });
  // The first call that says when to retry speaks for the batch.
  const headersFor = (errors: TRPCError[]) =>
    errors.map((e) => (e.cause instanceof AppError ? retryAfterHeaders(e.cause.details) : {})).find((h) => Object.keys(h).length > 0) ?? {};
  const onError = ({ error, req }: { error: TRPCError; req: IncomingMessage }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ err: error.cause ?? error, requestId: requestInfoOf(req).requestId }, 'unhandled error');
    }
  };
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: bodyLimit,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext,
    responseMeta: ({ errors }) => ({ headers: headersFor(errors) }),
    onError,
  });
  const direct = directQueries ? createDirectQueries({ createContext, headersFor, onError }) : null;

  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    // The input is read here first, so that its size and nesting are checked before anything parses it.
    try {
      if (req.method === 'POST' && isJson(req.headers['content-type'])) req.body = await readJsonText(req, bodyLimit);
      const url = new URL(req.url ?? '/', 'http://local');
      const query = url.searchParams.get('input');
      if (query) assertJsonDepth(query, 'The input');
      if (direct && (await direct(req, res, url))) return;
    } catch (error) {
      if (error instanceof AppError) return sendTrpcError(req, res, error);
      throw error;
    }
    return handler(req, res);
  };
}
