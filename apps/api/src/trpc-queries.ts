import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRouter, TRPC_MAX_BATCH_SIZE, type Context } from '@monimmo/contract';
import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, type AnyProcedure, type TRPCError } from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';

/**
 * GET queries (one, or a batch of them) answered by calling their procedures directly.
 * tRPC's node adapter wraps every call in a Fetch Request, Headers, a URL and two
 * AbortControllers before the procedure runs, which costs more than a small read itself.
 * The answer is built with tRPC's own pieces (error shape, status, response transform),
 * so it is the adapter's, status and body alike; anything else — mutations, subscriptions,
 * streaming, unknown paths, input that is not JSON — is left to the adapter (`false`).
 */
export interface DirectQueryOptions {
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => Context;
  /** Extra headers for an answer, from its errors (the adapter's `responseMeta`). */
  headersFor: (errors: TRPCError[]) => Record<string, string>;
  onError: (opts: { error: TRPCError; req: IncomingMessage }) => void;
}

const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
const config = appRouter._def._config;

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

/** The calls of a GET to /trpc/…, or null when the adapter must answer it. */
function callsOf(req: IncomingMessage, url: URL): Call[] | null {
  // Streaming links ask for JSON lines; only the adapter writes those.
  if (req.headers['trpc-accept'] !== undefined || req.headers.accept?.includes('application/jsonl')) return null;
  const batch = url.searchParams.get('batch') === '1';
  let paths: string[];
  try {
    const decoded = decodeURIComponent(url.pathname.slice('/trpc/'.length));
    paths = batch ? decoded.split(',') : [decoded];
  } catch {
    return null;
  }
  if (paths.length > TRPC_MAX_BATCH_SIZE) return null;
  let inputs: unknown;
  const raw = url.searchParams.get('input');
  try {
    inputs = raw ? JSON.parse(raw) : undefined;
  } catch {
    return null;
  }
  if (batch && inputs !== undefined && (typeof inputs !== 'object' || inputs === null)) return null;
  const calls: Call[] = [];
  for (const [index, path] of paths.entries()) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure?._def.type !== 'query') return null;
    const input = batch ? (inputs as Record<string, unknown> | undefined)?.[index] : inputs;
    calls.push({ path, procedure, input: input === undefined ? undefined : config.transformer.input.deserialize(input) });
  }
  return calls;
}

export function createDirectQueries({ createContext, headersFor, onError }: DirectQueryOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const calls = req.method === 'GET' ? callsOf(req, url) : null;
    if (!calls) return false;
    const ctx = createContext({ req, res });
    const errors: TRPCError[] = [];
    const answers = await Promise.all(
      calls.map(async ({ path, procedure, input }, batchIndex) => {
        try {
          const data = await procedure({ path, getRawInput: async () => input, ctx, type: 'query', signal: undefined, batchIndex });
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          onError({ error, req });
          errors[batchIndex] = error;
          return { error: getErrorShape({ config, error, type: 'query', path, input, ctx }) };
        }
      }),
    );
    const batch = url.searchParams.get('batch') === '1';
    const body = JSON.stringify(transformTRPCResponse(config, batch ? answers : answers[0]!));
    res.writeHead(getHTTPStatusCode(answers as never, errors), {
      vary: 'trpc-accept, accept',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headersFor(errors.filter(Boolean)),
    });
    res.end(body);
    return true;
  };
}
