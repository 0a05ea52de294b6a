import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  allowedMethods,
  AppError,
  appRouter,
  createCallerFactory,
  findRestOperation,
  internalError,
  invalidInputMessage,
  REST_OPERATIONS,
  REST_PREFIX,
  type ErrorData,
  type IssueView,
  type RestOperation,
  type Services,
} from '@monimmo/contract';
import { getErrorShape, getTRPCErrorFromUnknown, type AnyProcedure } from '@trpc/server';
import type { Logger } from 'pino';
import {
  coerceSchema,
  getInputOutputParsers,
  instanceofZodTypeKind,
  instanceofZodTypeLikeVoid,
  instanceofZodTypeObject,
  unwrapZodType,
  type ZodTypeLikeVoid,
} from 'trpc-to-openapi';
import { contextFactory } from './context.ts';
import { isJson, readJsonBody } from './http/body.ts';
import { requestInfoOf } from './http/request-info.ts';
import { sendAppError, sendError } from './http/responses.ts';

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

/** How each operation reads its input, worked out once from its procedure's input schema. */
interface RestCall {
  procedure: AnyProcedure;
  /** z.void() and friends: the procedure takes no input at all. */
  noInput: boolean;
  /** Query keys the schema types as arrays: a single value still arrives as a one-item array. */
  arrayKeys: ReadonlySet<string>;
}

function restCallOf(operation: RestOperation): RestCall {
  const procedure = (appRouter._def.procedures as unknown as Record<string, AnyProcedure>)[operation.procedure] as AnyProcedure;
  const schema = unwrapZodType(getInputOutputParsers(procedure as never).inputParser as never, true);
  const arrayKeys = new Set<string>();
  const readsQuery = operation.method === 'GET' || operation.method === 'DELETE';
  if (readsQuery && instanceofZodTypeObject(schema)) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, unknown>)) {
      const inner = instanceofZodTypeKind(field as never, 'optional') ? (field as { unwrap(): unknown }).unwrap() : field;
      if (instanceofZodTypeKind(inner as never, 'array')) arrayKeys.add(key);
    }
    // Query and path values are text: numbers, booleans and dates are coerced (a JSON body is typed as sent).
    coerceSchema(schema);
  }
  return { procedure, noInput: instanceofZodTypeLikeVoid(schema as ZodTypeLikeVoid), arrayKeys };
}

/** The query string as trpc-to-openapi reads it: a repeated key becomes an array. */
function queryInput(url: URL, arrayKeys: ReadonlySet<string>): Record<string, unknown> {
  const query: Record<string, string | string[]> = {};
  url.searchParams.forEach((value, key) => {
    const seen = query[key];
    query[key] = seen === undefined ? (arrayKeys.has(key) ? [value] : value) : Array.isArray(seen) ? [...seen, value] : [seen, value];
  });
  return query;
}

export function createRestHandler(services: Services, logger: Logger, { bodyLimit, base64UploadLimit, streamingUploads }: RestOptions) {
  // Our own thin adapter on trpc-to-openapi's public pieces (its paths and schema helpers), not
  // its node handler: that one builds a Fetch Request and an AbortSignal for every call (only
  // the SSE subscription, never on REST, reads a signal), parses the URL and coerces the schemas
  // again each time, and its JSON answer had to be captured and parsed back to reshape errors.
  const calls = new Map(REST_OPERATIONS.map((op) => [op, restCallOf(op)]));
  const createCaller = createCallerFactory(appRouter);
  const createContext = contextFactory(services, { cookies: false });

  async function run(req: IncomingMessage & { body?: unknown }, res: ServerResponse, operation: RestOperation, path: string) {
    const { procedure, noInput, arrayKeys } = calls.get(operation) as RestCall;
    const readsQuery = operation.method === 'GET' || operation.method === 'DELETE';
    let input: unknown;
    if (!noInput) {
      const fields = readsQuery ? queryInput(new URL(req.url ?? '/', 'http://local'), arrayKeys) : (req.body as object | undefined);
      input = { ...fields, ...operation.pathParams(path) };
    }
    const ctx = createContext({ req });
    try {
      const call = operation.procedure.split('.').reduce((node: unknown, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
      const data = await (call as (input: unknown) => Promise<unknown>)(input);
      res.writeHead(operation.successStatus, { 'content-type': 'application/json; charset=utf-8' });
      res.end(data === undefined ? '' : JSON.stringify(data));
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      const requestId = requestInfoOf(req).requestId;
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, requestId }, 'unhandled error');
      // The router's errorFormatter turns any error into its AppError's code, message and details.
      const shape = getErrorShape({
        config: appRouter._def._config,
        error,
        type: procedure._def.type,
        path: operation.procedure,
        input,
        ctx,
      });
      const data = shape.data as ErrorData | undefined;
      const code = data?.code ?? 'INTERNAL_ERROR';
      if (code === 'INTERNAL_ERROR') return sendAppError(res, internalError(requestId));
      const details = data?.details as Record<string, unknown> | undefined;
      // Input refusals say which fields and why.
      const inputRefused = error.code === 'BAD_REQUEST' && error.cause instanceof Error && error.cause.name === 'ZodError';
      const message = inputRefused ? invalidInputMessage((details as { issues?: IssueView[] } | undefined)?.issues ?? []) : shape.message;
      sendError(res, code, message, details);
    }
  }

  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    req.url = url.slice(REST_PREFIX.length) || '/';
    const path = req.url.split('?', 1)[0] ?? '/';
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
    const operation = findRestOperation(req.method ?? 'GET', path);
    if (!operation) {
      // HEAD answers 204 on any path (a warm-up probe), as trpc-to-openapi did.
      if (req.method === 'HEAD') {
        res.writeHead(204, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end();
      }
      const allow = allowedMethods(path);
      if (allow.length > 0) {
        res.setHeader('allow', allow.join(', '));
        return sendError(res, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${REST_PREFIX}${path}: use ${allow.join(' or ')}`);
      }
      return sendError(res, 'NOT_FOUND', `No operation at ${req.method} ${REST_PREFIX}${path}`);
    }
    const upload = req.method === 'POST' && Object.hasOwn(streamingUploads, path) ? streamingUploads[path] : undefined;
    if (upload && !json) return upload(req, res, new URL(req.url, 'http://local'));
    const readsBody = req.method !== 'GET' && req.method !== 'DELETE';
    if (readsBody && !req.headers['content-type']?.startsWith('application/json')) {
      return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
    }
    try {
      // A DELETE's body is read (and held to the limit) too, though only the query is its input.
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
    return run(req, res, operation, path);
  };
}
