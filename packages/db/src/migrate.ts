import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './client.ts';

/** Beside the bundle (apps' dist/migrations) or in this package's source tree. */
export function defaultMigrationsFolder(): string {
  for (const candidate of ['./migrations', '../migrations']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${path}/meta/_journal.json`)) return path;
  }
  throw new Error('Database migrations folder not found');
}

/** Applies pending migrations; a no-op when the schema is current. */
export async function migrateDb(database: Database, migrationsFolder = defaultMigrationsFolder()): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}
