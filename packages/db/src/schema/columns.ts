import { text } from 'drizzle-orm/sqlite-core';
import { v7 as uuidv7 } from 'uuid';

/** UUIDv7: opaque, time-sortable, not guessable from its neighbours. */
export const newId = (): string => uuidv7();
export const nowIso = (): string => new Date().toISOString();

export const id = () => text('id').primaryKey().$defaultFn(newId);
export const orgId = () => text('org_id').notNull();
/** ISO 8601 UTC strings: lexically sortable, and what the API returns as-is. */
export const timestamps = () => ({
  createdAt: text('created_at').notNull().$defaultFn(nowIso),
  updatedAt: text('updated_at').notNull().$defaultFn(nowIso).$onUpdateFn(nowIso),
});
