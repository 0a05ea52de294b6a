export * from './organizations.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './outbox.ts';
export * from './properties.ts';
export * from './files.ts';
export * from './messages.ts';
export * from './review.ts';
