import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './client.ts';
import { recordedTenancyMismatches, type TenancyMismatch } from './tenancy.ts';

/** Beside the bundle (apps' dist/migrations) or in this package's source tree. */
export function defaultMigrationsFolder(): string {
  for (const candidate of ['./migrations', '../migrations']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${path}/meta/_journal.json`)) return path;
  }
  throw new Error('Database migrations folder not found');
}

export interface MigrationReport {
  /** Migrations applied by this call. */
  applied: number;
  /** Rows breaking a foreign key after those migrations (checked only when some were applied). */
  foreignKeyViolations: { table: string; rowid: number | null; parent: string }[];
  /** Cross-agency references a migration took out of the way, until a person empties the table. */
  tenancyMismatches: TenancyMismatch[];
}

async function appliedCount({ client }: Database): Promise<number> {
  const table = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  if (table.rows.length === 0) return 0;
  const { rows } = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
  return Number(rows[0]?.n ?? 0);
}

/**
 * Applies pending migrations; a no-op when the schema is current. The migrator turns foreign
 * keys off while it rebuilds tables, so the keys are checked once afterwards.
 */
export async function migrateDb(database: Database, migrationsFolder = defaultMigrationsFolder()): Promise<MigrationReport> {
  const before = await appliedCount(database);
  await migrate(database.db, { migrationsFolder });
  const applied = (await appliedCount(database)) - before;
  const violations = applied > 0 ? (await database.client.execute('PRAGMA foreign_key_check')).rows : [];
  return {
    applied,
    foreignKeyViolations: violations.map((r) => ({
      table: String(r.table),
      rowid: r.rowid === null ? null : Number(r.rowid),
      parent: String(r.parent),
    })),
    tenancyMismatches: await recordedTenancyMismatches(database),
  };
}
