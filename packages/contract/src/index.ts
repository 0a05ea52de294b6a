export * from './errors.ts';
export * from './context.ts';
export * from './common/schemas.ts';
export * from './auth/schemas.ts';
export * from './users/schemas.ts';
export { appRouter, type AppRouter } from './router.ts';
export { createCallerFactory, type ErrorData } from './trpc.ts';
export { buildOpenApiDocument, toYaml, REST_PREFIX, API_VERSION } from './openapi.ts';
