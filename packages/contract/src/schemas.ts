// The Zod schemas and their types, without the routers: what the web app may import at run time
// (its forms validate with the same rules as the API) without pulling tRPC or OpenAPI code.
export * from './common/schemas.ts';
export * from './auth/schemas.ts';
export * from './session/schemas.ts';
export * from './users/schemas.ts';
export * from './properties/schemas.ts';
export * from './files/schemas.ts';
export * from './messages/schemas.ts';
export * from './review-queue/schemas.ts';
export * from './vocals/schemas.ts';
export * from './integrations/schemas.ts';
export * from './events/schemas.ts';
