export * from './client.ts';
export * from './migrate.ts';
export * from './schema/index.ts';
export { newId, nowIso } from './schema/columns.ts';
export * from './search.ts';
export * from './tenancy.ts';
