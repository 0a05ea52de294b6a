/**
 * The vocabulary: every closed list of values with its French labels, and the shapes of what a
 * voice note yields. Imports nothing but zod, so the database, the AI providers and the web app
 * can use it without loading tRPC or the OpenAPI generator.
 */
export * from './lists.ts';
export * from './vocal-facts.ts';
