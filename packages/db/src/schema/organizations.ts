import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns.ts';

/** The agency. It is the tenant itself, hence the only table without org_id. */
export const organizations = sqliteTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  ...timestamps(),
});
