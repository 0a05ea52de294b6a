import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  allowedMethods,
  AppError,
  appRouter,
  findRestOperation,
  internalError,
  invalidInputMessage,
  REST_PREFIX,
  type ErrorCode,
  type ErrorData,
  type IssueView,
  type Services,
} from '@monimmo/contract';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { contextFactory } from './context.ts';
import { isJson, readJsonBody } from './http/body.ts';
import { requestInfoOf } from './http/request-info.ts';
import { sendAppError, sendError } from './http/responses.ts';

/** Collects what trpc-to-openapi writes, so the host can shape error bodies before sending. */
class CapturedResponse extends EventEmitter {
  statusCode = 200;
  body = '';
  writableEnded = false;
  headersSent = false;
  readonly headers: Record<string, string> = {};
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  end(body?: string) {
    this.body = body ?? '';
    this.writableEnded = true;
  }
}

/** trpc-to-openapi's own messages for routing and media-type errors, said more usefully. */
function restMessage(code: ErrorCode, parsed: HandlerErrorBody, details: unknown, req: IncomingMessage): string {
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return 'Content-Type must be application/json';
  if (code === 'NOT_FOUND' && !details && parsed.message === 'Not found') {
    return `No operation at ${req.method} ${REST_PREFIX}${req.url?.split('?')[0]}`;
  }
  // The handler says « Input validation failed » whatever the issues: say which fields and why.
  if (code === 'BAD_REQUEST' && parsed.message === 'Input validation failed')
    return invalidInputMessage((details as { issues?: IssueView[] } | undefined)?.issues ?? []);
  return parsed.message ?? 'Error';
}

interface HandlerErrorBody {
  message?: string;
  data?: ErrorData;
}

/**
 * REST on the tRPC procedures under /api/v1. The host reads the JSON body itself (so
 * `application/json; charset=utf-8` works and the limit answers 413) and rewrites errors
 * to `{ code, message, details? }`, the body the OpenAPI document promises.
 */
export interface RestOptions {
  bodyLimit: number;
  /** The upload paths in JSON carry base64 bytes: they get their own, larger limit. */
  base64UploadLimit: number;
  /** By path, the upload paths' handlers for any body other than JSON. */
  streamingUploads: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>>;
}

export function createRestHandler(services: Services, logger: Logger, { bodyLimit, base64UploadLimit, streamingUploads }: RestOptions) {
  const handler = createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: contextFactory(services, { cookies: false }) as never,
    maxBodySize: bodyLimit,
    onError: ({ error, req }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, requestId: requestInfoOf(req as IncomingMessage).requestId }, 'unhandled error');
      }
    },
  });

  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    req.url = url.slice(REST_PREFIX.length) || '/';
    const path = req.url.split('?', 1)[0];
    // A POST that carries nothing (run-ai) need not declare a JSON content type.
    if (
      !req.headers['content-type'] &&
      !req.headers['transfer-encoding'] &&
      !Number(req.headers['content-length'] ?? 0) &&
      req.method !== 'GET'
    ) {
      req.headers['content-type'] = 'application/json';
    }
    const json = isJson(req.headers['content-type']);
    const operation = findRestOperation(req.method ?? 'GET', path ?? '/');
    const allow = operation || req.method === 'HEAD' ? [] : allowedMethods(path ?? '/');
    if (allow.length > 0) {
      res.setHeader('allow', allow.join(', '));
      return sendError(res, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${REST_PREFIX}${path}: use ${allow.join(' or ')}`);
    }
    const upload =
      req.method === 'POST' && path !== undefined && Object.hasOwn(streamingUploads, path) ? streamingUploads[path] : undefined;
    if (upload && !json) return upload(req, res, new URL(req.url, 'http://local'));
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD' && json) {
        req.body = await readJsonBody(req, upload ? base64UploadLimit : bodyLimit);
        // Every operation takes an object: an array or a scalar would be spread into nonsense fields.
        if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
          throw new AppError('BAD_REQUEST', 'Request body must be a JSON object', { reason: 'NOT_AN_OBJECT' });
        }
      }
    } catch (error) {
      if (error instanceof AppError) return sendAppError(res, error);
      throw error;
    }

    const captured = new CapturedResponse();
    await handler(req as never, captured as never);
    if (captured.statusCode < 400) {
      // Creations answer 201 (the handler only knows 200); tRPC has no status to change.
      const status = captured.statusCode === 200 && operation ? operation.successStatus : captured.statusCode;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(captured.body);
      return;
    }
    const parsed = JSON.parse(captured.body || '{}') as HandlerErrorBody;
    const code: ErrorCode = parsed.data?.code ?? 'INTERNAL_ERROR';
    const details = parsed.data?.details;
    if (code === 'INTERNAL_ERROR') {
      return sendAppError(res, internalError(requestInfoOf(req).requestId));
    }
    sendError(res, code, restMessage(code, parsed, details, req), details);
  };
}
