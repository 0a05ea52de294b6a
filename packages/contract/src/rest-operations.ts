import type { AnyProcedure } from '@trpc/server';
import { getPathRegExp, normalizePath } from 'trpc-to-openapi';
import { appRouter } from './router.ts';
import type { Meta } from './trpc.ts';

export interface RestOperation {
  method: string;
  /** As in the OpenAPI document, relative to the REST prefix: `/properties/{id}`. */
  path: string;
  /** The tRPC procedure behind it: `properties.create`. */
  procedure: string;
  /** 201 for creations, 200 otherwise. */
  successStatus: number;
  matches(path: string): boolean;
  /** The `{name}` segments of a path this operation matches, as sent (not decoded). */
  pathParams(path: string): Record<string, string>;
}

/** Methods in the order `Allow` lists them. */
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The REST operations, read from the procedures' OpenAPI metadata with trpc-to-openapi's own
 * path matching, in the order it tries them: what the host routes by and the document shows.
 */
export const REST_OPERATIONS: readonly RestOperation[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, AnyProcedure>,
).flatMap(([procedure, { _def }]) => {
  const meta = _def.meta as Meta | undefined;
  if (!meta?.openapi || meta.openapi.enabled === false || _def.type === 'subscription') return [];
  const pattern = getPathRegExp(normalizePath(meta.openapi.path));
  return [
    {
      method: meta.openapi.method,
      path: meta.openapi.path,
      procedure,
      successStatus: meta.successStatus ?? 200,
      matches: (path: string) => pattern.test(normalizePath(path)),
      pathParams: (path: string) => ({ ...pattern.exec(normalizePath(path))?.groups }),
    },
  ];
});

/** The operation REST runs for this method and path (relative to the prefix), if any. */
export function findRestOperation(method: string, path: string): RestOperation | undefined {
  return REST_OPERATIONS.find((op) => op.method === method && op.matches(path));
}

/** Every method some operation takes on this path: the `Allow` of a 405. Empty when no operation has the path. */
export function allowedMethods(path: string): string[] {
  const methods = new Set(REST_OPERATIONS.filter((op) => op.matches(path)).map((op) => op.method));
  return METHOD_ORDER.filter((m) => methods.has(m));
}
