// The closed lists and their French labels without any schema: what the web bundle imports, so
// it carries no Zod for screens that validate nothing.
export * from './values.ts';
export * from './labels.ts';
export * from './document-types.ts';
