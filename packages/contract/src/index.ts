export * from './vocabulary/index.ts';
export * from './errors.ts';
export * from './context.ts';
export * from './schemas.ts';
export { appRouter, type AppRouter } from './router.ts';
export { createCallerFactory, TRPC_MAX_BATCH_SIZE } from './trpc.ts';
export { buildOpenApiDocument, toYaml, REST_PREFIX, API_VERSION } from './openapi.ts';
export { allowedMethods, findRestOperation, REST_OPERATIONS, type RestOperation } from './rest-operations.ts';
export { setOutputChecks, type OutputChecks } from './output-checks.ts';
