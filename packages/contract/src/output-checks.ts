import { isDeepStrictEqual } from 'node:util';
import { TRPCError } from '@trpc/server';

/**
 * What the procedures' output schemas do at run time. They always describe the answers (the
 * OpenAPI document); checking them is another matter:
 * - `compare` (development and tests): parse each answer and refuse it (500) if parsing changed
 *   anything — an extra key the schema would strip, a default it would fill, a value it would
 *   convert. Every answer the test suite sees is thereby proven to be its schema's output already.
 * - `trust` (production): send the services' answer as it is, without parsing it a second time.
 * - `parse`: tRPC's own behaviour (answers parsed and stripped), for reference and benchmarks.
 */
export type OutputChecks = 'compare' | 'trust' | 'parse';

type Middleware = ((opts: MiddlewareOptions) => Promise<MiddlewareResult>) & { _type?: string };
interface MiddlewareOptions {
  path: string;
  next: (opts?: unknown) => Promise<MiddlewareResult>;
}
type MiddlewareResult = { ok: true; data: unknown } | { ok: false };
interface ProcedureDef {
  middlewares: Middleware[];
}

/** tRPC's own output middleware of each procedure, kept so that the mode can change again. */
const tRPCOutput = new WeakMap<ProcedureDef, Middleware>();

/** The same JSON once sent: key order and `undefined` members do not reach the client. */
function sameJson(raw: unknown, parsed: unknown): boolean {
  if (raw === undefined || parsed === undefined) return raw === parsed;
  return isDeepStrictEqual(JSON.parse(JSON.stringify(raw)), JSON.parse(JSON.stringify(parsed)));
}

function comparing(parse: Middleware): Middleware {
  const middleware: Middleware = async (opts) => {
    let raw: MiddlewareResult | undefined;
    const parsed = await parse({
      ...opts,
      next: async (nextOpts) => (raw = await opts.next(nextOpts)),
    });
    if (parsed.ok && raw?.ok && !sameJson(raw.data, parsed.data)) {
      throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `The answer of ${opts.path} is not its output schema's` });
    }
    return parsed;
  };
  middleware._type = 'output';
  return middleware;
}

/** Sets how every procedure of the router treats its answers (see OutputChecks). */
export function setOutputChecks(router: { _def: { procedures: object } }, mode: OutputChecks): void {
  for (const procedure of Object.values(router._def.procedures as unknown as Record<string, { _def: ProcedureDef }>)) {
    const def = procedure._def;
    const index = def.middlewares.findIndex((m) => m._type === 'output');
    const own = tRPCOutput.get(def) ?? def.middlewares[index];
    if (!own) continue;
    tRPCOutput.set(def, own);
    const replacement = mode === 'parse' ? own : mode === 'compare' ? comparing(own) : null;
    const rest = def.middlewares.filter((m) => m._type !== 'output');
    // The output middleware sits right after the input parsers, before the resolver.
    const at = index >= 0 ? index : rest.length - 1;
    def.middlewares = replacement ? [...rest.slice(0, at), replacement, ...rest.slice(at)] : rest;
  }
}
